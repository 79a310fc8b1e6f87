// "Last seen" reads as a time that moves: "Now", "3 minutes ago", "Yesterday", in both languages.
import { describe, expect, it } from "vitest";
import { relativeTime } from "../src/lib/relativeTime";

const NOW = Date.UTC(2026, 10, 30, 15, 0);
const ago = (seconds: number) => NOW - seconds * 1000;

describe("relativeTime", () => {
  it("says now for the last 45 seconds and for a clock a little ahead", () => {
    expect(relativeTime(ago(0), NOW, "en")).toBe("Now");
    expect(relativeTime(ago(44), NOW, "en")).toBe("Now");
    expect(relativeTime(NOW + 5000, NOW, "en")).toBe("Now");
    expect(relativeTime(ago(10), NOW, "fr")).toBe("Maintenant");
  });

  it("counts minutes, hours and days as they pass", () => {
    expect(relativeTime(ago(50), NOW, "en")).toBe("1 minute ago");
    expect(relativeTime(ago(3 * 60), NOW, "en")).toBe("3 minutes ago");
    expect(relativeTime(ago(3 * 60), NOW, "fr")).toBe("Il y a 3 minutes");
    expect(relativeTime(ago(2 * 3600), NOW, "en")).toBe("2 hours ago");
    expect(relativeTime(ago(26 * 3600), NOW, "en")).toBe("Yesterday");
    expect(relativeTime(ago(26 * 3600), NOW, "fr")).toBe("Hier");
    expect(relativeTime(ago(3 * 86_400), NOW, "en")).toBe("3 days ago");
    expect(relativeTime(ago(14 * 86_400), NOW, "en")).toBe("2 weeks ago");
  });

  it("gives the date after a month", () => {
    expect(relativeTime(Date.UTC(2026, 8, 1, 12), NOW, "en")).toBe("Sep 1, 2026");
  });
});
