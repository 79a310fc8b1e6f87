// The notice after « Mark as contact »: a save that joined an existing contact says so, in both languages.
import { describe, expect, it } from "vitest";
import { captureNoticeKey, captureOutcome } from "../src/lib/captureNotice";
import { en } from "../src/locales/en";
import { fr } from "../src/locales/fr";

describe("the capture notice", () => {
  it("a capture the server merged into an existing contact (mergedInto) says the visitor joined it; an ordinary save says saved", () => {
    expect(captureNoticeKey(captureOutcome({ mergedInto: "c-1" }))).toBe("contact.merged");
    expect(captureNoticeKey(captureOutcome({ mergedInto: null }))).toBe("contact.saved");
    expect(captureNoticeKey(captureOutcome({}))).toBe("contact.saved");
    expect(en["contact.merged"]).toMatch(/existing contact/);
    expect(fr["contact.merged"]).toMatch(/contact existant/);
  });
});
