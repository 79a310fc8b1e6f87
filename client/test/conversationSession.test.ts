// The conversation session both front ends run, driven through a scripted socket with a fake
// clock: what it sends and when, what it shows, and how an agent's and a visitor's differ.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Author, ChatMessage, ClientMessage, ConversationView, ServerMessage } from "@raibu/protocol/realtime";
import { openConversationSession, TYPING_EXPIRES_MS, TYPING_IDLE_MS, type SessionOptions, type SessionState, type Side } from "../conversationSession";
import { DEFAULT_RETRY_MS } from "../rateLimit";
import { conversationView } from "./fixtures";
import { installBrowser, latest, uninstallBrowser } from "./scriptedSocket";

const AGENT: Author = { kind: "agent", id: "u1", name: "Alex" };
const VISITOR: Author = { kind: "visitor", id: "v1", name: "Visitor #1" };
const BOT: Author = { kind: "bot", id: null, name: "Raibu" };

const view = (over: Partial<ConversationView> = {}) => conversationView({ status: "live", assignee: { id: "u1", name: "Alex" }, ...over });
const message = (seq: number, author: Author, text = `text ${seq}`): ChatMessage => ({ seq, id: `m${seq}-xxxxxxxx`, author, text, attachment: null, notice: null, createdAt: 1000 + seq });
const range = (from: number, to: number, author: Author) => Array.from({ length: to - from + 1 }, (_, i) => message(from + i, author));
const welcome = (messages: ChatMessage[], over: Partial<ConversationView> = {}): ServerMessage => ({
  type: "welcome",
  conversation: view({ lastSeq: messages.at(-1)?.seq ?? 0, ...over }),
  messages,
  you: { role: "agent", id: "u1" },
});

/** A session of `side` on conversation c1, with what it showed last and a record of every change. */
function open(side: Side, extra: Partial<SessionOptions> = {}) {
  const changes: SessionState[] = [];
  const session = openConversationSession({
    side,
    me: () => (side === "agent" ? AGENT : VISITOR),
    path: (id) => `/ws/test?conversation=${id}`,
    onChange: (state) => changes.push({ ...state }),
    ...extra,
  });
  session.start("c1");
  return { session, shown: () => session.state, changes };
}

/** The frames the current socket sent, parsed, pings left out. */
const sent = (): ClientMessage[] => latest().sent.map((text) => JSON.parse(text) as ClientMessage).filter((f) => (f.type as string) !== "ping");
const receive = (frame: ServerMessage) => latest().receive(frame);
const reconnect = () => {
  latest().drop();
  vi.advanceTimersByTime(1000);
};

beforeEach(installBrowser);
afterEach(uninstallBrowser);

