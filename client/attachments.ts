// Refuses a file before uploading it, with a reason the person can act on, using the
// same limits the server enforces (the console and the widget alike), and which file a paste means.
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

/**
 * The file a paste carries, unless it carries text too: a copy from Word or a spreadsheet puts
 * a picture of the text beside it, and the text is what was meant.
 */
export function pastedFile(data: Pick<DataTransfer, "getData" | "files"> | null): File | undefined {
  if (!data || data.getData("text/plain")) return undefined;
  return data.files[0];
}
