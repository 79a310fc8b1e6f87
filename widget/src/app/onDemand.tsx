// The views few visitors see (the rating after a chat, earlier conversations), with their texts
// and styles, in one chunk the widget loads when one is needed: nothing of them is in every
// visitor's first load, not even when to show them (the app only calls these with its state).
// Their styles are in the widget's one stylesheet (main.tsx): CSS is not JavaScript the visitor runs,
// and a chunk that imports no stylesheet needs none of Vite's preload code (see widget/vite.config.ts).
import { Show, type Accessor } from "solid-js";
import type { ConversationView } from "@raibu/protocol/realtime";
import type { WidgetSession } from "./api";
import type { Conversation } from "./connection";
import History from "./components/History";
import RatingView from "./components/RatingView";

/** A returning visitor's earlier conversations, folded, above the messages. */
export function earlierConversations(app: { session: Accessor<WidgetSession | null> }) {
  return (
    <Show when={app.session()?.pastConversations}>
      <History token={app.session()!.visitorToken} count={app.session()!.pastConversations} />
    </Show>
  );
}

/** Once the conversation has ended: rate it, or the thanks for the rating given. */
export function rating(app: { view: Accessor<ConversationView | null>; conversation: Conversation }) {
  return (
    <Show when={app.view()?.status === "closed"}>
      <RatingView rating={app.view()?.rating ?? null} onRate={app.conversation.rate} refused={app.conversation.problem()?.code ?? null} />
    </Show>
  );
}
