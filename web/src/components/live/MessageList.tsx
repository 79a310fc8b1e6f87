// The conversation's messages: the visitor on the left, agents on the right, the bot in its
// own colour, system notices centred and translated, a date where the day changes. Text is
// always rendered as text.
import { createEffect, createMemo, For, Match, on, onCleanup, onMount, Show, Switch } from "solid-js";
import { dayLabel, startsDay } from "../../../../client/dayBreaks";
import { formatBytes } from "../../../../client/formatBytes";
import { safeUrl } from "../../../../client/links";
import { noticeText } from "../../lib/notices";
import { createNow } from "../../lib/signals";
import type { ShownAttachment, TimelineItem } from "../../../../client/timeline";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";
import { LinkedText } from "../LinkedText";
import "./messageList.css";

type Props = {
  items: TimelineItem[];
  meId: string;
  /** The visitor's name now: their messages read under it, also those sent before it was known. */
  visitorName?: string;
  /** Seq of my last stored message, and how far the visitor has read. */
  myLastSeq: number | null;
  visitorReadSeq: number;
  visitorTyping: boolean;
  onRetry: (id: string) => void;
  onDiscard: (id: string) => void;
};

export function MessageList(props: Props) {
  const { t, lang } = useI18n();
  let scroller!: HTMLDivElement;
  let content!: HTMLDivElement;
  let stickToBottom = true;

  const onScroll = () => {
    stickToBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  };

  const toBottom = () => (scroller.scrollTop = scroller.scrollHeight);

  // New messages keep the view at the bottom unless the agent scrolled up to read; my own always show.
  createEffect(
    on([() => props.items.length, () => props.visitorTyping], () => {
      if (props.items.at(-1)?.author.id === props.meId) stickToBottom = true;
      if (stickToBottom) requestAnimationFrame(toBottom);
    }),
  );

  // Content also grows after it is rendered (images loading): stay at the bottom through that too.
  onMount(() => {
    const observer = new ResizeObserver(() => stickToBottom && toBottom());
    observer.observe(content);
    onCleanup(() => observer.disconnect());
  });

  const time = (ms: number) => new Intl.DateTimeFormat(lang(), { timeStyle: "short" }).format(ms);
  // "Today" becomes "Yesterday" at midnight without a reload.
  const now = createNow(60_000);
  const times = createMemo(() => props.items.map((item) => item.createdAt));

  return (
    <div class="messages" ref={scroller} onScroll={onScroll} tabIndex={0} aria-label={t("messages.label")}>
      <div ref={content}>
      <Show when={props.items.length > 0} fallback={<p class="messages-empty muted">{t("messages.empty")}</p>}>
        <ol class="bare-list message-list" role="log" aria-live="polite" aria-relevant="additions" data-testid="messages">
          <For each={props.items}>
            {(item, index) => (
              <>
                <Show when={startsDay(times(), index(), now())}>
                  <li class="day-break" data-testid="day-break">
                    <span>{dayLabel(item.createdAt, now(), lang())}</span>
                  </li>
                </Show>
                <Switch>
                  <Match when={item.author.kind === "system"}>
                    <li class="msg-notice" data-testid="notice" data-code={item.notice?.code ?? ""} data-seq={item.seq ?? ""}>
                      <span>{item.notice ? noticeText(t, item.notice) || item.text : item.text}</span>
                    </li>
                  </Match>
                  <Match when={true}>
                    <li
                      class={`msg msg-${item.author.kind}`}
                      classList={{ mine: item.author.kind === "agent" && item.author.id === props.meId, failed: item.state === "failed" }}
                      data-testid="message"
                      data-author={item.author.kind}
                      data-seq={item.seq ?? ""}
                      data-state={item.state}
                    >
                      <span class="msg-author">
                        <Show when={item.author.kind === "bot"}>
                          <span class="bot-tag">{t("messages.bot")}</span>
                        </Show>
                        {item.author.kind === "agent" && item.author.id === props.meId
                          ? t("messages.you")
                          : (item.author.kind === "visitor" && props.visitorName) || (item.author.name ?? "")}
                      </span>
                      <div class="bubble">
                        <Show when={item.text}>
                          <p class="msg-text">
                            <LinkedText text={item.text} />
                          </p>
                        </Show>
                        <Show when={item.attachment}>{(attachment) => <AttachmentView attachment={attachment()} />}</Show>
                      </div>
                      <span class="msg-meta">
                        <Switch fallback={<time dateTime={new Date(item.createdAt).toISOString()}>{time(item.createdAt)}</time>}>
                          <Match when={item.state === "pending"}>{t("messages.sending")}</Match>
                          <Match when={item.state === "failed"}>
                            <span class="error-text" role="alert">
                              {t("messages.failed", { error: item.error ?? "" })}
                            </span>
                            <button type="button" class="linkish" onClick={() => props.onRetry(item.id)}>
                              {t("messages.retry")}
                            </button>
                            <button type="button" class="linkish" onClick={() => props.onDiscard(item.id)}>
                              {t("messages.discard")}
                            </button>
                          </Match>
                        </Switch>
                        <Show when={item.seq !== null && item.seq === props.myLastSeq && props.visitorReadSeq >= item.seq}>
                          <span class="seen" data-testid="seen">
                            <Icon name="check" />
                            {t("messages.seen")}
                          </span>
                        </Show>
                      </span>
                    </li>
                  </Match>
                </Switch>
              </>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.visitorTyping}>
        <p class="typing" data-testid="visitor-typing" aria-live="polite">
          <span class="typing-dots" aria-hidden="true">
            <span />
            <span />
            <span />
          </span>
          {t("messages.typing")}
        </p>
      </Show>
      </div>
    </div>
  );
}

function AttachmentView(props: { attachment: ShownAttachment }) {
  const { lang } = useI18n();
  const url = () => safeUrl(props.attachment.url);
  const isImage = () => props.attachment.type.startsWith("image/");
  return (
    <Show
      when={isImage() && url()}
      fallback={
        <a class="file-link" href={url()} target="_blank" rel="noopener noreferrer" download={props.attachment.name} data-testid="attachment">
          <Icon name="paperclip" />
          <span class="file-name">{props.attachment.name}</span>
          <span class="file-size">{formatBytes(props.attachment.size, lang())}</span>
        </a>
      }
    >
      <a class="image-link" href={url()} target="_blank" rel="noopener noreferrer" data-testid="attachment">
        <img src={url()} alt={props.attachment.name} loading="lazy" />
      </a>
    </Show>
  );
}
