// The form that adds an endpoint or changes one: its https address and the events it hears, each
// with a line on when it fires. Checked here as the server checks; what only the server knows (a
// private or local host) comes back as its error, shown on the address.
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { ApiError } from "../../lib/api";
import { errorText } from "../../lib/errorText";
import { parseFieldErrors } from "../../lib/fieldErrors";
import { TextField } from "../TextField";
import { EVENTS } from "./catalog";
import { useWebhookText, type WebhookKey } from "./webhookTexts";
import { checksFrom, checkWebhookForm, type UrlProblem, type WebhookBody, type WebhookForm } from "./webhookForm";

const URL_TEXT: Record<UrlProblem, WebhookKey> = { required: "webhooks.urlRequired", https: "webhooks.urlHttps", tooLong: "webhooks.urlTooLong" };

export function WebhookEditor(props: { initial?: WebhookBody; submitLabel: string; onSubmit: (body: WebhookBody) => Promise<void>; onCancel: () => void }) {
  const t = useWebhookText();
  const uid = createUniqueId();
  const [form, setForm] = createStore<WebhookForm>({ url: props.initial?.url ?? "", events: checksFrom(props.initial?.events ?? []) });
  const [errors, setErrors] = createSignal<{ url?: string; events?: string; other?: string }>({});
  const [saving, setSaving] = createSignal(false);

  const check = () => {
    const checked = checkWebhookForm(form);
    setErrors({
      url: checked.problems.url && t(URL_TEXT[checked.problems.url]),
      events: checked.problems.events && t("webhooks.eventsRequired"),
    });
    return checked.body;
  };

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const body = check();
    if (!body) return (document.getElementById(`${uid}-url`) as HTMLInputElement | null)?.focus();
    setSaving(true);
    try {
      await props.onSubmit(body);
    } catch (err) {
      setErrors(serverErrors(err));
    } finally {
      setSaving(false);
    }
  };

  // The server's refusals (worker/src/integrations/webhooks.ts): `url_not_public`, `url_refused` with its reason.
  const serverErrors = (err: unknown): { url?: string; events?: string; other?: string } => {
    if (!(err instanceof ApiError)) return { other: t("integrations.failed", { error: errorText(err, t) }) };
    if (err.code === "url_not_public") return { url: t("webhooks.urlNotPublic") };
    if (err.code === "url_refused") {
      const ports = Array.isArray(err.facts.allowedPorts) ? err.facts.allowedPorts.filter((p) => p !== 443).join(", ") : "";
      const reason = err.facts.reason;
      return { url: reason === "credentials" ? t("webhooks.urlCredentials") : reason === "port" ? t("webhooks.urlPort", { ports }) : reason === "not_https" ? t("webhooks.urlHttps") : err.message };
    }
    if (err.code === "limit_reached") return { other: t("webhooks.limit", { max: Number(err.facts.max ?? 0) }) };
    if (err.status === 400) {
      const parsed = parseFieldErrors(err.message, ["url", "events"]);
      if (parsed.fields.url || parsed.fields.events) return { ...parsed.fields, other: parsed.other.join(" ") || undefined };
    }
    return { other: t("integrations.failed", { error: errorText(err, t) }) };
  };

  return (
    <form class="webhook-editor" noValidate onSubmit={submit} data-testid="webhook-editor">
      <TextField
        id={`${uid}-url`}
        label={t("webhooks.url")}
        hint={t("webhooks.urlHint")}
        error={errors().url}
        type="url"
        inputmode="url"
        autocomplete="off"
        spellcheck={false}
        placeholder="https://example.com/hooks/raibu"
        value={form.url}
        data-testid="webhook-url"
        onInput={(e) => setForm("url", e.currentTarget.value)}
      />
      <fieldset class="webhook-events" aria-describedby={errors().events ? `${uid}-events-error` : undefined}>
        <legend>{t("webhooks.events")}</legend>
        <For each={EVENTS}>
          {(event) => (
            <label class="check">
              <input type="checkbox" checked={form.events[event]} data-testid={`webhook-event-${event}`} onChange={(e) => setForm("events", event, e.currentTarget.checked)} />
              <span>
                <code>{event}</code>
                <span class="field-hint block">{t(`event.${event}`)}</span>
              </span>
            </label>
          )}
        </For>
        <Show when={errors().events}>
          <p class="field-error" id={`${uid}-events-error`}>
            {errors().events}
          </p>
        </Show>
      </fieldset>
      <Show when={errors().other}>
        <p class="field-error" role="alert">
          {errors().other}
        </p>
      </Show>
      <div class="form-actions">
        <button type="button" class="button" onClick={() => props.onCancel()}>
          {t("webhooks.cancel")}
        </button>
        <button type="submit" class="button primary" disabled={saving()} data-testid="webhook-submit">
          {props.submitLabel}
        </button>
      </div>
    </form>
  );
}
