// One conversation as a front end lives it, the same for an agent in the console and a visitor in
// the widget: its socket (client/liveSocket.ts), the frames in and out, the timeline's merge rules
// (client/timeline.ts), who is typing, read marks, the paged resume after a reconnect and the
// resend after a `rate_limited`. Framework-free: each front end's thin wrapper copies `state`
// into its own reactive values when `onChange` calls.
import type { Author, ChatMessage, ClientMessage, ConversationView, PageInfo, RequestKind, ServerMessage } from "@raibu/protocol/realtime";
import { openLiveSocket, socketUrl, type LinkState, type LiveSocket } from "./liveSocket";
import { resendAt } from "./rateLimit";
import {
  applyAck,
  applyMessages,
  choiceMessage,
  contiguousSeq,
  continueResume,
  discard,
  emptyTimeline,
  enqueue,
  framesAfterWelcome,
  isInOutbox,
  lastOwnSeq,
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
} from "./timeline";

/** Whose session: it decides whose typing and read marks are the other side's. */
export type Side = "agent" | "visitor";

/** Someone on the other side is typing, with the name the server gave ("" when none). */
export interface Typing {
  from: "visitor" | "agent" | "bot";
  name: string;
}

/** A refusal the server explained (`{ type: "error", code, message }`) that concerns no pending message. */
export interface Problem {
  code: string;
  message: string;
}

export interface SessionState {
  /** `idle` until a conversation is started. */
  link: "idle" | LinkState;
  view: ConversationView | null;
  /** Stored messages by seq, then this side's messages not acknowledged yet. */
  items: TimelineItem[];
  latestSeq: number;
  /** Seq of this agent's last stored message (for "Seen"); always null for a visitor. */
  myLastSeq: number | null;
  typing: Typing | null;
  /** The visitor's page as this socket last told it; null until it does. */
  page: PageInfo | null;
  /** Whether the visitor is connected; null until this socket says. */
  visitorOnline: boolean | null;
  problem: Problem | null;
  /** The socket closed before it was ever welcomed: the conversation may not exist for us. */
  neverOpened: boolean;
}

export interface SessionOptions {
  side: Side;
  /** The author of this side's messages. */
  me: () => Author;
  /** The socket's path and query for a conversation, on this page's origin; read before every attempt. */
  path: (conversationId: string) => string;
  /** Called after every change of `state`, with the session's own copy (read it, don't keep it). */
  onChange: (state: Readonly<SessionState>) => void;
  /** Messages of others this side had not held, arriving after the first welcome of a conversation. */
  onIncoming?: (messages: ChatMessage[]) => void;
  /** The server ended the agent's session (close 4001): the socket is closed for good. */
  onEnded?: () => void;
  /** How long a problem stays shown; unset, until `clearProblem` or the next start. */
  problemMs?: number;
}

/** A lost `typing: false` must not leave "is typing…" on screen for ever. */
export const TYPING_EXPIRES_MS = 8_000;
/** This side stops being shown as typing after this long without a keystroke. */
export const TYPING_IDLE_MS = 3_000;

export type ConversationSession = ReturnType<typeof openConversationSession>;

