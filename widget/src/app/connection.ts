// The visitor's socket to their conversation (client/liveSocket.ts reconnects it): resumes
// from the last seq held, resends the outbox, and exposes the conversation as Solid state.
// The merge rules live in client/timeline.ts (shared with the console); this file only moves frames.
import { batch, createSignal, onCleanup } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { Author, ChatMessage, ClientMessage, ConversationView, PageInfo, RequestKind, ServerMessage } from "@raibu/protocol/realtime";
import {
  applyAck,
  applyMessages,
  contiguousSeq,
  continueResume,
  choiceMessage,
  emptyTimeline,
  enqueue,
  framesAfterWelcome,
  isInOutbox,
  lastSeq,
  markFailed,
  markPending,
  newMessageId,
  outgoingFrame,
  timelineItems,
  type OutgoingMessage,
  type ShownAttachment,
  type Timeline,
  type TimelineItem,
} from "../../../client/timeline";
import { openLiveSocket, type LinkState as SocketLink, type LiveSocket } from "../../../client/liveSocket";
import { resendAt } from "./rateLimit";

/** `idle` until a conversation is started. */
export type LinkState = "idle" | SocketLink;

/** Who is typing to the visitor: an agent or the bot, with the name the server gave ("" when none). */
export interface Typing {
  from: "agent" | "bot";
  name: string;
}

/** A lost `typing false` must not leave "is typing…" on screen forever. */
const TYPING_EXPIRES_MS = 8_000;

export interface ConversationOptions {
  token: () => string;
  visitor: () => Author;
  /** Messages this client had not held, arriving after the first welcome of a conversation. */
  onIncoming?: (messages: ChatMessage[]) => void;
}

