// The conversation as an ordered list (a polite live region), the interface's welcome
// line, and "… is typing". Keeps the view pinned to the newest message unless the
// visitor has scrolled up to read. Rows are keyed by message id, so a message keeps its
// row (and is announced once) from sending to sent while its fields update in place.
import { createEffect, createMemo, For, on, onCleanup, onMount, Show, type JSX } from "solid-js";
import type { TimelineItem } from "../../../../client/timeline";
import { t } from "../language";
import { shownItems } from "../shownItems";
import { MessageBubble } from "./MessageBubble";

export interface MessageListProps {
  items: TimelineItem[];
  welcome: string | null;
  typing: string | null;
  agentReadSeq: number;
  open: boolean;
  onRetry: (id: string) => void;
  /** Shown above the messages, scrolling with them (a returning visitor's earlier conversations). */
  top?: JSX.Element;
}

export function MessageList(props: MessageListProps) {
  let scroller!: HTMLDivElement;
  let pinned = true;

  // The welcome is shown unless the bot already said the same words as a stored message.
  const showWelcome = createMemo(() => {
    const welcome = props.welcome?.trim();
    return welcome && !props.items.some((item) => item.author.kind !== "visitor" && item.text.trim() === welcome) ? welcome : null;
  });

  const shown = createMemo(() => shownItems(props.items));
  const ids = createMemo(() => shown().map((item) => item.id), [], { equals: sameIds });
  const byId = createMemo(() => new Map(shown().map((item) => [item.id, item])));

  const seenId = createMemo(() => {
    for (let i = props.items.length - 1; i >= 0; i--) {
      const item = props.items[i];
      if (item.author.kind !== "visitor") continue;
      return item.seq !== null && item.seq <= props.agentReadSeq ? item.id : null;
    }
    return null;
  });

  const scrollToEnd = () => {
    scroller.scrollTop = scroller.scrollHeight;
  };
  const keepPinned = () => pinned && scrollToEnd();

  // Panels that appear below (the bot's buttons, a status) shrink the list: keep the newest in view.
  onMount(() => {
    const observer = new ResizeObserver(keepPinned);
    observer.observe(scroller);
    onCleanup(() => observer.disconnect());
  });

  createEffect(
    on(
      () => [props.items.length, props.typing, props.open] as const,
      () => {
        const last = props.items.at(-1);
        // Sending something always brings the visitor to the bottom.
        if (last && last.author.kind === "visitor" && last.state === "pending") pinned = true;
        keepPinned();
      },
    ),
  );

  return (
    <div
      class="scroller"
      ref={scroller}
      onScroll={() => {
        // A hidden frame has no layout; do not read that as "scrolled up".
        if (scroller.clientHeight > 0) pinned = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60;
      }}
    >
      {props.top}
      <ol class="messages" aria-live="polite" aria-label={t("messages")}>
        <Show when={showWelcome()}>
          {(welcome) => (
            <li class="msg bot welcome">
              <div class="bubble">
                <span class="text">{welcome()}</span>
              </div>
            </li>
          )}
        </Show>
        <For each={ids()}>
          {(id, index) => (
            <MessageBubble
              item={byId().get(id)!}
              showName={index() === 0 || !sameAuthor(shown()[index() - 1]!, byId().get(id)!)}
              seen={seenId() === id}
              onRetry={props.onRetry}
              onMediaLoad={keepPinned}
            />
          )}
        </For>
      </ol>
      <Show when={props.typing !== null}>
        <p class="typing">{props.typing ? t("agentTyping", { name: props.typing }) : t("someoneTyping")}</p>
      </Show>
    </div>
  );
}

const sameIds = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);
const sameAuthor = (a: TimelineItem, b: TimelineItem) => a.author.id === b.author.id && a.author.kind === b.author.kind;
