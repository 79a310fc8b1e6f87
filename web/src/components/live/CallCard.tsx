// The video call of an accepted video request: the agent's Join link and the visitor's link.
import { createSignal, Show } from "solid-js";
import type { ConversationView } from "@raibu/protocol/realtime";
import { safeUrl } from "../../../../client/links";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";

export function CallCard(props: { call: NonNullable<ConversationView["call"]> }) {
  const { t } = useI18n();
  const [copied, setCopied] = createSignal(false);
  const joinUrl = () => safeUrl(props.call.agentUrl ?? props.call.url);
  // Agents are given the call's agent link; `url` is the visitor's only when it differs from it.
  const visitorUrl = () => (props.call.agentUrl && props.call.url !== props.call.agentUrl ? props.call.url : null);

  const copy = async () => {
    const url = visitorUrl();
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // The link stays selectable in its field.
    }
  };

  // The link gets a line of its own: squeezed beside the title and the Join button it was unreadable.
  return (
    <section class="call-card" data-testid="call-card" aria-labelledby="call-title">
      <div class="call-head">
        <span class="call-icon" aria-hidden="true">
          <Icon name="video" />
        </span>
        <h3 id="call-title">{t("call.title")}</h3>
        <a class="button primary" href={joinUrl()} target="_blank" rel="noopener noreferrer" data-testid="join-call">
          <Icon name="video" />
          <span>{t("call.join")}</span>
        </a>
      </div>
      <Show when={visitorUrl()} fallback={<p class="muted small-text">{t("call.visitorHasLink")}</p>}>
        {(url) => (
          <div class="call-link">
            <label for="call-visitor-link" class="small-text">
              {t("call.visitorLink")}
            </label>
            <div class="copy-row">
              <input id="call-visitor-link" readOnly value={url()} title={url()} data-testid="call-visitor-link" onFocus={(e) => e.currentTarget.select()} />
              <button type="button" class="button small" onClick={() => void copy()}>
                <Icon name={copied() ? "check" : "copy"} />
                <span>{copied() ? t("call.copied") : t("call.copy")}</span>
              </button>
            </div>
          </div>
        )}
      </Show>
    </section>
  );
}