export function createConversation(options: ConversationOptions) {
  const [view, setView] = createSignal<ConversationView | null>(null);
  const [items, setItems] = createStore<TimelineItem[]>([]);
  const [link, setLink] = createSignal<LinkState>("idle");
  const [latestSeq, setLatestSeq] = createSignal(0);
  const [typing, showTyping] = createSignal<Typing | null>(null);
  const [problem, setProblem] = createSignal<{ code: string; message: string } | null>(null);

  let timeline: Timeline = emptyTimeline();
  let conversationId = "";
  let socket: LiveSocket | null = null;
  let readSent = 0;
  /** Where the pending catch-up after a reconnect has reached; null when none is pending. */
  let resumeAfter: number | null = null;
  let page: PageInfo | null = null;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let problemTimer: ReturnType<typeof setTimeout> | undefined;
  /** After a `rate_limited` message, new messages wait in the outbox until then. */
  let holdUntil = 0;
  let resendTimer: ReturnType<typeof setTimeout> | undefined;

  function commit(next: Timeline) {
    timeline = next;
    // Keyed by id, so a message keeps its row (and is not announced twice) from pending to sent.
    setItems(reconcile(timelineItems(timeline, options.visitor()), { key: "id" }));
    setLatestSeq(lastSeq(timeline));
  }

  const send = (frame: ClientMessage) => socket?.send(frame) ?? false;

  function socketUrl() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const query = `token=${encodeURIComponent(options.token())}&conversation=${encodeURIComponent(conversationId)}`;
    return `${scheme}//${location.host}/ws/visitor?${query}`;
  }

  function showProblem(code: string, message: string) {
    setProblem({ code, message });
    clearTimeout(problemTimer);
    problemTimer = setTimeout(() => setProblem(null), 6000);
  }

  function handle(frame: ServerMessage, { reconnected }: { reconnected: boolean }) {
    switch (frame.type) {
      case "welcome": {
        const heldBefore = contiguousSeq(timeline);
        resumeAfter = reconnected && heldBefore > 0 ? heldBefore : null;
        const { timeline: next, added } = applyMessages(timeline, frame.messages);
        readSent = Math.max(readSent, frame.conversation.visitorReadSeq);
        // Catch up first: the signals below wake effects (such as `read`) that send frames too.
        for (const out of framesAfterWelcome(next, heldBefore, reconnected)) send(out);
        if (page) send({ type: "page", page });
        batch(() => {
          commit(next);
          setView(frame.conversation);
        });
        if (reconnected) report(added);
        return;
      }
      case "ack":
        commit(applyAck(timeline, frame.id, frame.seq, options.visitor()));
        return;
      case "message": {
        const { timeline: next, added } = applyMessages(timeline, [frame.message]);
        commit(next);
        if (frame.message.author.kind === "agent" || frame.message.author.kind === "bot") showTyping(null);
        report(added);
        return;
      }
      case "typing":
        if (frame.from === "visitor") return;
        clearTimeout(typingTimer);
        showTyping(frame.typing ? { from: frame.from, name: frame.name ?? "" } : null);
        if (frame.typing) typingTimer = setTimeout(() => showTyping(null), TYPING_EXPIRES_MS);
        return;
      case "read":
        if (frame.by === "agent") setView((v) => v && { ...v, agentReadSeq: Math.max(v.agentReadSeq, frame.seq) });
        else readSent = Math.max(readSent, frame.seq);
        return;
      case "state":
        catchUp(frame.conversation.lastSeq);
        // A `read` frame may have told us more than this snapshot knew when it was made.
        setView((v) => ({ ...frame.conversation, agentReadSeq: Math.max(frame.conversation.agentReadSeq, v?.id === frame.conversation.id ? v.agentReadSeq : 0) }));
        if (frame.conversation.status === "closed") showTyping(null);
        return;
      case "error":
        if (frame.code === "rate_limited") return slowDown(frame);
        if (frame.id && isInOutbox(timeline, frame.id)) commit(markFailed(timeline, frame.id, frame.message));
        else showProblem(frame.code, frame.message);
        return;
      case "presence":
      case "page":
      case "pong":
        return; // for agents' eyes; `pong` already counted as a sign of life
      default:
        ignoreUnknown(frame);
    }
  }

  /** A resume's answer ends with a `state`: ask the next page while a hole is left. */
  function catchUp(conversationLastSeq: number) {
    const next = continueResume(timeline, resumeAfter, conversationLastSeq);
    resumeAfter = next.after;
    if (next.resume) send(next.resume);
  }

  function queue(message: OutgoingMessage) {
    commit(enqueue(timeline, message));
    if (Date.now() >= holdUntil) send(outgoingFrame(message));
  }

  /**
   * The server asked to slow down. A refused message stays pending and goes again, with every
   * other pending one (same ids, stored once), when its wait is over; a refused typing, page or
   * read frame is simply superseded by the next one.
   */
  function slowDown(frame: { code: string; message: string; id?: string; retryAfterMs?: number }) {
    const now = Date.now();
    const at = resendAt(frame, (id) => isInOutbox(timeline, id), now);
    if (at === null) return;
    showProblem(frame.code, frame.message);
    holdUntil = at;
    clearTimeout(resendTimer);
    resendTimer = setTimeout(() => {
      for (const message of timeline.outbox) if (message.state === "pending") send(outgoingFrame(message));
    }, at - now);
  }

  function report(added: ChatMessage[]) {
    const fromOthers = added.filter((m) => m.author.kind !== "visitor");
    if (fromOthers.length) options.onIncoming?.(fromOthers);
  }

  function stop() {
    clearTimeout(typingTimer);
    clearTimeout(problemTimer);
    clearTimeout(resendTimer);
    holdUntil = 0;
    socket?.close();
    socket = null;
  }

  onCleanup(stop);

  return {
    view,
    items,
    link,
    latestSeq,
    typing,
    problem,

    /** Opens (or switches to) a conversation, starting from an empty timeline. */
    start(id: string) {
      stop();
      conversationId = id;
      readSent = 0;
      resumeAfter = null;
      setView(null);
      showTyping(null);
      setProblem(null);
      commit(emptyTimeline());
      socket = openLiveSocket<ServerMessage>({ url: socketUrl, welcome: "welcome", onFrame: handle, onLink: setLink });
    },

    /** Queues a visitor message; it is sent now if connected, otherwise after the next welcome. */
    sendMessage(text: string, attachment: ShownAttachment | null = null) {
      queue({ id: newMessageId(), text, attachment, createdAt: Date.now(), state: "pending", error: null });
    },

    /** Queues the visitor's pick of a bot's button, exactly like a message they wrote. */
    sendChoice(stepId: string, choice: { id: string; label: string }) {
      queue(choiceMessage(newMessageId(), stepId, choice, Date.now()));
    },

    retry(id: string) {
      commit(markPending(timeline, id));
      const message = timeline.outbox.find((o) => o.id === id);
      if (message) send(outgoingFrame(message));
    },

    setTyping: (typing: boolean) => send({ type: "typing", typing }),

    /** Tells the server the visitor has seen everything up to `seq`; each seq is sent once. */
    markRead(seq: number) {
      if (seq > readSent && send({ type: "read", seq })) readSent = seq;
    },

    request: (kind: RequestKind) => send({ type: "request", kind }),

    /** The host page changed; the latest page is also re-sent after every reconnect. */
    sendPage(next: PageInfo) {
      page = next;
      send({ type: "page", page });
    },

    connected: () => link() === "open",
  };
}

export type Conversation = ReturnType<typeof createConversation>;

// Exhaustive at compile time; at run time a newer server's unknown frame is ignored
// rather than thrown, so the socket handler keeps going.
function ignoreUnknown(_frame: never) {}
