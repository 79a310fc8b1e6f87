// The same merge seen from the widget: the visitor's outbox, reconnects and the bot's buttons.
import { describe, expect, it } from "vitest";
import type { Author, ChatMessage } from "@raibu/protocol/realtime";
import {
  applyAck,
  applyMessages,
  choiceMessage,
  emptyTimeline,
  enqueue,
  framesAfterWelcome,
  lastSeq,
  markFailed,
  markPending,
  outgoingFrame,
  timelineItems,
  type OutgoingMessage,
  type Timeline,
} from "../timeline";

const visitor: Author = { kind: "visitor", id: "v1", name: "Visitor 1" };
const bot: Author = { kind: "bot", id: null, name: null };

function msg(seq: number, id = `m${seq}xxxxxx`, author: Author = bot, text = `text ${seq}`): ChatMessage {
  return { seq, id, author, text, attachment: null, notice: null, createdAt: 1_000 + seq };
}

function out(id: string, text = id): OutgoingMessage {
  return { id, text, attachment: null, createdAt: 5_000, state: "pending", error: null };
}

const seqs = (t: Timeline) => t.messages.map((m) => m.seq);

describe("merging messages", () => {
  it("keeps one copy of a message received twice, the newest copy winning", () => {
    const first = applyMessages(emptyTimeline(), [msg(1), msg(2)]).timeline;
    const { timeline, added } = applyMessages(first, [msg(2, "m2xxxxxx", bot, "edited"), msg(3)]);
    expect(seqs(timeline)).toEqual([1, 2, 3]);
    expect(timeline.messages[1].text).toBe("edited");
    expect(added.map((m) => m.seq)).toEqual([3]);
  });

  it("a replay of everything held adds nothing", () => {
    const first = applyMessages(emptyTimeline(), [msg(1), msg(2)]).timeline;
    expect(applyMessages(first, [msg(1), msg(2)]).added).toEqual([]);
  });

  it("an empty timeline holds seq 0", () => {
    expect(lastSeq(emptyTimeline())).toBe(0);
  });
});

describe("the outbox", () => {
  it("an ack turns the pending message into a stored one at its seq", () => {
    let timeline = applyMessages(emptyTimeline(), [msg(1)]).timeline;
    timeline = enqueue(timeline, out("aaaaaaaa", "hello"));
    expect(timelineItems(timeline, visitor).map((i) => [i.id, i.state])).toEqual([
      ["m1xxxxxx", "sent"],
      ["aaaaaaaa", "pending"],
    ]);
    timeline = applyAck(timeline, "aaaaaaaa", 2, visitor);
    expect(timeline.outbox).toEqual([]);
    expect(timeline.messages.at(-1)).toMatchObject({ seq: 2, id: "aaaaaaaa", text: "hello", author: visitor });
    expect(timelineItems(timeline, visitor).at(-1)?.state).toBe("sent");
  });

  it("the server's copy of our own message replaces the pending one, with no duplicate", () => {
    let timeline = enqueue(emptyTimeline(), out("aaaaaaaa", "hi"));
    timeline = applyMessages(timeline, [msg(7, "aaaaaaaa", visitor, "hi")]).timeline;
    timeline = applyAck(timeline, "aaaaaaaa", 7, visitor);
    expect(timeline.outbox).toEqual([]);
    expect(timeline.messages.map((m) => m.id)).toEqual(["aaaaaaaa"]);
  });

  it("an ack that arrives after the broadcast keeps the one stored copy", () => {
    let timeline = enqueue(emptyTimeline(), out("aaaaaaaa"));
    timeline = applyAck(timeline, "aaaaaaaa", 3, visitor);
    timeline = applyMessages(timeline, [msg(3, "aaaaaaaa", visitor, "aaaaaaaa")]).timeline;
    expect(timeline.messages).toHaveLength(1);
  });

  it("pending messages are listed after the stored ones, in the order they were written", () => {
    let timeline = enqueue(enqueue(emptyTimeline(), out("bbbbbbbb")), out("aaaaaaaa"));
    timeline = applyMessages(timeline, [msg(1)]).timeline;
    expect(timelineItems(timeline, visitor).map((i) => i.id)).toEqual(["m1xxxxxx", "bbbbbbbb", "aaaaaaaa"]);
  });
});

