import { describe, expect, it } from "vitest";
import { MAX_ATTACHMENT_BYTES } from "@raibu/protocol/limits";
import { attachmentProblem } from "../src/app/attachmentCheck";
import { safeUrl } from "../src/app/safeUrl";
import { readableOn } from "../src/app/theme";

describe("widget helpers", () => {
  it("refuses files over 10 MB and types the server refuses, before uploading", () => {
    expect(attachmentProblem({ size: MAX_ATTACHMENT_BYTES + 1, type: "image/png" })).toBe("fileTooLarge");
    expect(attachmentProblem({ size: MAX_ATTACHMENT_BYTES, type: "image/png" })).toBeNull();
    expect(attachmentProblem({ size: 10, type: "application/x-msdownload" })).toBe("fileType");
    expect(attachmentProblem({ size: 10, type: "" })).toBeNull();
  });

  it("only opens http(s) and blob: links", () => {
    const base = "https://chat.example/widget/";
    expect(safeUrl("/api/files/k?exp=1&sig=2", base)).toBe("https://chat.example/api/files/k?exp=1&sig=2");
    expect(safeUrl("blob:https://chat.example/123", base)).toBe("blob:https://chat.example/123");
    expect(safeUrl("javascript:alert(1)", base)).toBeUndefined();
    expect(safeUrl("data:text/html,hi", base)).toBeUndefined();
    expect(safeUrl("", base)).toBeUndefined();
  });

  it("puts readable text on any accent colour", () => {
    expect(readableOn("#2563eb")).toBe("#ffffff");
    expect(readableOn("#facc15")).toBe("#111827");
    expect(readableOn("#000000")).toBe("#ffffff");
    expect(readableOn("#ffffff")).toBe("#111827");
  });
});
