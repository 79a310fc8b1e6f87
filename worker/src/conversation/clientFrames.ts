// Reading a conversation socket's frames. The frame sent most by far, a plain text message, is
// checked by hand (the schema's rules, nothing more); anything else, and anything the hand check
// is not sure of, goes to the protocol's schema, which then also words the error.
import { ClientMessageSchema, MAX_MESSAGE_LENGTH, type ClientMessage, type ServerError } from "@raibu/protocol/realtime";
import { describeIssues } from "../lib/errors";

/** The schema's client message id: 8–64 letters, digits, _ or -. */
const CLIENT_ID = /^[A-Za-z0-9_-]{8,64}$/;

type Read = { success: true; data: ClientMessage } | ReturnType<typeof ClientMessageSchema.safeParse>;

/**
 * Measured on workerd, where zod runs without code generation: its parse was about 5 % of the
 * object's CPU per message, a text frame's whole validation here a fraction of it.
 */
export function readClientFrame(data: unknown): Read {
  if (typeof data === "object" && data !== null) {
    const frame = data as { type?: unknown; id?: unknown; text?: unknown; attachment?: unknown };
    const { id, text } = frame;
    // UTF-16 units never undercount code points: a text within the limit in units is within it.
    if (frame.type === "message" && frame.attachment === undefined && typeof id === "string" && CLIENT_ID.test(id) && typeof text === "string" && text.length <= MAX_MESSAGE_LENGTH) {
      return { success: true, data: { type: "message", id, text } };
    }
  }
  return ClientMessageSchema.safeParse(data);
}

/** An invalid frame's error, naming the message it refuses when the frame says which. */
export function frameError(issues: ReadonlyArray<{ code: string; path: PropertyKey[]; message: string }>, data: unknown): ServerError {
  const id = frameId(data);
  const tooLong = issues.some((issue) => issue.code === "too_big" && issue.path[0] === "text");
  return { type: "error", code: tooLong ? "message_too_long" : "invalid_frame", message: describeIssues(issues), ...(id ? { id } : {}) };
}

/** The id a frame names, when it has one, so a refusal can say which message it refuses. */
export function frameId(data: unknown): string | undefined {
  const id = typeof data === "object" && data !== null ? (data as { id?: unknown }).id : undefined;
  return typeof id === "string" && id.length <= 64 ? id : undefined;
}
