// One conversation as an agent sees it (WS /ws/conversations/<id>), as Solid values. The session
// (client/conversationSession.ts, shared with the widget) does the work: history, live messages,
// state, typing, read marks, the visitor's page and presence, reconnects with paged resume and
// resends. This names the agent's socket and keeps the messages in a store keyed by id.
import { onCleanup } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import { openConversationSession } from "../../../client/conversationSession";
import { signalsOf } from "../../../client/solidSignals";
import type { TimelineItem } from "../../../client/timeline";
import { createSessionEnded } from "./createSessionEnded";

export interface ConversationOptions {
  id: string;
  me: () => { id: string; name: string };
}

export function createConversation(options: ConversationOptions) {
  // Keyed by id: a message keeps its row from "sending" to "sent" and is announced once.
  const [items, setItems] = createStore<TimelineItem[]>([]);
  let shownItems: readonly TimelineItem[] = [];
  const session = openConversationSession({
    side: "agent",
    me: () => ({ kind: "agent", id: options.me().id, name: options.me().name }),
    path: (id) => `/ws/conversations/${encodeURIComponent(id)}`,
    onEnded: createSessionEnded(),
    onChange(state) {
      update(state);
      if (state.items === shownItems) return;
      shownItems = state.items;
      setItems(reconcile(state.items, { key: "id" }));
    },
  });
  const [signals, update] = signalsOf(session.state);
  session.start(options.id);
  onCleanup(session.stop);

  return {
    id: options.id,
    view: signals.view,
    items,
    link: signals.link,
    latestSeq: signals.latestSeq,
    /** Seq of my last stored message, for "Seen". */
    myLastSeq: signals.myLastSeq,
    visitorTyping: () => signals.typing() !== null,
    /** The visitor's page as last reported on this socket, or null if not yet. */
    page: signals.page,
    /** Whether the visitor is connected, or null if this socket has not said yet. */
    visitorOnlineKnown: signals.visitorOnline,
    problem: signals.problem,
    clearProblem: session.clearProblem,
    neverOpened: signals.neverOpened,
    /** Gives up on this conversation (it does not exist for this agent). */
    stop: session.stop,
    applyView: session.applyView,
    sendMessage: session.sendMessage,
    retry: session.retry,
    discard: session.discard,
    setTyping: session.setTyping,
    /** Tells the server this agent has seen everything up to `seq` (clears the unread badge). */
    markRead: session.markRead,
  };
}

export type Conversation = ReturnType<typeof createConversation>;
