// One endpoint's delivery log, newest first, by pages: what was sent, how it went (status, response
// code, attempts, duration, the last error) and « Resend ». Rows still queued are read again until
// they settle, so a test sent a moment ago shows its outcome without a reload.
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import type { Delivery } from "@raibu/protocol/integrations";
import { ApiError, useApi } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { useI18n } from "../../stores/createI18n";
import { Notice } from "../Notice";
import { mergeDeliveries } from "./deliveryList";
import { pollDelay } from "./syncProgress";
import { useWebhookText } from "./webhookTexts";

const MAX_POLLS = 30;

export function DeliveryLog(props: { endpointId: string; version: number }) {
  const t = useWebhookText();
  const { dateTime } = useI18n();
  const api = useApi();
  const [rows, setRows] = createSignal<Delivery[]>([]);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loaded, setLoaded] = createSignal(false);
  const [problem, setProblem] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let polls = 0;
  onCleanup(() => clearTimeout(timer));

  // The newest page merged into what is shown; older pages already read stay.
  const readFirst = async () => {
    try {
      const page = await api.deliveries(props.endpointId);
      setRows((known) => mergeDeliveries(known, page.deliveries));
      if (!loaded()) setCursor(page.nextCursor);
      setLoaded(true);
      setProblem(null);
    } catch (err) {
      setProblem(t("integrations.loadFailed", { error: errorText(err, t) }));
    }
    clearTimeout(timer);
    if (rows().some((d) => d.status === "queued") && polls < MAX_POLLS) timer = setTimeout(() => void readFirst(), pollDelay(polls++));
  };
  createEffect(
    on(
      () => props.version,
      () => {
        polls = 0;
        void readFirst();
      },
    ),
  );

  const older = async () => {
    const from = cursor();
    if (!from) return;
    setBusy("older");
    try {
      const page = await api.deliveries(props.endpointId, from);
      setRows((known) => mergeDeliveries(known, page.deliveries));
      setCursor(page.nextCursor);
    } catch (err) {
      setProblem(t("integrations.loadFailed", { error: errorText(err, t) }));
    } finally {
      setBusy(null);
    }
  };

  const resend = async (delivery: Delivery) => {
    setBusy(delivery.id);
    try {
      const again = await api.resendDelivery(delivery.id);
      setRows((known) => mergeDeliveries(known, [again]));
      polls = 0;
      void readFirst();
    } catch (err) {
      setProblem(err instanceof ApiError && err.code === "endpoint_paused" ? t("webhooks.pausedFirst") : t("integrations.failed", { error: errorText(err, t) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="delivery-log" data-testid="delivery-log">
      <div class="delivery-log-head">
        <h4>{t("webhooks.log")}</h4>
        <button type="button" class="button ghost small" onClick={() => ((polls = 0), void readFirst())}>
          {t("webhooks.refresh")}
        </button>
      </div>
      <Show when={problem()}>{(text) => <Notice tone="error">{text()}</Notice>}</Show>
      <Show when={loaded() && rows().length === 0}>
        <p class="muted">{t("webhooks.logEmpty")}</p>
      </Show>
      <Show when={rows().length > 0}>
        <div class="table-wrap">
        <table class="table delivery-table">
          <thead>
            <tr>
              <th scope="col">{t("webhooks.col.time")}</th>
              <th scope="col">{t("webhooks.col.event")}</th>
              <th scope="col">{t("webhooks.col.status")}</th>
              <th scope="col">{t("webhooks.col.code")}</th>
              <th scope="col">{t("webhooks.col.attempts")}</th>
              <th scope="col">{t("webhooks.col.duration")}</th>
              <th scope="col">{t("webhooks.col.error")}</th>
              <th scope="col">
                <span class="sr-only">{t("webhooks.resend")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={rows()}>
              {(d) => (
                <tr data-testid="delivery-row" data-status={d.status} data-event={d.event}>
                  <td data-label={t("webhooks.col.time")}>{dateTime(d.createdAt)}</td>
                  <td data-label={t("webhooks.col.event")}>
                    <code>{d.event}</code>
                  </td>
                  <td data-label={t("webhooks.col.status")}>
                    <span class={`badge delivery-${d.status}`}>{t(`webhooks.delivery.${d.status}`)}</span>
                  </td>
                  <td data-label={t("webhooks.col.code")}>{d.responseCode ?? "—"}</td>
                  <td data-label={t("webhooks.col.attempts")}>{d.attempts}</td>
                  <td data-label={t("webhooks.col.duration")}>{d.durationMs === null ? "—" : t("webhooks.ms", { ms: d.durationMs })}</td>
                  <td data-label={t("webhooks.col.error")} class="delivery-error">
                    {d.lastError ?? "—"}
                  </td>
                  <td class="actions">
                    <button type="button" class="button small" disabled={busy() === d.id || d.status === "queued"} data-testid="delivery-resend" onClick={() => void resend(d)}>
                      {t("webhooks.resend")}
                    </button>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        </div>
      </Show>
      <Show when={cursor()}>
        <button type="button" class="button small" disabled={busy() === "older"} onClick={() => void older()}>
          {t("webhooks.loadMore")}
        </button>
      </Show>
    </div>
  );
}
