// One conversation as an agent sees it (WS /ws/conversations/<id>): history, live messages,
// state, typing, read marks, the visitor's page and presence. Reconnects with back-off,
// resumes after the last seq held and resends unacknowledged messages with the same id.
// The merge rules live in client/timeline.ts (shared with the widget); this file only moves frames.
import { batch, createSignal, onCleanup } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { Author, ClientMessage, ConversationView, PageInfo, ServerMessage } from "@raibu/protocol/realtime";
import { socketUrl } from "../lib/format";
import { openLiveSocket, type LinkState } from "../../../client/liveSocket";
import { createSessionEnded } from "./createSessionEnded";
import {
  applyAck,
  applyMessages,
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
  type ShownAttachment,
  type Timeline,
  type TimelineItem,
} from "../../../client/timeline";

export type ConversationLink = LinkState;

/** A lost `typing: false` must not leave "is typing…" on screen for ever. */
const TYPING_EXPIRES_MS = 8_000;

export interface ConversationOptions {
  id: string;
  me: () => { id: string; name: string };
}

export function createConversation(options: ConversationOptions) {
  const [view, setView] = createSignal<ConversationView | null>(null);
  const [items, setItems] = createStore<TimelineItem[]>([]);
  const [link, setLink] = createSignal<ConversationLink>("connecting");
  const [latestSeq, setLatestSeq] = createSignal(0);
  const [myLastSeq, setMyLastSeq] = createSignal<number | null>(null);
  const [visitorTyping, setVisitorTyping] = createSignal(false);
  // Null until this socket says: the lobby's row knows them until then.
  const [page, setPage] = createSignal<PageInfo | null>(null);
  const [visitorOnline, setVisitorOnline] = createSignal<boolean | null>(null);
  const [problem, setProblem] = createSignal<{ code: string; message: string } | null>(null);
  /** A socket closed before it was ever welcomed: the conversation may not exist for us. */
  const [neverOpened, setNeverOpened] = createSignal(false);

  const author = (): Author => ({ kind: "agent", id: options.me().id, name: options.me().name });

  let timeline: Timeline = emptyTimeline();
  let readSent = 0;
  /** Where the pending catch-up after a reconnect has reached; null when none is pending. */
  let resumeAfter: number | null = null;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  function commit(next: Timeline) {
    timeline = next;
    // Keyed by id: a message keeps its row from "sending" to "sent" and is announced once.
    setItems(reconcile(timelineItems(timeline, author()), { key: "id" }));
    setLatestSeq(lastSeq(timeline));
    setMyLastSeq(lastOwnSeq(timeline, options.me().id));
  }

  const socket = openLiveSocket<ServerMessage>({
    url: () => socketUrl(`/ws/conversations/${encodeURIComponent(options.id)}`),
    welcome: "welcome",
    onFrame: handle,
    onLink: setLink,
    onClosedBeforeWelcome: () => setNeverOpened(true),
    onEnded: createSessionEnded(),
  });
  const send = (frame: ClientMessage) => socket.send(frame);

  function handle(frame: ServerMessage, { reconnected }: { reconnected: boolean }) {
    switch (frame.type) {
      case "welcome": {
        const heldBefore = contiguousSeq(timeline);
        resumeAfter = reconnected && heldBefore > 0 ? heldBefore : null;
        const { timeline: next } = applyMessages(timeline, frame.messages);
        readSent = Math.max(readSent, frame.conversation.agentReadSeq);
        for (const out of framesAfterWelcome(next, heldBefore, reconnected)) send(out);
        batch(() => {
          commit(next);
          setView(frame.conversation);
        });
        return;
      }
      case "ack":
        commit(applyAck(timeline, frame.id, frame.seq, author()));
        return;
      case "message":
        commit(applyMessages(timeline, [frame.message]).timeline);
        if (frame.message.author.kind === "visitor") setVisitorTyping(false);
        return;
      case "typing":
        if (frame.from !== "visitor") return;
        clearTimeout(typingTimer);
        setVisitorTyping(frame.typing);
        if (frame.typing) typingTimer = setTimeout(() => setVisitorTyping(false), TYPING_EXPIRES_MS);
        return;
      case "read":
        if (frame.by === "visitor") setView((v) => v && { ...v, visitorReadSeq: Math.max(v.visitorReadSeq, frame.seq) });
        else {
          readSent = Math.max(readSent, frame.seq);
          setView((v) => v && { ...v, agentReadSeq: Math.max(v.agentReadSeq, frame.seq) });
        }
        return;
      case "state": {
        // A resume's answer ends with a `state`: ask the next page while a hole is left.
        const next = continueResume(timeline, resumeAfter, frame.conversation.lastSeq);
        resumeAfter = next.after;
        if (next.resume) send(next.resume);
        applyView(frame.conversation);
        return;
      }
      case "page":
        setPage(frame.page);
        return;
      case "presence":
        setVisitorOnline(frame.visitorOnline);
        if (!frame.visitorOnline) setVisitorTyping(false);
        return;
      case "error":
        if (frame.id && isInOutbox(timeline, frame.id)) commit(markFailed(timeline, frame.id, frame.message));
        else setProblem({ code: frame.code, message: frame.message });
        return;
      case "pong":
        return;
      default:
        ignoreUnknown(frame);
    }
  }

  /** A fresher view of the state (a `state` frame, or an action's answer). */
  function applyView(next: ConversationView) {
    if (next.page) setPage(next.page);
    // A `read` frame may have told us more than the snapshot knew when it was made.
    setView((v) => ({
      ...next,
      visitorReadSeq: Math.max(next.visitorReadSeq, v?.visitorReadSeq ?? 0),
      agentReadSeq: Math.max(next.agentReadSeq, v?.agentReadSeq ?? 0),
    }));
    if (next.status === "closed") setVisitorTyping(false);
  }

  function stop() {
    clearTimeout(typingTimer);
    socket.close();
  }

  onCleanup(stop);

  return {
    id: options.id,
    view,
    items,
    link,
    latestSeq,
    /** Seq of my last stored message, for "Seen". */
    myLastSeq,
    visitorTyping,
    /** The visitor's page as last reported on this socket, or null if not yet. */
    page,
    /** Whether the visitor is connected, or null if this socket has not said yet. */
    visitorOnlineKnown: visitorOnline,
    problem,
    clearProblem: () => setProblem(null),
    neverOpened,
    /** Gives up on this conversation (it does not exist for this agent). */
    stop,
    applyView,

    /** Queues a message; sent now if connected, else after the next welcome. */
    sendMessage(text: string, attachment: ShownAttachment | null = null) {
      const message = { id: newMessageId(), text, attachment, createdAt: Date.now(), state: "pending" as const, error: null };
      commit(enqueue(timeline, message));
      send(outgoingFrame(message));
    },

    retry(id: string) {
      commit(markPending(timeline, id));
      const message = timeline.outbox.find((o) => o.id === id);
      if (message) send(outgoingFrame(message));
    },

    discard: (id: string) => commit(discard(timeline, id)),

    setTyping: (typing: boolean) => send({ type: "typing", typing }),

    /** Tells the server this agent has seen everything up to `seq` (clears the unread badge). */
    markRead(seq: number) {
      if (seq > readSent && send({ type: "read", seq })) readSent = seq;
    },
  };
}

export type Conversation = ReturnType<typeof createConversation>;

// Exhaustive at compile time; a newer server's unknown frame is ignored at run time.
function ignoreUnknown(_frame: never) {}
