// Every message of an offline thread in order: the visitor's (from the form, the reply page or
// an email) and the agents' replies, each reply with where its email is and, when it failed, why
// and a button to send it again.
import { For, Show } from "solid-js";
import type { OfflineMessage } from "@raibu/protocol/offline";
import { useI18n } from "../../stores/createI18n";
import { useOfflineText } from "./texts";
import { LinkedText } from "../LinkedText";

type Props = {
  messages: OfflineMessage[];
  visitorName: string;
  meId: string;
  retrying: ReadonlySet<string>;
  onRetry: (messageId: string) => void;
};

export function OfflineMessageList(props: Props) {
  const { dateTime } = useI18n();
  const t = useOfflineText();
  return (
    <ol class="bare-list offline-messages" data-testid="offline-messages" aria-label={t("offline.messages")}>
      <For each={props.messages}>
        {(message) => (
          <li class="offline-message" classList={{ "from-agent": message.author === "agent" }} data-testid="offline-message" data-author={message.author} data-message-id={message.id} data-delivery={message.delivery?.status ?? ""}>
            <div class="offline-message-head">
              <strong>{message.author === "agent" ? message.agent?.id === props.meId ? t("common.you") : (message.agent?.name ?? "") : props.visitorName}</strong>
              <span class="muted small-text">
                {t(`offline.via.${message.via}`)} · <time dateTime={new Date(message.createdAt).toISOString()}>{dateTime(message.createdAt)}</time>
              </span>
            </div>
            <p class="offline-message-text">
              <LinkedText text={message.text} />
            </p>
            <Show when={message.delivery}>
              {(delivery) => (
                <div class="offline-delivery" data-testid="offline-delivery" data-status={delivery().status}>
                  <span class={`delivery-chip delivery-${delivery().status}`}>{t(`offline.delivery.${delivery().status}`)}</span>
                  <Show when={delivery().status === "failed"}>
                    <span class="error-text small-text" data-testid="offline-delivery-error">
                      {t("offline.delivery.error", { error: delivery().lastError ?? "" })}
                    </span>
                    <button type="button" class="button small" data-testid="offline-retry" disabled={props.retrying.has(message.id)} onClick={() => props.onRetry(message.id)}>
                      {t("offline.retrySend")}
                    </button>
                  </Show>
                </div>
              )}
            </Show>
          </li>
        )}
      </For>
    </ol>
  );
}
