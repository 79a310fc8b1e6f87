// The local dev outbox: emails Raibu would have sent, listed and readable as plain text.
// It exists only on a local run (DEV_OUTBOX) and only for admins: the emails hold one-time links.
import { createMemo, For, Match, Show, Switch } from "solid-js";
import { Icon } from "../components/Icon";
import { LinkedText } from "../components/LinkedText";
import { Notice } from "../components/Notice";
import { ApiError, useApi, type OutboxEmail } from "../lib/api";
import { errorText } from "../lib/errorText";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { createOutbox } from "../stores/createOutbox";
import "./outbox.css";

export function DevOutboxPage() {
  const { t, dateTime } = useI18n();
  const outbox = createOutbox(useApi());
  useDocumentTitle(() => t("outbox.title"));

  const status = (email: OutboxEmail) => t(`outbox.status.${email.status}`);
  const unavailable = createMemo(() => outbox.emails.error instanceof ApiError && outbox.emails.error.status === 404);

  return (
    <div class="page">
      <header class="page-head with-action">
        <div>
          <h1>{t("outbox.title")}</h1>
          <p class="page-about">{t("outbox.explain")}</p>
        </div>
        <button type="button" class="button" onClick={outbox.refresh} disabled={outbox.emails.loading}>
          <Icon name="refresh" />
          <span>{t("common.refresh")}</span>
        </button>
      </header>

      <Switch>
        <Match when={unavailable()}>
          <Notice tone="info">{t("outbox.unavailable")}</Notice>
        </Match>
        <Match when={outbox.emails.error}>
          <Notice tone="error">{errorText(outbox.emails.error, t, { forbidden: "outbox.adminsOnly" })}</Notice>
        </Match>
        <Match when={outbox.emails.state === "pending"}>
          <p class="muted" role="status">
            {t("common.loading")}
          </p>
        </Match>
        <Match when={outbox.emails.latest?.length === 0}>
          <div class="empty-state">
            <span class="empty-icon">
              <Icon name="mail" />
            </span>
            <p>{t("outbox.empty")}</p>
          </div>
        </Match>
        <Match when={outbox.emails.latest}>
          {(emails) => (
            <div class="outbox">
              <ul class="bare-list outbox-list card flush" aria-label={t("outbox.listLabel")} data-testid="outbox-list">
                <For each={emails()}>
                  {(email) => (
                    <li>
                      <button
                        type="button"
                        class="outbox-item"
                        aria-current={outbox.selectedId() === email.id ? "true" : undefined}
                        data-testid="outbox-item"
                        onClick={() => outbox.select(email.id)}
                      >
                        <span class="outbox-row">
                          <span class="outbox-to break">
                            <span class="sr-only">{t("outbox.to")}: </span>
                            {email.to}
                          </span>
                          <time class="muted small-text" datetime={new Date(email.createdAt).toISOString()}>
                            {dateTime(email.createdAt)}
                          </time>
                        </span>
                        <span class="outbox-row">
                          <span class="outbox-subject">
                            <span class="sr-only">{t("outbox.subject")}: </span>
                            {email.subject}
                          </span>
                          <span class={`badge status-${email.status}`}>
                            <span class="sr-only">{t("outbox.status")}: </span>
                            {status(email)}
                          </span>
                        </span>
                      </button>
                    </li>
                  )}
                </For>
              </ul>
              <section class="outbox-reader card" aria-live="polite" data-testid="outbox-reader">
                <Show when={outbox.selected()} fallback={<p class="muted center">{t("outbox.pick")}</p>}>
                  {(email) => (
                    <article>
                      <h2 class="reader-subject">{email().subject}</h2>
                      <dl class="reader-meta">
                        <dt>{t("outbox.to")}</dt>
                        <dd class="break">{email().to}</dd>
                        <dt>{t("outbox.time")}</dt>
                        <dd>{dateTime(email().createdAt)}</dd>
                        <dt>{t("outbox.status")}</dt>
                        <dd>
                          {status(email())} · {t("outbox.attempts", { count: email().attempts })}
                        </dd>
                        <Show when={email().attachments.length > 0}>
                          <dt>{t("outbox.attachments")}</dt>
                          <dd class="outbox-attachments" data-testid="outbox-attachments">
                            <For each={email().attachments}>
                              {(file) => (
                                <a href={`data:${file.contentType.split(";")[0]};base64,${file.content}`} download={file.filename}>
                                  {file.filename}
                                </a>
                              )}
                            </For>
                          </dd>
                        </Show>
                      </dl>
                      <Show when={email().lastError}>
                        {(lastError) => <Notice tone="error">{t("outbox.lastError", { error: lastError() })}</Notice>}
                      </Show>
                      <pre class="mail-text" data-testid="outbox-text">
                        <LinkedText text={email().text} />
                      </pre>
                    </article>
                  )}
                </Show>
              </section>
            </div>
          )}
        </Match>
      </Switch>
    </div>
  );
}
