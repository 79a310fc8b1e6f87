// File sizes read the same in the console and the widget, in each one's language.
import { describe, expect, it } from "vitest";
import { formatBytes } from "../formatBytes";

describe("formatBytes", () => {
  // From the widget's tests.
  it("sizes read naturally in each language", () => {
    expect(formatBytes(512, "en")).toBe("512 B");
    expect(formatBytes(1536, "en")).toBe("1.5 KB");
    expect(formatBytes(10 * 1024 * 1024, "en")).toBe("10 MB");
    expect(formatBytes(1536, "fr")).toBe("1,5\u202fKo");
  });

  // From the console's tests; French now keeps number and unit together as the widget did.
  it("shows sizes in the console's language", () => {
    expect(formatBytes(39, "en")).toBe("39 B");
    expect(formatBytes(34 * 1024, "en")).toBe("34 KB");
    expect(formatBytes(2.5 * 1024 * 1024, "en")).toBe("2.5 MB");
    expect(formatBytes(2.5 * 1024 * 1024, "fr")).toBe("2,5\u202fMo");
  });
});