export function openConversationSession(options: SessionOptions) {
  const { side } = options;
  const state: SessionState = {
    link: "idle",
    view: null,
    items: [],
    latestSeq: 0,
    myLastSeq: null,
    typing: null,
    page: null,
    visitorOnline: null,
    problem: null,
    neverOpened: false,
  };
  let timeline: Timeline = emptyTimeline();
  let conversationId = "";
  let socket: LiveSocket | null = null;
  let readSent = 0;
  /** Where the pending catch-up after a reconnect has reached; null when none is pending. */
  let resumeAfter: number | null = null;
  /** The visitor's page as they last reported it, sent again after every reconnect. */
  let reportedPage: PageInfo | null = null;
  /** After a `rate_limited` message, new messages wait in the outbox until then. */
  let holdUntil = 0;
  /** Whether the other side was told this side is typing. */
  let typingSent = false;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let problemTimer: ReturnType<typeof setTimeout> | undefined;
  let resendTimer: ReturnType<typeof setTimeout> | undefined;

  const emit = () => options.onChange(state);
  const send = (frame: ClientMessage) => socket?.send(frame) ?? false;
  /** The other side: the visitor for an agent; agents and the bot for a visitor. */
  const isOtherSide = (kind: Author["kind"]) => (side === "agent" ? kind === "visitor" : kind === "agent" || kind === "bot");

  function commit(next: Timeline) {
    timeline = next;
    const me = options.me();
    state.items = timelineItems(timeline, me);
    state.latestSeq = lastSeq(timeline);
    state.myLastSeq = side === "agent" && me.id ? lastOwnSeq(timeline, me.id) : null;
  }

  function showTyping(typing: Typing | null) {
    clearTimeout(typingTimer);
    state.typing = typing;
    if (typing)
      typingTimer = setTimeout(() => {
        state.typing = null;
        emit();
      }, TYPING_EXPIRES_MS);
  }

  function showProblem(problem: Problem) {
    state.problem = { code: problem.code, message: problem.message };
    clearTimeout(problemTimer);
    if (options.problemMs !== undefined)
      problemTimer = setTimeout(() => {
        state.problem = null;
        emit();
      }, options.problemMs);
  }

  function handle(frame: ServerMessage, { reconnected }: { reconnected: boolean }) {
    switch (frame.type) {
      case "welcome": {
        const heldBefore = contiguousSeq(timeline);
        resumeAfter = reconnected && heldBefore > 0 ? heldBefore : null;
        const { timeline: next, added } = applyMessages(timeline, frame.messages);
        readSent = Math.max(readSent, side === "agent" ? frame.conversation.agentReadSeq : frame.conversation.visitorReadSeq);
        // Catch up before telling the wrapper: the values it sets wake effects (such as `read`) that send too.
        for (const out of framesAfterWelcome(next, heldBefore, reconnected)) send(out);
        if (reportedPage) send({ type: "page", page: reportedPage });
        commit(next);
        state.view = frame.conversation;
        emit();
        if (reconnected) report(added);
        return;
      }
      case "ack":
        commit(applyAck(timeline, frame.id, frame.seq, options.me()));
        return emit();
      case "message": {
        const { timeline: next, added } = applyMessages(timeline, [frame.message]);
        commit(next);
        if (isOtherSide(frame.message.author.kind)) showTyping(null);
        emit();
        report(added);
        return;
      }
      case "typing":
        if (!isOtherSide(frame.from)) return;
        showTyping(frame.typing ? { from: frame.from, name: frame.name ?? "" } : null);
        return emit();
      case "read":
        if (frame.by === side) readSent = Math.max(readSent, frame.seq);
        if (state.view) {
          const field = frame.by === "agent" ? "agentReadSeq" : "visitorReadSeq";
          state.view = { ...state.view, [field]: Math.max(state.view[field], frame.seq) };
        }
        return emit();
      case "state": {
        // A resume's answer ends with a `state`: ask the next page while a hole is left.
        const next = continueResume(timeline, resumeAfter, frame.conversation.lastSeq);
        resumeAfter = next.after;
        if (next.resume) send(next.resume);
        return applyView(frame.conversation);
      }
      case "page":
        state.page = frame.page;
        return emit();
      case "presence":
        state.visitorOnline = frame.visitorOnline;
        if (!frame.visitorOnline && side === "agent") showTyping(null);
        return emit();
      case "error":
        if (frame.code === "rate_limited") return slowDown(frame);
        if (frame.id && isInOutbox(timeline, frame.id)) commit(markFailed(timeline, frame.id, frame.message));
        else showProblem(frame);
        return emit();
      case "pong":
        return; // already counted by the socket as a sign of life
      default:
        ignoreUnknown(frame);
    }
  }

  /** A fresher view of the conversation (a `state` frame, or an action's answer). */
  function applyView(next: ConversationView) {
    if (next.page) state.page = next.page;
    // A `read` frame may have told us more than the snapshot knew when it was made.
    const held = state.view?.id === next.id ? state.view : null;
    state.view = {
      ...next,
      visitorReadSeq: Math.max(next.visitorReadSeq, held?.visitorReadSeq ?? 0),
      agentReadSeq: Math.max(next.agentReadSeq, held?.agentReadSeq ?? 0),
    };
    if (next.status === "closed") showTyping(null);
    emit();
  }

  /**
   * The server asked to slow down. A refused message stays pending and goes again, with every
   * other pending one (same ids, stored once), when its wait is over; a refused typing, page or
   * read frame is simply superseded by the next one.
   */
  function slowDown(frame: Problem & { id?: string; retryAfterMs?: number }) {
    const now = Date.now();
    const at = resendAt(frame, (id) => isInOutbox(timeline, id), now);
    if (at === null) return;
    showProblem(frame);
    holdUntil = at;
    clearTimeout(resendTimer);
    resendTimer = setTimeout(() => {
      for (const message of timeline.outbox) if (message.state === "pending") send(outgoingFrame(message));
    }, at - now);
    emit();
  }

  function report(added: ChatMessage[]) {
    const fromOthers = added.filter((m) => m.author.kind !== side);
    if (fromOthers.length) options.onIncoming?.(fromOthers);
  }

  function queue(message: OutgoingMessage) {
    commit(enqueue(timeline, message));
    emit();
    if (Date.now() >= holdUntil) send(outgoingFrame(message));
    setTyping(false);
  }

  /**
   * This side's text box: true on a keystroke that leaves text in it, false when it is emptied or
   * left. The other side is told once when typing starts, and when it stops: on false, on a
   * send, or after TYPING_IDLE_MS without a keystroke.
   */
  function setTyping(typing: boolean) {
    clearTimeout(idleTimer);
    if (typing) idleTimer = setTimeout(() => setTyping(false), TYPING_IDLE_MS);
    if (typing === typingSent) return;
    typingSent = typing;
    send({ type: "typing", typing });
  }

  function stop() {
    setTyping(false);
    clearTimeout(typingTimer);
    clearTimeout(problemTimer);
    clearTimeout(resendTimer);
    holdUntil = 0;
    socket?.close();
    socket = null;
  }

  return {
    state: state as Readonly<SessionState>,

    /** Opens (or switches to) a conversation, starting from an empty timeline. */
    start(id: string) {
      stop();
      conversationId = id;
      readSent = 0;
      resumeAfter = null;
      Object.assign(state, { view: null, typing: null, page: null, visitorOnline: null, problem: null, neverOpened: false });
      commit(emptyTimeline());
      emit();
      socket = openLiveSocket<ServerMessage>({
        url: () => socketUrl(options.path(conversationId)),
        welcome: "welcome",
        onFrame: handle,
        onLink: (link) => {
          state.link = link;
          emit();
        },
        onClosedBeforeWelcome: () => {
          state.neverOpened = true;
          emit();
        },
        onEnded: options.onEnded,
      });
    },

    /** Closes the socket for good (the wrapper's cleanup, or a conversation that is not ours). */
    stop,

    applyView,

    /** Queues a message; it is sent now if connected, otherwise after the next welcome. */
    sendMessage(text: string, attachment: ShownAttachment | null = null) {
      queue({ id: newMessageId(), text, attachment, createdAt: Date.now(), state: "pending", error: null });
    },

    /** Queues the visitor's pick of a bot's button, exactly like a message they wrote. */
    sendChoice(stepId: string, choice: { id: string; label: string }) {
      queue(choiceMessage(newMessageId(), stepId, choice, Date.now()));
    },

    /** Sends a refused message again, with the same id. */
    retry(id: string) {
      commit(markPending(timeline, id));
      emit();
      const message = timeline.outbox.find((o) => o.id === id);
      if (message) send(outgoingFrame(message));
    },

    discard(id: string) {
      commit(discard(timeline, id));
      emit();
    },

    setTyping,

    /** Tells the server this side has seen everything up to `seq`; each seq is sent once. */
    markRead(seq: number) {
      if (seq > readSent && send({ type: "read", seq })) readSent = seq;
    },

    request: (kind: RequestKind) => send({ type: "request", kind }),

    /** The visitor rates the closed conversation; false when it could not be sent. */
    rate: (score: number, comment: string) => send({ type: "rate", score, comment }),

    /** The visitor's page changed; the latest one is also sent again after every reconnect. */
    sendPage(page: PageInfo) {
      reportedPage = page;
      send({ type: "page", page });
    },

    clearProblem() {
      clearTimeout(problemTimer);
      state.problem = null;
      emit();
    },
  };
}

// Exhaustive at compile time; a newer server's unknown frame is ignored at run time.
function ignoreUnknown(_frame: never) {}