describe("after a reconnect", () => {
  it("resumes from the last seq held before the welcome and resends unacknowledged messages with their ids", () => {
    let timeline = applyMessages(emptyTimeline(), [msg(1), msg(2)]).timeline;
    timeline = enqueue(timeline, out("aaaaaaaa", "first"));
    timeline = enqueue(timeline, out("bbbbbbbb", "second"));
    timeline = applyAck(timeline, "aaaaaaaa", 3, visitor);

    // The socket drops; the new socket's welcome holds only the latest messages.
    const heldBefore = lastSeq(timeline);
    timeline = applyMessages(timeline, [msg(9)]).timeline;
    expect(framesAfterWelcome(timeline, heldBefore, true)).toEqual([
      { type: "resume", afterSeq: 3 },
      { type: "message", id: "bbbbbbbb", text: "second" },
    ]);

    // The resume fills the gap, the resent message is acknowledged once.
    timeline = applyMessages(timeline, [msg(4), msg(5, "bbbbbbbb", visitor, "second")]).timeline;
    timeline = applyAck(timeline, "bbbbbbbb", 5, visitor);
    expect(seqs(timeline)).toEqual([1, 2, 3, 4, 5, 9]);
    expect(timeline.outbox).toEqual([]);
    expect(framesAfterWelcome(timeline, lastSeq(timeline), true)).toEqual([{ type: "resume", afterSeq: 9 }]);
  });

  it("the first welcome of a conversation sends no resume, only what was written before it", () => {
    const timeline = enqueue(emptyTimeline(), out("aaaaaaaa"));
    expect(framesAfterWelcome(timeline, 0, false)).toEqual([{ type: "message", id: "aaaaaaaa", text: "aaaaaaaa" }]);
  });

  it("a message the server refused is not resent until the visitor retries it", () => {
    let timeline = enqueue(emptyTimeline(), out("aaaaaaaa"));
    timeline = markFailed(timeline, "aaaaaaaa", "Too long");
    expect(timelineItems(timeline, visitor)[0]).toMatchObject({ state: "failed", error: "Too long" });
    expect(framesAfterWelcome(timeline, 0, true)).toEqual([]);
    timeline = markPending(timeline, "aaaaaaaa");
    expect(framesAfterWelcome(timeline, 0, true)).toHaveLength(1);
  });
});

describe("picking a bot's button", () => {
  const pick = choiceMessage("cccccccc", "step-1", { id: "sales", label: "Sales" }, 5_000);

  it("shows the button's label at once as the visitor's own pending message", () => {
    const timeline = enqueue(applyMessages(emptyTimeline(), [msg(1)]).timeline, pick);
    expect(timelineItems(timeline, visitor).at(-1)).toMatchObject({ id: "cccccccc", author: visitor, text: "Sales", seq: null, state: "pending" });
  });

  it("is sent as a choice frame naming the step and the button, with the message's id", () => {
    expect(outgoingFrame(pick)).toEqual({ type: "choice", id: "cccccccc", stepId: "step-1", choiceId: "sales" });
    expect(outgoingFrame(out("aaaaaaaa", "hi"))).toEqual({ type: "message", id: "aaaaaaaa", text: "hi" });
  });

  it("an ack stores it as the visitor's message with the label", () => {
    const timeline = applyAck(enqueue(emptyTimeline(), pick), "cccccccc", 2, visitor);
    expect(timeline.outbox).toEqual([]);
    expect(timeline.messages).toEqual([{ seq: 2, id: "cccccccc", author: visitor, text: "Sales", attachment: null, notice: null, createdAt: 5_000 }]);
  });

  it("is resent as the same choice after a reconnect, in the order it was made", () => {
    const timeline = enqueue(enqueue(applyMessages(emptyTimeline(), [msg(1)]).timeline, out("aaaaaaaa", "hi")), pick);
    expect(framesAfterWelcome(timeline, 1, true)).toEqual([
      { type: "resume", afterSeq: 1 },
      { type: "message", id: "aaaaaaaa", text: "hi" },
      { type: "choice", id: "cccccccc", stepId: "step-1", choiceId: "sales" },
    ]);
  });

  it("a refused pick waits for a retry like a refused message", () => {
    let timeline = markFailed(enqueue(emptyTimeline(), pick), "cccccccc", "That step has passed.");
    expect(framesAfterWelcome(timeline, 0, true)).toEqual([]);
    timeline = markPending(timeline, "cccccccc");
    expect(framesAfterWelcome(timeline, 0, true)).toEqual([{ type: "choice", id: "cccccccc", stepId: "step-1", choiceId: "sales" }]);
  });
});
