// A conversation's messages as a front end holds them (the console for an agent, the widget
// for a visitor), as pure data: stored messages merged by id and ordered by seq, the outbox of
// this side's messages (and a visitor's button picks) not yet acknowledged, and the frames to
// send after a (re)connect. No I/O here, so the rules are tested without a socket.
import type { Attachment, Author, ChatMessage, ClientMessage, SystemNotice } from "@raibu/protocol/realtime";

/** An attachment with a link to show it: the server's signed URL, or a local blob: URL until then. */
export type ShownAttachment = Attachment & { url: string };

export interface OutgoingMessage {
  id: string;
  text: string;
  attachment: ShownAttachment | null;
  createdAt: number;
  state: "pending" | "failed";
  error: string | null;
  /** Set when the visitor picked one of the bot's buttons: sent as a `choice` frame, shown as the button's label. */
  choice?: { stepId: string; choiceId: string };
}

export interface Timeline {
  /** Stored messages: unique ids, ascending seq. */
  messages: ChatMessage[];
  /** Messages written here and not acknowledged yet, in the order they were written. */
  outbox: OutgoingMessage[];
}

/** One row of the message list, stored or still in the outbox. */
export interface TimelineItem {
  id: string;
  seq: number | null;
  author: Author;
  text: string;
  attachment: ShownAttachment | null;
  notice: SystemNotice | null;
  createdAt: number;
  state: "sent" | "pending" | "failed";
  error: string | null;
}

export const emptyTimeline = (): Timeline => ({ messages: [], outbox: [] });

const bySeq = (a: ChatMessage, b: ChatMessage) => a.seq - b.seq;

/**
 * Merges messages from the server. A message already held (same id) is replaced by the
 * server's copy, which carries the signed attachment link; one matching an outbox entry
 * leaves the outbox. `added` lists the messages that were not held before.
 */
export function applyMessages(timeline: Timeline, incoming: readonly ChatMessage[]): { timeline: Timeline; added: ChatMessage[] } {
  if (incoming.length === 0) return { timeline, added: [] };
  const byId = new Map(timeline.messages.map((m) => [m.id, m]));
  const added: ChatMessage[] = [];
  for (const message of incoming) {
    const held = byId.get(message.id);
    if (!held) added.push(message);
    // A copy without a link (our own ack) never hides the signed one we already have.
    byId.set(message.id, held?.attachment?.url && message.attachment && !message.attachment.url ? { ...message, attachment: held.attachment } : message);
  }
  const ids = new Set(incoming.map((m) => m.id));
  const outbox = timeline.outbox.filter((o) => !ids.has(o.id));
  return {
    timeline: { messages: [...byId.values()].sort(bySeq), outbox: outbox.length === timeline.outbox.length ? timeline.outbox : outbox },
    added: added.sort(bySeq),
  };
}

/**
 * The server stored an outbox message as `seq`: it becomes a stored message by `author`
 * (the server does not echo a sender's own text). An ack for an id not in the outbox,
 * such as a second ack after a resend, changes nothing.
 */
export function applyAck(timeline: Timeline, id: string, seq: number, author: Author): Timeline {
  const entry = timeline.outbox.find((o) => o.id === id);
  if (!entry) return timeline;
  const outbox = timeline.outbox.filter((o) => o !== entry);
  if (timeline.messages.some((m) => m.id === id)) return { messages: timeline.messages, outbox };
  const stored: ChatMessage = { seq, id, author, text: entry.text, attachment: entry.attachment, notice: null, createdAt: entry.createdAt };
  return { messages: [...timeline.messages, stored].sort(bySeq), outbox };
}

export function enqueue(timeline: Timeline, message: OutgoingMessage): Timeline {
  return { messages: timeline.messages, outbox: [...timeline.outbox, message] };
}

/** The server refused this message (an `error` frame naming its id): it is no longer resent. */
export function markFailed(timeline: Timeline, id: string, error: string): Timeline {
  if (!timeline.outbox.some((o) => o.id === id)) return timeline;
  return { messages: timeline.messages, outbox: timeline.outbox.map((o) => (o.id === id ? { ...o, state: "failed" as const, error } : o)) };
}

/** The writer sends a refused message again, with the same id. */
export function markPending(timeline: Timeline, id: string): Timeline {
  return { messages: timeline.messages, outbox: timeline.outbox.map((o) => (o.id === id ? { ...o, state: "pending" as const, error: null } : o)) };
}

/** The writer gives up on a refused message. */
export function discard(timeline: Timeline, id: string): Timeline {
  return { messages: timeline.messages, outbox: timeline.outbox.filter((o) => o.id !== id) };
}

