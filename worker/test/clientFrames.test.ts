// The hand-checked text message frame never disagrees with the protocol's schema.
import { describe, expect, it } from "vitest";
import { ClientMessageSchema, MAX_MESSAGE_LENGTH } from "@raibu/protocol/realtime";
import { readClientFrame } from "../src/conversation/clientFrames";

const frames: Record<string, unknown> = {
  "a plain message": { type: "message", id: "msg-12345678", text: "Hello" },
  "an empty text": { type: "message", id: "msg-12345678", text: "" },
  "no text at all": { type: "message", id: "msg-12345678" },
  "a text at the limit": { type: "message", id: "msg-12345678", text: "x".repeat(MAX_MESSAGE_LENGTH) },
  "a text one over the limit": { type: "message", id: "msg-12345678", text: "x".repeat(MAX_MESSAGE_LENGTH + 1) },
  "a text over the limit in units but not in code points": { type: "message", id: "msg-12345678", text: "😀".repeat(MAX_MESSAGE_LENGTH / 2 + 1) },
  "a text over the limit in code points": { type: "message", id: "msg-12345678", text: "😀".repeat(MAX_MESSAGE_LENGTH + 1) },
  "fields the protocol does not know": { type: "message", id: "msg-12345678", text: "Hi", seq: 4, author: "admin" },
  "a file": { type: "message", id: "msg-12345678", text: "", attachment: { key: "ws/conv/file.png", name: "x" } },
  "a number as text": { type: "message", id: "msg-12345678", text: 42 },
  "an id too short": { type: "message", id: "short", text: "Hi" },
  "an id too long": { type: "message", id: "x".repeat(65), text: "Hi" },
  "an id of 64": { type: "message", id: "x".repeat(64), text: "Hi" },
  "an id with a space": { type: "message", id: "msg 12345678", text: "Hi" },
  "an id with a newline at the end": { type: "message", id: "msg-12345678\n", text: "Hi" },
  "a number as id": { type: "message", id: 12345678, text: "Hi" },
  "a typing frame": { type: "typing", typing: true },
  "a read frame": { type: "read", seq: 3 },
  "an unknown type": { type: "shout", id: "msg-12345678", text: "Hi" },
  "an array": [{ type: "message", id: "msg-12345678", text: "Hi" }],
  "null": null,
  "a string": "message",
};

describe("reading a frame", () => {
  for (const [what, frame] of Object.entries(frames)) {
    it(`${what}: read exactly as the schema reads it`, () => {
      const read = readClientFrame(frame);
      const schema = ClientMessageSchema.safeParse(frame);
      expect(read.success).toBe(schema.success);
      if (read.success && schema.success) {
        expect(read.data).toStrictEqual(schema.data);
        expect(Object.keys(read.data)).toEqual(Object.keys(schema.data));
      } else if (!read.success && !schema.success) {
        expect(read.error.issues).toEqual(schema.error.issues);
      }
    });
  }
});
