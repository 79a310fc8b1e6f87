// Catching up after a reconnect, page by page: the server answers a resume with at most one page
// then a `state`; the client asks again from its highest contiguous seq until it holds the last.
import { describe, expect, it } from "vitest";
import type { Author, ChatMessage, ClientMessage } from "@raibu/protocol/realtime";
import { applyMessages, contiguousSeq, continueResume, emptyTimeline, framesAfterWelcome, type Timeline } from "../timeline";

const visitor: Author = { kind: "visitor", id: "v1", name: "Visitor #1234" };
const msg = (seq: number): ChatMessage => ({ seq, id: `m${seq}xxxxxxx`, author: visitor, text: `text ${seq}`, attachment: null, notice: null, createdAt: 1000 + seq });
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => msg(from + i));
const holding = (...pages: ChatMessage[][]): Timeline => pages.reduce((t, page) => applyMessages(t, page).timeline, emptyTimeline());

const PAGE = 500;
/** The server's answer to `resume {afterSeq}`: the first page after it, oldest first. */
const answer = (stored: number, afterSeq: number) => range(afterSeq + 1, Math.min(stored, afterSeq + PAGE));

describe("contiguousSeq", () => {
  it("is the highest seq reached from the oldest held message without a hole", () => {
    expect(contiguousSeq(emptyTimeline())).toBe(0);
    expect(contiguousSeq(holding(range(1, 50)))).toBe(50);
    expect(contiguousSeq(holding(range(1, 50), range(700, 800)))).toBe(50);
    expect(contiguousSeq(holding(range(300, 420)))).toBe(420);
  });
});

describe("resume", () => {
  it("fills a gap of 1,200 missed messages page by page until the client holds the last seq", () => {
    const stored = 1250;
    // Held 1–50 before the socket dropped; the new welcome brings the newest page, 751–1250.
    let timeline = holding(range(1, 50));
    const heldBefore = contiguousSeq(timeline);
    timeline = applyMessages(timeline, answer(stored, stored - PAGE)).timeline;
    const sent: ClientMessage[] = framesAfterWelcome(timeline, heldBefore, true);
    expect(sent).toEqual([{ type: "resume", afterSeq: 50 }]);

    let after: number | null = heldBefore;
    for (let round = 0; round < 10 && after !== null; round++) {
      const frame = sent.at(-1) as { type: "resume"; afterSeq: number };
      timeline = applyMessages(timeline, answer(stored, frame.afterSeq)).timeline;
      const next = continueResume(timeline, after, stored);
      after = next.after;
      if (next.resume) sent.push(next.resume);
    }
    expect(sent).toEqual([
      { type: "resume", afterSeq: 50 },
      { type: "resume", afterSeq: 550 },
    ]);
    expect(after).toBeNull();
    expect(timeline.messages.map((m) => m.seq)).toEqual(range(1, stored).map((m) => m.seq));
  });

  it("asks page after page when the welcome does not cover the end of the gap", () => {
    const stored = 3000;
    let timeline = holding(range(1, 10), range(2501, 3000));
    let after: number | null = 10;
    const asked: number[] = [10];
    while (after !== null) {
      timeline = applyMessages(timeline, answer(stored, asked.at(-1)!)).timeline;
      const next = continueResume(timeline, after, stored);
      after = next.after;
      if (next.resume?.type === "resume") asked.push(next.resume.afterSeq);
    }
    expect(asked).toEqual([10, 510, 1010, 1510, 2010]);
    expect(contiguousSeq(timeline)).toBe(stored);
  });

  it("a state frame that arrives before the answer asks nothing, so no page is asked twice", () => {
    const timeline = holding(range(1, 50), range(751, 1250));
    expect(continueResume(timeline, 50, 1250)).toEqual({ after: 50, resume: null });
  });

  it("stops once the last seq is held, and does nothing with no resume pending", () => {
    expect(continueResume(holding(range(1, 1250)), 550, 1250)).toEqual({ after: null, resume: null });
    expect(continueResume(holding(range(1, 50), range(751, 1250)), null, 1250)).toEqual({ after: null, resume: null });
  });
});
