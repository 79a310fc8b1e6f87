// One row of the message list. Text is always text nodes (never HTML), its web addresses links
// that open in a new tab (client/links.ts); system notices are translated from their code; the
// visitor's own messages show sending, sent, seen.
import { Show } from "solid-js";
import { linkedNodes } from "../../../../client/links";
import type { TimelineItem } from "../../../../client/timeline";
import { noticeText } from "../i18n";
import { lang, t } from "../language";
import { AttachmentView } from "./AttachmentView";
import { CheckIcon, ClockIcon } from "./Icons";

export function MessageBubble(props: { item: TimelineItem; showName: boolean; seen: boolean; onRetry: (id: string) => void; onMediaLoad: () => void }) {
  const kind = () => props.item.author.kind;
  const time = () => new Date(props.item.createdAt).toLocaleTimeString(lang(), { hour: "2-digit", minute: "2-digit" });
  // A notice from a newer server than this build falls back to the message's own text.
  const stateLabel = () => t(props.item.state === "pending" ? "sending" : "sent");
  const systemText = () => (props.item.notice && noticeText(t, props.item.notice)) || props.item.text;

  return (
    <Show
      when={kind() !== "system"}
      fallback={
        <li class="msg system">
          <span>{systemText()}</span>
        </li>
      }
    >
      <li class={`msg ${kind()}`} classList={{ failed: props.item.state === "failed" }}>
        <Show when={props.showName && kind() !== "visitor" && props.item.author.name}>
          <span class="author">{props.item.author.name}</span>
        </Show>
        <div class="bubble">
          <Show when={props.item.attachment}>{(attachment) => <AttachmentView attachment={attachment()} onLoad={props.onMediaLoad} />}</Show>
          <Show when={props.item.text}>
            <span class="text">{linkedNodes(props.item.text)}</span>
          </Show>
        </div>
        <span class="meta">
          <time dateTime={new Date(props.item.createdAt).toISOString()}>{time()}</time>
          <Show when={kind() === "visitor"}>
            <Show
              when={props.item.state === "failed"}
              fallback={
                <span class="state" role="img" aria-label={stateLabel()} title={stateLabel()}>
                  <Show when={props.item.state === "pending"} fallback={<CheckIcon />}>
                    <ClockIcon />
                  </Show>
                </span>
              }
            >
              <span class="error">
                {t("notSent")} {props.item.error}{" "}
                <button type="button" class="link-button" onClick={() => props.onRetry(props.item.id)}>
                  {t("retry")}
                </button>
              </span>
            </Show>
            <Show when={props.seen}>
              <span class="seen">{t("seen")}</span>
            </Show>
          </Show>
        </span>
      </li>
    </Show>
  );
}
