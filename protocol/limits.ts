// Limits shared by the server and both front ends (kept free of zod so the widget stays small).
export const MAX_MESSAGE_LENGTH = 4000;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_NOTE_LENGTH = 2000;
/** A visitor's comment with their rating of a conversation. */
export const RATING_COMMENT_MAX = 1000;
/** How many earlier conversations a returning visitor's widget shows. */
export const WIDGET_HISTORY_CONVERSATIONS = 3;
/** Messages one conversation holds at most (every kind counts); past it, `conversation_full`. */
export const MAX_CONVERSATION_MESSAGES = 10_000;
/** Types a visitor or agent may attach; anything else is refused. */
export const ATTACHMENT_TYPES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
  "text/plain",
  "text/csv",
  "application/zip",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
] as const;