describe("a conversation session", () => {
  it("connects to the conversation's socket on this origin and shows the welcome's messages and view", () => {
    const { shown } = open("visitor");
    expect(latest().url).toBe("wss://chat.test/ws/test?conversation=c1");
    expect(shown().link).toBe("connecting");
    receive(welcome(range(1, 3, BOT), { status: "bot" }));
    expect(shown().link).toBe("open");
    expect(shown().items.map((i) => i.seq)).toEqual([1, 2, 3]);
    expect(shown().latestSeq).toBe(3);
    expect(shown().view?.status).toBe("bot");
  });

  it("shows a message written before the welcome at once, sends it once welcomed, and stores it by the author on its ack", () => {
    const { session, shown } = open("visitor");
    session.sendMessage("hello");
    expect(shown().items).toMatchObject([{ text: "hello", state: "pending", seq: null }]);
    receive(welcome([]));
    const frame = sent()[0] as { type: "message"; id: string; text: string };
    expect(frame).toMatchObject({ type: "message", text: "hello" });
    receive({ type: "ack", id: frame.id, seq: 1 });
    expect(shown().items).toMatchObject([{ id: frame.id, text: "hello", state: "sent", seq: 1, author: VISITOR }]);
  });

  it("after a reconnect resumes from the highest contiguous seq, resends pending messages with their ids, and asks page after page until it holds the last seq", () => {
    const { session, shown } = open("agent");
    receive(welcome(range(1, 5, VISITOR)));
    reconnect();
    session.sendMessage("while away");
    const id = shown().items.at(-1)!.id;
    // The new welcome brings only the newest page, 701–900: 6–700 were missed.
    receive(welcome(range(701, 900, VISITOR)));
    expect(sent()).toEqual([
      { type: "resume", afterSeq: 5 },
      { type: "message", id, text: "while away" },
    ]);
    // The server answers a resume with one page as messages, then a state naming the last seq.
    const answer = (from: number, to: number) => {
      latest().sent = [];
      for (const m of range(from, to, VISITOR)) receive({ type: "message", message: m });
      receive({ type: "state", conversation: view({ lastSeq: 900 }) });
    };
    answer(6, 505);
    expect(sent()).toEqual([{ type: "resume", afterSeq: 505 }]);
    answer(506, 900);
    expect(sent()).toEqual([]);
    expect(shown().items.filter((i) => i.seq !== null).map((i) => i.seq)).toEqual(range(1, 900, VISITOR).map((m) => m.seq));
  });

  it("sends the visitor's page after every welcome, so a reconnect tells the agent where they are", () => {
    const { session } = open("visitor");
    const page = { url: "https://shop.test/cart", title: "Cart", referrer: "" };
    session.sendPage(page);
    receive(welcome([]));
    expect(sent()).toContainEqual({ type: "page", page });
    reconnect();
    receive(welcome([]));
    expect(sent()).toContainEqual({ type: "page", page });
  });

  it("tells a visitor of agent and bot messages it did not hold, after the first welcome and after a reconnect, never of its own", () => {
    const incoming: ChatMessage[][] = [];
    open("visitor", { onIncoming: (messages) => incoming.push(messages) });
    receive(welcome([message(1, BOT)]));
    expect(incoming).toEqual([]);
    receive({ type: "message", message: message(2, VISITOR) });
    receive({ type: "message", message: message(3, AGENT) });
    receive({ type: "message", message: message(3, AGENT) });
    expect(incoming).toEqual([[message(3, AGENT)]]);
    reconnect();
    receive(welcome([message(3, AGENT), message(4, BOT)]));
    expect(incoming.at(-1)).toEqual([message(4, BOT)]);
  });

  it("marks a pending message failed when the server refuses it by id, and retry sends it again with the same id", () => {
    const { session, shown } = open("agent");
    receive(welcome([]));
    session.sendMessage("too long?");
    const id = shown().items[0]!.id;
    receive({ type: "error", code: "message_too_long", message: "Too long.", id });
    expect(shown().items[0]).toMatchObject({ state: "failed", error: "Too long." });
    expect(shown().problem).toBeNull();
    latest().sent = [];
    session.retry(id);
    expect(shown().items[0]!.state).toBe("pending");
    expect(sent()).toEqual([{ type: "message", id, text: "too long?" }]);
    session.discard(id);
    expect(shown().items).toEqual([]);
  });

  it("after a rate_limited refusal of a message holds new ones, then resends every pending one once the server's wait is over", () => {
    const { session, shown } = open("visitor");
    receive(welcome([]));
    session.sendMessage("one");
    const first = shown().items[0]!.id;
    receive({ type: "error", code: "rate_limited", message: "Too many frames.", id: first, retryAfterMs: 1500 });
    expect(shown().problem?.code).toBe("rate_limited");
    expect(shown().items[0]!.state).toBe("pending");
    latest().sent = [];
    session.sendMessage("two");
    expect(sent()).toEqual([]);
    vi.advanceTimersByTime(1499);
    expect(sent()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent().map((f) => (f as { text: string }).text)).toEqual(["one", "two"]);
    expect(shown().items.map((i) => i.state)).toEqual(["pending", "pending"]);
  });

  it("lets a rate_limited typing or read frame go without a problem shown or a resend", () => {
    const { shown } = open("agent");
    receive(welcome([]));
    receive({ type: "error", code: "rate_limited", message: "Too many frames.", retryAfterMs: 500 });
    expect(shown().problem).toBeNull();
    latest().sent = [];
    vi.advanceTimersByTime(DEFAULT_RETRY_MS);
    expect(sent()).toEqual([]);
  });

  it("shows a visitor's problem for problemMs; an agent's stays until cleared", () => {
    const visitor = open("visitor", { problemMs: 6000 });
    receive(welcome([]));
    receive({ type: "error", code: "conversation_full", message: "This conversation is full." });
    expect(visitor.shown().problem).toEqual({ code: "conversation_full", message: "This conversation is full." });
    vi.advanceTimersByTime(6000);
    expect(visitor.shown().problem).toBeNull();
    visitor.session.stop();

    const agent = open("agent");
    receive(welcome([]));
    receive({ type: "error", code: "forbidden", message: "Not yours." });
    vi.advanceTimersByTime(60_000);
    expect(agent.shown().problem?.code).toBe("forbidden");
    agent.session.clearProblem();
    expect(agent.shown().problem).toBeNull();
  });
});

