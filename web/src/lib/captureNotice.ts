// What the visitor panel says after « Mark as contact »: saved, or joined the existing contact
// that has this email (the server's `mergedInto`).
import type { MessageKey } from "./i18n";

export type CaptureOutcome = "saved" | "merged";

export function captureOutcome(answer: { mergedInto?: string | null }): CaptureOutcome {
  return answer.mergedInto ? "merged" : "saved";
}

export const captureNoticeKey = (outcome: CaptureOutcome): MessageKey => (outcome === "merged" ? "contact.merged" : "contact.saved");
