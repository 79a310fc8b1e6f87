// The message merge of both front ends, seen from the console: ordered by seq, stored once per id, unacknowledged messages resent.
import { describe, expect, it } from "vitest";
import type { Author, ChatMessage } from "@raibu/protocol/realtime";
import {
  applyAck,
  applyMessages,
  discard,
  emptyTimeline,
  enqueue,
  framesAfterWelcome,
  isMessageId,
  lastOwnSeq,
  lastSeq,
  markFailed,
  markPending,
  newMessageId,
  timelineItems,
  type OutgoingMessage,
} from "../timeline";

const visitor: Author = { kind: "visitor", id: "v1", name: "Visitor #1234" };
const me: Author = { kind: "agent", id: "u1", name: "Alex Martin" };

const msg = (seq: number, id = `m${seq}xxxxxxx`, author: Author = visitor, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  seq,
  id,
  author,
  text: `text ${seq}`,
  attachment: null,
  notice: null,
  createdAt: 1000 + seq,
  ...extra,
});

const outgoing = (id: string, text = "hello"): OutgoingMessage => ({ id, text, attachment: null, createdAt: 5000, state: "pending", error: null });

describe("applyMessages", () => {
  it("orders messages by seq whatever order they arrive in", () => {
    const { timeline } = applyMessages(emptyTimeline(), [msg(3), msg(1), msg(2)]);
    expect(timeline.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    const later = applyMessages(timeline, [msg(5), msg(4)]).timeline;
    expect(later.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it("stores a message once however often it arrives, and reports only new ones as added", () => {
    const first = applyMessages(emptyTimeline(), [msg(1), msg(2)]);
    const again = applyMessages(first.timeline, [msg(2), msg(3), msg(3)]);
    expect(again.timeline.messages.map((m) => m.id)).toEqual(["m1xxxxxxx", "m2xxxxxxx", "m3xxxxxxx"]);
    expect(again.added.map((m) => m.seq)).toEqual([3]);
  });

  it("lets the server's copy replace a held one, so a signed attachment link shows", () => {
    const held = applyMessages(emptyTimeline(), [msg(1, "file-message", me, { attachment: { key: "k", name: "a.png", size: 3, type: "image/png", url: "blob:x" } })]);
    const signed = applyMessages(held.timeline, [msg(1, "file-message", me, { attachment: { key: "k", name: "a.png", size: 3, type: "image/png", url: "https://x/api/files/k?t=1" } })]);
    expect(signed.timeline.messages[0]!.attachment!.url).toBe("https://x/api/files/k?t=1");
    expect(signed.added).toEqual([]);
  });

  it("takes a message out of the outbox when the server sends it back stored", () => {
    const queued = enqueue(emptyTimeline(), outgoing("mine-0001"));
    const { timeline } = applyMessages(queued, [msg(7, "mine-0001", me)]);
    expect(timeline.outbox).toEqual([]);
    expect(timeline.messages.map((m) => m.id)).toEqual(["mine-0001"]);
  });
});

describe("applyAck", () => {
  it("turns an acknowledged outbox message into a stored message by its author", () => {
    const queued = enqueue(applyMessages(emptyTimeline(), [msg(1), msg(3)]).timeline, outgoing("mine-0001", "Hi there"));
    const acked = applyAck(queued, "mine-0001", 2, me);
    expect(acked.outbox).toEqual([]);
    expect(acked.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(acked.messages[1]).toMatchObject({ id: "mine-0001", author: me, text: "Hi there", seq: 2 });
  });

  it("ignores a second ack for the same id", () => {
    const acked = applyAck(enqueue(emptyTimeline(), outgoing("mine-0001")), "mine-0001", 1, me);
    expect(applyAck(acked, "mine-0001", 1, me)).toBe(acked);
  });
});

describe("outbox", () => {
  it("resends every pending message with its original id after a reconnect, after resuming", () => {
    let timeline = applyMessages(emptyTimeline(), [msg(1), msg(2)]).timeline;
    timeline = enqueue(timeline, outgoing("first-0001", "one"));
    timeline = enqueue(timeline, outgoing("second-001", "two"));
    timeline = markFailed(timeline, "second-001", "refused");
    timeline = enqueue(timeline, outgoing("third-0001", "three"));
    expect(framesAfterWelcome(timeline, 2, true)).toEqual([
      { type: "resume", afterSeq: 2 },
      { type: "message", id: "first-0001", text: "one" },
      { type: "message", id: "third-0001", text: "three" },
    ]);
  });

  it("does not resume on a first connection, but still sends what was written before it", () => {
    const timeline = enqueue(emptyTimeline(), outgoing("early-0001"));
    expect(framesAfterWelcome(timeline, 0, false)).toEqual([{ type: "message", id: "early-0001", text: "hello" }]);
  });

  it("sends only the stored fields of an attachment, never the local preview link", () => {
    const timeline = enqueue(emptyTimeline(), { ...outgoing("file-00001", ""), attachment: { key: "w/c/f", name: "a.png", size: 10, type: "image/png", url: "blob:local" } });
    expect(framesAfterWelcome(timeline, 0, false)).toEqual([
      { type: "message", id: "file-00001", text: "", attachment: { key: "w/c/f", name: "a.png", size: 10, type: "image/png" } },
    ]);
  });

  it("a refused message can be sent again or discarded", () => {
    let timeline = markFailed(enqueue(emptyTimeline(), outgoing("retry-0001")), "retry-0001", "Not allowed");
    expect(timeline.outbox[0]).toMatchObject({ state: "failed", error: "Not allowed" });
    timeline = markPending(timeline, "retry-0001");
    expect(timeline.outbox[0]).toMatchObject({ state: "pending", error: null });
    expect(discard(timeline, "retry-0001").outbox).toEqual([]);
  });
});

describe("timeline items", () => {
  it("lists stored messages by seq, then the outbox in writing order, as mine", () => {
    let timeline = applyMessages(emptyTimeline(), [msg(2), msg(1)]).timeline;
    timeline = enqueue(timeline, outgoing("b-00000001", "b"));
    timeline = enqueue(timeline, outgoing("a-00000001", "a"));
    const items = timelineItems(timeline, me);
    expect(items.map((i) => [i.seq, i.state])).toEqual([
      [1, "sent"],
      [2, "sent"],
      [null, "pending"],
      [null, "pending"],
    ]);
    expect(items.slice(2).map((i) => i.text)).toEqual(["b", "a"]);
    expect(items[2]!.author).toEqual(me);
    expect(lastSeq(timeline)).toBe(2);
  });

  it("finds my last stored message, for the Seen mark", () => {
    const timeline = applyMessages(emptyTimeline(), [msg(1, "a-00000001", me), msg(2), msg(3, "c-00000001", { ...me, id: "other" })]).timeline;
    expect(lastOwnSeq(timeline, "u1")).toBe(1);
    expect(lastOwnSeq(timeline, "nobody")).toBeNull();
  });
});

describe("message ids", () => {
  it("are within the protocol's 8–64 characters of [A-Za-z0-9_-]", () => {
    for (let i = 0; i < 20; i++) expect(isMessageId(newMessageId())).toBe(true);
    expect(isMessageId("short")).toBe(false);
    expect(isMessageId("has spaces in it")).toBe(false);
  });
});
