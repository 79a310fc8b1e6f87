// Chat attachments in R2: type-checked on the way in (declared type on the allow-list and
// matching the file's first bytes), at most 10 MB, keyed under workspace/conversation.
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from "../protocol/limits";
import type { Attachment } from "../protocol/realtime";
import { newId } from "./crypto";
import { ApiError, badRequest } from "./errors";

function startsWith(bytes: Uint8Array, signature: number[], offset = 0) {
  return signature.every((b, i) => bytes[offset + i] === b);
}

/** Whether the file's first bytes are those of its declared type. */
export function contentMatchesType(type: string, head: Uint8Array): boolean {
  switch (type) {
    case "image/png":
      return startsWith(head, [0x89, 0x50, 0x4e, 0x47]);
    case "image/jpeg":
      return startsWith(head, [0xff, 0xd8, 0xff]);
    case "image/gif":
      return startsWith(head, [0x47, 0x49, 0x46, 0x38]);
    case "image/webp":
      return startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head, [0x57, 0x45, 0x42, 0x50], 8);
    case "application/pdf":
      return startsWith(head, [0x25, 0x50, 0x44, 0x46]);
    case "application/zip":
    case "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
    case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
      return startsWith(head, [0x50, 0x4b, 0x03, 0x04]);
    case "text/plain":
    case "text/csv":
      return !head.includes(0);
    default:
      return false;
  }
}

export async function storeAttachment(bucket: R2Bucket, workspaceId: string, conversationId: string, form: FormData): Promise<Attachment> {
  const file = form.get("file");
  if (!(file instanceof File)) throw badRequest("Send the file in a multipart field named file.");
  if (file.size === 0) throw badRequest("The file is empty.");
  if (file.size > MAX_ATTACHMENT_BYTES) throw new ApiError(413, "payload_too_large", "Files are limited to 10 MB.");
  const type = (file.type || "application/octet-stream").split(";")[0]!.toLowerCase();
  if (!(ATTACHMENT_TYPES as readonly string[]).includes(type)) {
    throw new ApiError(415 as never, "unsupported_type", "This type of file cannot be sent. Images, PDF, text, CSV, ZIP, Word and Excel files can.");
  }
  const head = new Uint8Array(await file.slice(0, 16).arrayBuffer());
  if (!contentMatchesType(type, head)) throw badRequest("The file's content does not match its type.", "type_mismatch");
  const name = file.name.replace(/[\u0000-\u001f\\/]/g, "_").slice(0, 255) || "file";
  const key = `${workspaceId}/${conversationId}/${newId()}`;
  await bucket.put(key, file.stream(), {
    httpMetadata: { contentType: type },
    customMetadata: { name },
  });
  return { key, name, size: file.size, type };
}
