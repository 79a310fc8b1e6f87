// Settings → Integrations → Webhooks: the endpoints, « Add endpoint », the signing secret shown once
// after it, and each endpoint's changes (events, address, pause, resume, delete, a test).
import { createResource, createSignal, For, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { WebhookEndpoint } from "@raibu/protocol/integrations";
import { ApiError, useApi } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { ConfirmDialog } from "../ConfirmDialog";
import { CopyButton } from "../CopyButton";
import { Icon } from "../Icon";
import { Modal } from "../Modal";
import { Notice } from "../Notice";
import { useWebhookText } from "./webhookTexts";
import { WebhookEditor } from "./WebhookEditor";
import { WebhookItem } from "./WebhookItem";
import { webhookChanges, type WebhookBody } from "./webhookForm";

type Status = { tone: "error" | "success"; text: string } | null;

export function WebhooksSection() {
  const t = useWebhookText();
  const api = useApi();
  // Kept by id, so that a changed endpoint keeps its row (and its open log) rather than a new one.
  const [list, setList] = createStore<WebhookEndpoint[]>([]);
  const mutate = (change: (list: WebhookEndpoint[]) => WebhookEndpoint[]) => setList(reconcile(change([...list]), { key: "id" }));
  const [endpoints] = createResource(async () => {
    const read = (await api.webhooks()).endpoints;
    mutate(() => read);
    return true;
  });
  const [adding, setAdding] = createSignal(false);
  const [secret, setSecret] = createSignal<{ url: string; secret: string } | null>(null);
  const [deleting, setDeleting] = createSignal<WebhookEndpoint | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);
  const [status, setStatus] = createSignal<Status>(null);

  const put = (endpoint: WebhookEndpoint) =>
    mutate((all) => (all.some((e) => e.id === endpoint.id) ? all.map((e) => (e.id === endpoint.id ? endpoint : e)) : [...all, endpoint]));
  const failed = (err: unknown) =>
    setStatus({ tone: "error", text: err instanceof ApiError && err.code === "endpoint_paused" ? t("webhooks.pausedFirst") : t("integrations.failed", { error: errorText(err, t) }) });

  // Each action on one endpoint at a time; the outcome is said under the list.
  const act = async <T,>(id: string, run: () => Promise<T>, done?: (result: T) => Status): Promise<boolean> => {
    setBusy(id);
    setStatus(null);
    try {
      setStatus(done?.(await run()) ?? null);
      return true;
    } catch (err) {
      failed(err);
      return false;
    } finally {
      setBusy(null);
    }
  };

  const create = async (body: WebhookBody) => {
    setStatus(null);
    const { secret: value, ...endpoint } = await api.createWebhook(body);
    put(endpoint);
    setAdding(false);
    setSecret({ url: endpoint.url, secret: value });
  };

  const save = async (endpoint: WebhookEndpoint, body: WebhookBody) => {
    setStatus(null);
    const changes = webhookChanges({ url: endpoint.url, events: endpoint.events }, body);
    if (changes) put(await api.updateWebhook(endpoint.id, changes));
    setStatus({ tone: "success", text: t("webhooks.saved") });
  };

  const setEndpointStatus = (endpoint: WebhookEndpoint, next: WebhookEndpoint["status"]) =>
    void act(endpoint.id, () => api.updateWebhook(endpoint.id, { status: next }), (updated) => {
      put(updated);
      return next === "active" ? { tone: "success", text: t("webhooks.resumed") } : null;
    });

  const remove = async () => {
    const endpoint = deleting();
    setDeleting(null);
    if (!endpoint) return;
    await act(endpoint.id, () => api.deleteWebhook(endpoint.id), () => {
      mutate((all) => all.filter((e) => e.id !== endpoint.id));
      return null;
    });
  };

  return (
    <section class="card" aria-labelledby="webhooks-title" data-testid="webhooks">
      <div class="card-head">
        <div>
          <h2 id="webhooks-title">{t("webhooks.title")}</h2>
          <p class="muted">{t("webhooks.intro")}</p>
        </div>
        <Show when={!adding()}>
          <button type="button" class="button primary card-action" data-testid="webhook-add" onClick={() => setAdding(true)}>
            <Icon name="plus" />
            {t("webhooks.add")}
          </button>
        </Show>
      </div>
      <Show when={adding()}>
        <WebhookEditor submitLabel={t("webhooks.create")} onSubmit={create} onCancel={() => setAdding(false)} />
      </Show>
      <Show when={endpoints.error}>
        <Notice tone="error">{t("integrations.loadFailed", { error: errorText(endpoints.error, t) })}</Notice>
      </Show>
      <Show when={endpoints.latest}>
        <Show when={list.length > 0} fallback={<p class="muted">{t("webhooks.empty")}</p>}>
          <ul class="bare-list webhooks" data-testid="webhook-list">
            <For each={list}>
              {(endpoint) => (
                <WebhookItem
                  endpoint={endpoint}
                  busy={busy() === endpoint.id}
                  onSave={(body) => save(endpoint, body)}
                  onStatus={(next) => setEndpointStatus(endpoint, next)}
                  onTest={() => act(endpoint.id, () => api.testWebhook(endpoint.id), () => ({ tone: "success", text: t("webhooks.testSent") }))}
                  onDelete={() => setDeleting(endpoint)}
                />
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <Show when={status()}>{(s) => <Notice tone={s().tone} testId="webhooks-status">{s().text}</Notice>}</Show>

      <Modal open={!!secret()} title={t("webhooks.secretTitle")} onClose={() => setSecret(null)} testId="webhook-secret">
        <div class="dialog-body integration-stack">
          <code class="break secret-value" data-testid="webhook-secret-value">
            {secret()?.secret}
          </code>
          <Notice tone="info">{t("webhooks.secretWarning")}</Notice>
        </div>
        <div class="dialog-actions">
          <CopyButton text={secret()?.secret ?? ""} testId="webhook-secret-copy" />
          <button type="button" class="button primary" data-testid="webhook-secret-done" onClick={() => setSecret(null)}>
            {t("webhooks.secretDone")}
          </button>
        </div>
      </Modal>
      <ConfirmDialog
        open={!!deleting()}
        title={t("webhooks.deleteTitle")}
        confirmLabel={t("webhooks.deleteConfirm")}
        danger
        onConfirm={() => void remove()}
        onCancel={() => setDeleting(null)}
      >
        <p class="break">{t("webhooks.deleteBody", { url: deleting()?.url ?? "" })}</p>
      </ConfirmDialog>
    </section>
  );
}
