// Refuses a file before uploading it, with a reason the person can act on, using the
// same limits the server enforces (the console and the widget alike).
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from "@raibu/protocol/limits";

export type AttachmentProblem = "fileTooLarge" | "fileType";

export function attachmentProblem(file: { size: number; type: string }): AttachmentProblem | null {
  if (file.size > MAX_ATTACHMENT_BYTES) return "fileTooLarge";
  // An empty type (the browser could not tell) is left to the server to judge.
  if (file.type && !(ATTACHMENT_TYPES as readonly string[]).includes(file.type)) return "fileType";
  return null;
}

/** For the file picker's `accept`, so unsendable files are greyed out to begin with. */
export const acceptedTypes = ATTACHMENT_TYPES.join(",");