describe("typing", () => {
  it("an agent sees only the visitor typing, until the visitor's message arrives", () => {
    const { shown } = open("agent");
    receive(welcome([]));
    receive({ type: "typing", from: "bot", name: null, typing: true });
    expect(shown().typing).toBeNull();
    receive({ type: "typing", from: "visitor", name: null, typing: true });
    expect(shown().typing).toEqual({ from: "visitor", name: "" });
    receive({ type: "message", message: message(1, AGENT) });
    expect(shown().typing).not.toBeNull();
    receive({ type: "message", message: message(2, VISITOR) });
    expect(shown().typing).toBeNull();
  });

  it("a visitor sees agents and the bot typing with the name given, never themselves", () => {
    const { shown } = open("visitor");
    receive(welcome([]));
    receive({ type: "typing", from: "visitor", name: null, typing: true });
    expect(shown().typing).toBeNull();
    receive({ type: "typing", from: "agent", name: "Alex", typing: true });
    expect(shown().typing).toEqual({ from: "agent", name: "Alex" });
    receive({ type: "typing", from: "agent", name: "Alex", typing: false });
    expect(shown().typing).toBeNull();
    receive({ type: "typing", from: "bot", name: null, typing: true });
    receive({ type: "message", message: message(1, BOT) });
    expect(shown().typing).toBeNull();
  });

  it("the other side's typing disappears after 8 s when its stop is lost, when the conversation closes, or (for an agent) when the visitor leaves", () => {
    const { shown } = open("agent");
    receive(welcome([]));
    receive({ type: "typing", from: "visitor", name: null, typing: true });
    vi.advanceTimersByTime(TYPING_EXPIRES_MS - 1);
    expect(shown().typing).not.toBeNull();
    vi.advanceTimersByTime(1);
    expect(shown().typing).toBeNull();
    receive({ type: "typing", from: "visitor", name: null, typing: true });
    receive({ type: "state", conversation: view({ status: "closed" }) });
    expect(shown().typing).toBeNull();
    receive({ type: "typing", from: "visitor", name: null, typing: true });
    receive({ type: "presence", visitorOnline: false });
    expect(shown().typing).toBeNull();
    expect(shown().visitorOnline).toBe(false);
  });

  it("tells the other side once when this side starts typing, and when it stops: emptied, sent, or 3 s without a keystroke", () => {
    const { session } = open("visitor");
    receive(welcome([]));
    const typingFrames = () => sent().filter((f) => f.type === "typing");
    session.setTyping(true);
    session.setTyping(true);
    expect(typingFrames()).toEqual([{ type: "typing", typing: true }]);
    session.setTyping(false);
    expect(typingFrames()).toEqual([
      { type: "typing", typing: true },
      { type: "typing", typing: false },
    ]);
    latest().sent = [];
    session.setTyping(true);
    vi.advanceTimersByTime(TYPING_IDLE_MS - 1);
    session.setTyping(true);
    vi.advanceTimersByTime(TYPING_IDLE_MS - 1);
    expect(typingFrames()).toEqual([{ type: "typing", typing: true }]);
    vi.advanceTimersByTime(1);
    expect(typingFrames().at(-1)).toEqual({ type: "typing", typing: false });
    latest().sent = [];
    session.setTyping(true);
    session.sendMessage("done");
    expect(sent().map((f) => f.type)).toEqual(["typing", "message", "typing"]);
    expect(typingFrames().at(-1)).toEqual({ type: "typing", typing: false });
  });
});

describe("read marks", () => {
  it("sends each read seq once and never one the server already knows from the welcome", () => {
    const { session } = open("agent");
    receive(welcome(range(1, 5, VISITOR), { agentReadSeq: 3 }));
    session.markRead(3);
    session.markRead(5);
    session.markRead(5);
    session.markRead(4);
    expect(sent().filter((f) => f.type === "read")).toEqual([{ type: "read", seq: 5 }]);
  });

  it("a read mark from another tab of the same side counts as sent", () => {
    const { session } = open("visitor");
    receive(welcome(range(1, 5, AGENT)));
    receive({ type: "read", by: "visitor", seq: 5 });
    session.markRead(5);
    expect(sent().filter((f) => f.type === "read")).toEqual([]);
  });

  it("the other side's read mark raises the view's, and a later snapshot of the state never lowers it", () => {
    const { shown } = open("visitor");
    receive(welcome(range(1, 5, VISITOR)));
    receive({ type: "read", by: "agent", seq: 4 });
    expect(shown().view?.agentReadSeq).toBe(4);
    receive({ type: "state", conversation: view({ agentReadSeq: 2, status: "live" }) });
    expect(shown().view?.agentReadSeq).toBe(4);
  });
});

describe("an agent's session", () => {
  it("knows the seq of this agent's last stored message, for Seen", () => {
    const { shown } = open("agent");
    receive(welcome([message(1, VISITOR), message(2, AGENT), message(3, { kind: "agent", id: "u2", name: "Sam" }), message(4, VISITOR)]));
    expect(shown().myLastSeq).toBe(2);
  });

  it("keeps the visitor's page and presence as this socket reports them", () => {
    const { shown } = open("agent");
    receive(welcome([]));
    expect(shown().page).toBeNull();
    expect(shown().visitorOnline).toBeNull();
    const page = { url: "https://shop.test/", title: "Shop", referrer: "" };
    receive({ type: "page", page });
    receive({ type: "presence", visitorOnline: true });
    expect(shown().page).toEqual(page);
    expect(shown().visitorOnline).toBe(true);
  });

  it("says when its socket closed before any welcome, as one the server refused", () => {
    const { shown } = open("agent");
    expect(shown().neverOpened).toBe(false);
    latest().drop();
    expect(shown().neverOpened).toBe(true);
  });
});

describe("starting another conversation", () => {
  it("forgets the previous one's messages, view and socket, and connects to the new one", () => {
    const { session, shown } = open("visitor");
    receive(welcome(range(1, 3, BOT)));
    const first = latest();
    session.start("c2");
    expect(first.readyState).toBe(3);
    expect(latest().url).toBe("wss://chat.test/ws/test?conversation=c2");
    expect(shown().items).toEqual([]);
    expect(shown().view).toBeNull();
    expect(shown().link).toBe("connecting");
  });
});