export function isInOutbox(timeline: Timeline, id: string): boolean {
  return timeline.outbox.some((o) => o.id === id);
}

/** The highest seq held, 0 when none. */
export function lastSeq(timeline: Timeline): number {
  return timeline.messages.at(-1)?.seq ?? 0;
}

/**
 * The highest seq held with nothing missing from the oldest held message up to it, 0 when none.
 * Below it the timeline has no hole; above it a reconnect may have left one.
 */
export function contiguousSeq(timeline: Timeline): number {
  const messages = timeline.messages;
  if (messages.length === 0) return 0;
  let reached = messages[0]!.seq;
  for (let i = 1; i < messages.length && messages[i]!.seq === reached + 1; i++) reached += 1;
  return reached;
}

/**
 * Called with each `state` frame while a resume from `after` is pending (null: none). The server
 * answers a resume with at most one page, then a `state` naming the last seq: while a hole is
 * left below it, the next page is asked from the highest contiguous seq. A `state` that brought
 * nothing new (one sent before the answer) changes nothing, so a resume is never repeated.
 */
export function continueResume(timeline: Timeline, after: number | null, conversationLastSeq: number): { after: number | null; resume: ClientMessage | null } {
  if (after === null) return { after: null, resume: null };
  const reached = contiguousSeq(timeline);
  if (reached >= conversationLastSeq) return { after: null, resume: null };
  if (reached <= after) return { after, resume: null };
  return { after: reached, resume: { type: "resume", afterSeq: reached } };
}

/** The visitor's pick of a bot's button, shown at once as their own message with the button's label. */
export function choiceMessage(id: string, stepId: string, choice: { id: string; label: string }, createdAt: number): OutgoingMessage {
  return { id, text: choice.label, attachment: null, createdAt, state: "pending", error: null, choice: { stepId, choiceId: choice.id } };
}

/** The frame that sends an outbox entry: a `choice` for a picked button, a `message` otherwise. */
export function outgoingFrame(message: OutgoingMessage): ClientMessage {
  if (message.choice) return { type: "choice", id: message.id, ...message.choice };
  const frame: ClientMessage = { type: "message", id: message.id, text: message.text };
  // Only the stored fields: a blob: preview link means nothing to the server.
  if (message.attachment) {
    const { key, name, size, type } = message.attachment;
    frame.attachment = { key, name, size, type };
  }
  return frame;
}

/**
 * What to send once a socket is welcomed. After a reconnect, `resume` from the highest
 * contiguous seq held before this socket (`contiguousSeq`: the welcome carries only recent
 * history, so resuming from what it brought could skip a gap; `continueResume` asks the
 * next pages); then every pending outbox message with its original id, which the server
 * stores at most once.
 */
export function framesAfterWelcome(timeline: Timeline, heldBefore: number, reconnect: boolean): ClientMessage[] {
  const frames: ClientMessage[] = [];
  if (reconnect && heldBefore > 0) frames.push({ type: "resume", afterSeq: heldBefore });
  for (const message of timeline.outbox) if (message.state === "pending") frames.push(outgoingFrame(message));
  return frames;
}

/** The rows to show: stored messages by seq, then the outbox in the order it was written. */
export function timelineItems(timeline: Timeline, me: Author): TimelineItem[] {
  const stored = timeline.messages.map(
    (m): TimelineItem => ({ id: m.id, seq: m.seq, author: m.author, text: m.text, attachment: m.attachment, notice: m.notice, createdAt: m.createdAt, state: "sent", error: null }),
  );
  const outgoing = timeline.outbox.map(
    (o): TimelineItem => ({ id: o.id, seq: null, author: me, text: o.text, attachment: o.attachment, notice: null, createdAt: o.createdAt, state: o.state, error: o.error }),
  );
  return [...stored, ...outgoing];
}

/** The seq of the last stored message written by agent `agentId`, or null. */
export function lastOwnSeq(timeline: Timeline, agentId: string): number | null {
  for (let i = timeline.messages.length - 1; i >= 0; i--) {
    const m = timeline.messages[i]!;
    if (m.author.kind === "agent" && m.author.id === agentId) return m.seq;
  }
  return null;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const isMessageId = (id: string) => ID_PATTERN.test(id);

/** A client message id: 32 hex characters, within the protocol's 8–64 of [A-Za-z0-9_-]. */
export function newMessageId(): string {
  // randomUUID exists only in secure contexts; a console or widget on plain http in a LAN still needs ids.
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID().replace(/-/g, "");
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}
