// A returning visitor's earlier conversations, read-only, above the new one: collapsed to one
// button until they ask, then fetched (GET /api/widget/history, by their token alone) and shown
// as the message list shows messages. Loaded on demand, with its texts (../laterTexts.ts).
import { createEffect, createSignal, For, on, Show } from "solid-js";
import type { WidgetPastConversation } from "@raibu/protocol/history";
import { WIDGET_HISTORY_CONVERSATIONS } from "@raibu/protocol/limits";
import type { ChatMessage } from "@raibu/protocol/realtime";
import { dayLabel, startsDay } from "../../../../client/dayBreaks";
import type { TimelineItem } from "../../../../client/timeline";
import { api } from "../api";
import { lang } from "../language";
import { later } from "../laterTexts";
import { MessageBubble } from "./MessageBubble";

export interface HistoryProps {
  token: string;
  /** How many closed conversations the session counted. */
  count: number;
}

export default function History(props: HistoryProps) {
  const [open, setOpen] = createSignal(false);
  const [past, setPast] = createSignal<WidgetPastConversation[] | null>(null);
  const [failed, setFailed] = createSignal(false);
  // Fetched when opened, and again when a conversation ends meanwhile (the count grows). Signals,
  // not createResource: the resource machinery would sit in the first load for this one use.
  createEffect(
    on([open, () => props.count], ([isOpen]) => {
      if (!isOpen) return;
      setFailed(false);
      api.history(props.token).then(
        (answer) => setPast(answer.conversations),
        () => setFailed(true),
      );
    }),
  );
  // Oldest first, like the messages inside each.
  const shown = () => [...(past() ?? [])].reverse();
  // What the list will show: the newest few of them.
  const count = () => Math.min(props.count, WIDGET_HISTORY_CONVERSATIONS);

  return (
    <section class="history" data-testid="history">
      <button type="button" class="link-button history-toggle" aria-expanded={open()} data-testid="history-toggle" onClick={() => setOpen((v) => !v)}>
        {open() ? later("earlierHide") : `${later("earlier", { count: count() })} (${count()})`}
      </button>
      <Show when={open()}>
        <Show when={!failed()} fallback={<p class="error">{later("earlierFailed")}</p>}>
          <Show when={past()} fallback={<p class="history-note">{later("earlierLoading")}</p>}>
            <For each={shown()}>{(conversation) => <Past conversation={conversation} />}</For>
          </Show>
        </Show>
      </Show>
    </section>
  );
}

function Past(props: { conversation: WidgetPastConversation }) {
  const date = () => new Date(props.conversation.createdAt).toLocaleDateString(lang(), { dateStyle: "medium" });
  const items = () => (props.conversation.messages as ChatMessage[]).map(asItem);
  // A conversation that went on over several days shows where each day starts, as the console does.
  const times = () => items().map((item) => item.createdAt);
  const now = Date.now();
  return (
    <section class="past" aria-label={later("conversationOf", { date: date() })} data-testid="history-conversation">
      <p class="history-note">{later("conversationOf", { date: date() })}</p>
      <ol class="messages">
        <For each={items()}>
          {(item, index) => (
            <>
              <Show when={index() > 0 && startsDay(times(), index(), now)}>
                <li class="day-break" data-testid="history-day-break">
                  <span>{dayLabel(item.createdAt, now, lang())}</span>
                </li>
              </Show>
              <MessageBubble item={item} showName={index() === 0 || items()[index() - 1]!.author.kind !== item.author.kind} seen={false} onRetry={() => {}} onMediaLoad={() => {}} />
            </>
          )}
        </For>
      </ol>
      <Show when={props.conversation.rating}>
        {(score) => (
          <p class="history-note" role="img" aria-label={later("yourRating", { score: score() })}>
            <span class="gold">{"★".repeat(score())}</span>
          </p>
        )}
      </Show>
    </section>
  );
}

const asItem = (m: ChatMessage): TimelineItem => ({ ...m, state: "sent", error: null });
