// Chat attachments in R2: typed by what their bytes are (not by what the browser declared),
// named with the extension of that type, at most 10 MB, keyed under workspace/conversation,
// and recorded in D1's `uploads` so the cron can delete the files nobody ever sent.
import { and, inArray, isNull, lt } from "drizzle-orm";
import { fileTypeFromBlob } from "file-type/core";
import { getDb } from "../db/client";
import { uploads } from "../db/schema";
import type { Env } from "../env";
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from "@raibu/protocol/limits";
import type { Attachment } from "@raibu/protocol/realtime";
import { newId } from "./crypto";
import { ApiError, badRequest } from "./errors";

type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/** The extensions a file of each type may keep; the first is the one it gets otherwise. */
const EXTENSIONS: Record<AttachmentType, readonly string[]> = {
  "image/png": ["png"],
  "image/jpeg": ["jpg", "jpeg"],
  "image/gif": ["gif"],
  "image/webp": ["webp"],
  "application/pdf": ["pdf"],
  "text/plain": ["txt", "text", "log", "md"],
  "text/csv": ["csv"],
  "application/zip": ["zip"],
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ["docx"],
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ["xlsx"],
};

const TEXT_TYPES: readonly string[] = ["text/plain", "text/csv"];
const TEXT_SNIFF_BYTES = 8192;

const isAllowed = (type: string): type is AttachmentType => (ATTACHMENT_TYPES as readonly string[]).includes(type);

/** Text has no signature: it is text when its first bytes are UTF-8 without NUL. */
async function looksLikeText(file: Blob): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, TEXT_SNIFF_BYTES).arrayBuffer());
  if (head.includes(0)) return false;
  try {
    // A multi-byte character cut at the end of the sample is not an error.
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * The type the file's content shows. A declared type outside the allow-list is refused at
 * once; content of another kind than declared is refused unless the browser could not tell.
 */
export async function detectType(file: Blob): Promise<AttachmentType> {
  const declared = (file.type || "").split(";")[0]!.trim().toLowerCase();
  const undeclared = declared === "" || declared === "application/octet-stream";
  if (!undeclared && !isAllowed(declared)) {
    throw new ApiError(415 as never, "unsupported_type", "This type of file cannot be sent. Images, PDF, text, CSV, ZIP, Word and Excel files can.");
  }
  const found = (await fileTypeFromBlob(file))?.mime;
  if (found && isAllowed(found)) return found;
  // A Word or Excel file that file-type reads as a plain ZIP is still a ZIP: it is stored as one.
  if (!found && (undeclared || TEXT_TYPES.includes(declared)) && (await looksLikeText(file))) {
    return undeclared ? "text/plain" : (declared as AttachmentType);
  }
  if (undeclared) throw new ApiError(415 as never, "unsupported_type", "This type of file cannot be sent. Images, PDF, text, CSV, ZIP, Word and Excel files can.");
  throw badRequest("The file's content does not match its type.", "type_mismatch");
}

/** A safe file name whose extension is one of `type`'s (replacing or adding one as needed). */
export function nameForType(original: string, type: AttachmentType): string {
  const cleaned = original.replace(/[\u0000-\u001f\u007f\\/]/g, "_").trim();
  const dot = cleaned.lastIndexOf(".");
  const hasExtension = dot > 0 && /^[A-Za-z0-9]{1,10}$/.test(cleaned.slice(dot + 1));
  const base = (hasExtension ? cleaned.slice(0, dot) : cleaned) || "file";
  const extension = hasExtension ? cleaned.slice(dot + 1).toLowerCase() : "";
  const allowed = EXTENSIONS[type];
  const kept = allowed.includes(extension) ? extension : allowed[0]!;
  return `${base.slice(0, 255 - kept.length - 1)}.${kept}`;
}

export async function storeAttachment(env: Pick<Env, "ATTACHMENTS" | "DB">, workspaceId: string, conversationId: string, form: FormData): Promise<Attachment> {
  const file = form.get("file");
  if (!(file instanceof File)) throw badRequest("Send the file in a multipart field named file.");
  if (file.size === 0) throw badRequest("The file is empty.");
  if (file.size > MAX_ATTACHMENT_BYTES) throw new ApiError(413, "payload_too_large", "Files are limited to 10 MB.");
  const type = await detectType(file);
  const name = nameForType(file.name, type);
  const key = `${workspaceId}/${conversationId}/${newId()}`;
  // The row first: an object whose row failed to write would never be cleaned up.
  await getDb(env.DB).insert(uploads).values({ key, workspaceId, conversationId, createdAt: Date.now() });
  const stored = await env.ATTACHMENTS.put(key, file, { httpMetadata: { contentType: type }, customMetadata: { name } });
  return { key, name, size: stored.size, type };
}

/** Files never sent are deleted after this long. */
export const UNSENT_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000;
/** D1 binds at most 100 parameters per statement; one cron run handles a bounded number of batches. */
const SWEEP_BATCH = 90;
const SWEEP_MAX_BATCHES = 50;

/** Deletes the R2 objects and rows of uploads never sent and older than a day; returns how many. */
export async function deleteUnsentUploads(env: Pick<Env, "ATTACHMENTS" | "DB">, now = Date.now()): Promise<number> {
  const db = getDb(env.DB);
  const stale = and(isNull(uploads.sentAt), lt(uploads.createdAt, now - UNSENT_UPLOAD_TTL_MS));
  let deleted = 0;
  for (let batch = 0; batch < SWEEP_MAX_BATCHES; batch++) {
    const rows = await db.select({ key: uploads.key }).from(uploads).where(stale).limit(SWEEP_BATCH);
    if (rows.length === 0) break;
    const keys = rows.map((row) => row.key);
    // Objects first: should the rows' delete fail, the next run deletes them again, harmlessly.
    await env.ATTACHMENTS.delete(keys);
    await db.delete(uploads).where(inArray(uploads.key, keys));
    deleted += keys.length;
    if (rows.length < SWEEP_BATCH) break;
  }
  return deleted;
}
