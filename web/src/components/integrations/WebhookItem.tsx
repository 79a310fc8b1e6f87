// One endpoint in the list: its address, events and state (a paused one says why and offers
// « Resume » first), its actions, and its delivery log when opened.
import { createSignal, createUniqueId, For, Show } from "solid-js";
import type { WebhookEndpoint } from "@raibu/protocol/integrations";
import { useI18n } from "../../stores/createI18n";
import { DeliveryLog } from "./DeliveryLog";
import { useWebhookText } from "./webhookTexts";
import { WebhookEditor } from "./WebhookEditor";
import type { WebhookBody } from "./webhookForm";

type Props = {
  endpoint: WebhookEndpoint;
  busy: boolean;
  onSave: (body: WebhookBody) => Promise<void>;
  onStatus: (status: WebhookEndpoint["status"]) => void;
  onTest: () => Promise<boolean>;
  onDelete: () => void;
};

export function WebhookItem(props: Props) {
  const t = useWebhookText();
  const { dateTime } = useI18n();
  const [editing, setEditing] = createSignal(false);
  const [logOpen, setLogOpen] = createSignal(false);
  // Bumped to read the log again (after a test); the log reads it on open too.
  const [logVersion, setLogVersion] = createSignal(0);
  const paused = () => props.endpoint.status === "paused";
  const urlId = createUniqueId();

  const test = async () => {
    if (await props.onTest()) {
      setLogOpen(true);
      setLogVersion((v) => v + 1);
    }
  };

  return (
    <li class="webhook" classList={{ paused: paused() }} data-testid="webhook" data-url={props.endpoint.url} data-status={props.endpoint.status}>
      <Show
        when={!editing()}
        fallback={
          <WebhookEditor
            initial={{ url: props.endpoint.url, events: props.endpoint.events }}
            submitLabel={t("webhooks.save")}
            onSubmit={async (body) => {
              await props.onSave(body);
              setEditing(false);
            }}
            onCancel={() => setEditing(false)}
          />
        }
      >
        <div class="webhook-head">
          <code class="webhook-url break" id={urlId}>{props.endpoint.url}</code>
          <span class={`badge webhook-${props.endpoint.status}`}>{t(`webhooks.status.${props.endpoint.status}`)}</span>
          <Show when={!paused() && props.endpoint.consecutiveFailures > 0}>
            <span class="badge webhook-failing">{t("webhooks.failures", { count: props.endpoint.consecutiveFailures })}</span>
          </Show>
        </div>
        <ul class="bare-list webhook-events-list" aria-label={t("webhooks.events")}>
          <For each={props.endpoint.events}>
            {(event) => (
              <li>
                <code>{event}</code>
              </li>
            )}
          </For>
        </ul>
        <Show when={paused()}>
          <div class="webhook-paused" role="status" data-testid="webhook-paused">
            <p>
              {t("webhooks.pausedWhy", {
                when: props.endpoint.pausedAt ? dateTime(props.endpoint.pausedAt) : "—",
                count: props.endpoint.consecutiveFailures,
              })}
            </p>
            <button type="button" class="button primary small" disabled={props.busy} data-testid="webhook-resume" onClick={() => props.onStatus("active")}>
              {t("webhooks.resume")}
            </button>
          </div>
        </Show>
        <div class="webhook-actions" role="group" aria-labelledby={urlId}>
          <button type="button" class="button small" disabled={props.busy || paused()} data-testid="webhook-test" onClick={() => void test()}>
            {t("webhooks.test")}
          </button>
          <button type="button" class="button small" aria-expanded={logOpen()} data-testid="webhook-log" onClick={() => setLogOpen((open) => !open)}>
            {logOpen() ? t("webhooks.hideLog") : t("webhooks.log")}
          </button>
          <button type="button" class="button ghost small" data-testid="webhook-edit" onClick={() => setEditing(true)}>
            {t("webhooks.edit")}
          </button>
          <Show when={!paused()}>
            <button type="button" class="button ghost small" disabled={props.busy} data-testid="webhook-pause" onClick={() => props.onStatus("paused")}>
              {t("webhooks.pause")}
            </button>
          </Show>
          <button type="button" class="button ghost small danger-text" data-testid="webhook-delete" onClick={() => props.onDelete()}>
            {t("webhooks.delete")}
          </button>
        </div>
        <Show when={logOpen()}>
          <DeliveryLog endpointId={props.endpoint.id} version={logVersion()} />
        </Show>
      </Show>
    </li>
  );
}
