// The offline form, when nobody answered the visitor's request: the fields the Live chat step
// asks, filled in with what the bot already collected, checked as the visitor types once they
// tried to send, each mistake said under its field; then the confirmation, which a reload shows
// again from the conversation's view. Loaded on demand with its texts (../offlineTexts.ts): most
// visitors never see it. A failed send keeps what was typed and its id, so a retry makes one thread.
import { createEffect, createMemo, createSignal, For, on, Show } from "solid-js";
import type { OfflineSubmission, OfflineSubmitted } from "@raibu/protocol/offline";
import type { ConversationView } from "@raibu/protocol/realtime";
import { withRetry } from "../../../../client/rateLimit";
import { newMessageId } from "../../../../client/timeline";
import { call } from "../api";
import { askedFields, checkForm, confirmation, emptyValues, prefilled, sendFailure, submission, type FieldProblem, type OfflineField } from "../offlineForm";
import { offlineText, type OfflineKey } from "../offlineTexts";

export interface OfflineFormProps {
  /** The conversation while its status is `offline_form`. */
  view: ConversationView;
  /** The visitor's token. */
  token: string;
}

/** Sent again with the same `id`, the form answers with the thread it made the first time. */
const send = (token: string, conversationId: string, body: OfflineSubmission) =>
  call<OfflineSubmitted>(`/api/widget/conversations/${encodeURIComponent(conversationId)}/offline-form`, body, token);

const LABELS: Record<OfflineField, OfflineKey> = { name: "offlineName", email: "offlineEmail", phone: "offlinePhone", message: "offlineMessage" };
/** What browsers may fill each field with. */
const INPUTS: Record<Exclude<OfflineField, "message">, { type: string; autocomplete: string }> = {
  name: { type: "text", autocomplete: "name" },
  email: { type: "email", autocomplete: "email" },
  phone: { type: "tel", autocomplete: "tel" },
};

function problemText(field: OfflineField, problem: FieldProblem): string {
  switch (problem.code) {
    case "required":
      return offlineText(`required.${field}`);
    case "email":
      return offlineText("badEmail");
    case "phone":
      return offlineText("badPhone");
    case "tooLong":
      return offlineText("fieldTooLong", { max: problem.max, count: problem.over });
  }
}

const fieldId = (field: OfflineField) => `offline-${field}`;

// The address the form was sent with, kept in this browser so the confirmation names it after a
// reload (the conversation's view no longer carries it once sent). Storage may throw (private
// modes, blocked storage in the iframe): the confirmation then says "by email".
const sentKey = (conversationId: string) => `raibu.offlineSent.${conversationId}`;
function rememberSent(conversationId: string, email: string) {
  try {
    localStorage.setItem(sentKey(conversationId), email);
  } catch {
    // Not remembered; see above.
  }
}
function rememberedSent(conversationId: string): string | null {
  try {
    return localStorage.getItem(sentKey(conversationId));
  } catch {
    return null;
  }
}

export default function OfflineForm(props: OfflineFormProps) {
  /** The submission's id, the same on every retry: the server makes one thread of it. */
  const id = newMessageId();
  const [values, setValues] = createSignal(prefilled(emptyValues(), props.view.offlinePrefill));
  /** After a first try, mistakes show (and go) as the visitor types. */
  const [tried, setTried] = createSignal(false);
  const [serverFields, setServerFields] = createSignal<Partial<Record<OfflineField, string>>>({});
  const [formError, setFormError] = createSignal<string | null>(null);
  const [sending, setSending] = createSignal(false);
  const [sentTo, setSentTo] = createSignal<string | null>(null);

  // Every state frame is a new view: refill only when what the bot knows changed, and only empty fields.
  const known = createMemo(() => Object.values(props.view.offlinePrefill ?? {}).join("\n"));
  createEffect(on(known, () => setValues((v) => prefilled(v, props.view.offlinePrefill)), { defer: true }));

  // Equal by value, so a new view with the same fields keeps the inputs (and the focus) where they are.
  const asked = createMemo(() => (props.view.offlineForm ? askedFields(props.view.offlineForm) : []), [], { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const problems = createMemo(() => (props.view.offlineForm ? checkForm(values(), props.view.offlineForm) : {}));
  const errorOf = (field: OfflineField): string | null => {
    const problem = problems()[field];
    return serverFields()[field] ?? (tried() && problem ? problemText(field, problem) : null);
  };
  // While the form is on its way, the server's view may say it was sent before its answer names the address.
  const done = () => (sending() ? null : confirmation(props.view, sentTo(), rememberedSent(props.view.id)));

  function edit(field: OfflineField, value: string) {
    setValues((v) => ({ ...v, [field]: value }));
    // The server's word on a field holds until the visitor changes it.
    if (serverFields()[field]) setServerFields(({ [field]: _, ...rest }) => rest);
  }

  let sendButton!: HTMLButtonElement;
  /** To the first field to fix, else back to the button (sending disabled it, which took its focus). */
  const focusAfter = (field: OfflineField | undefined) => queueMicrotask(() => (field ? document.getElementById(fieldId(field)) : sendButton)?.focus());

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const config = props.view.offlineForm;
    if (sending() || !config) return;
    setTried(true);
    setServerFields({});
    const wrong = asked().find(({ field }) => problems()[field]);
    setFormError(wrong ? offlineText("checkFields") : null);
    if (wrong) return focusAfter(wrong.field);
    const body = submission(id, values(), config);
    setSending(true);
    try {
      // A rate limit waits as long as the server asks and tries again, with the same id.
      await withRetry(() => send(props.token, props.view.id, body));
      setSentTo(body.email);
      rememberSent(props.view.id, body.email);
    } catch (error) {
      const failure = sendFailure(error, asked().map((a) => a.field));
      setServerFields(failure.fields);
      setFormError("key" in failure.form ? offlineText(failure.form.key) : failure.form.text);
      focusAfter(asked().find(({ field }) => failure.fields[field])?.field);
    } finally {
      setSending(false);
    }
  }

  return (
    <Show
      when={done()}
      fallback={
        <>
          <div class="panel notice" role="status">
            {/* With no offline form to fill in, the visitor can only come back later. */}
            {offlineText(props.view.offlineForm ? "unavailable" : "nobodyAvailable")}
          </div>
          <Show when={props.view.offlineForm}>
            <form class="panel offline-form" data-testid="offline-form" aria-labelledby="offline-title" novalidate onSubmit={submit}>
              <h2 id="offline-title">{offlineText("offlineTitle")}</h2>
              <p class="hint">{offlineText("offlineIntro")}</p>
              <fieldset disabled={sending()}>
                <For each={asked()}>
                  {({ field, required }) => {
                    const error = () => errorOf(field);
                    const input = (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => edit(field, event.currentTarget.value);
                    const described = () => (error() ? `${fieldId(field)}-error` : undefined);
                    return (
                      <div class="offline-field">
                        <label for={fieldId(field)}>
                          {offlineText(LABELS[field])}
                          <Show when={!required}> {offlineText("optional")}</Show>
                        </label>
                        {field === "message" ? (
                          <textarea id={fieldId(field)} class="input" rows={3} value={values().message} aria-required={required} aria-invalid={!!error()} aria-describedby={described()} onInput={input} />
                        ) : (
                          <input
                            id={fieldId(field)}
                            class="input"
                            type={INPUTS[field].type}
                            autocomplete={INPUTS[field].autocomplete}
                            value={values()[field]}
                            aria-required={required}
                            aria-invalid={!!error()}
                            aria-describedby={described()}
                            onInput={input}
                          />
                        )}
                        <Show when={error()}>
                          {(text) => (
                            <p id={`${fieldId(field)}-error`} class="error">
                              {text()}
                            </p>
                          )}
                        </Show>
                      </div>
                    );
                  }}
                </For>
                <Show when={formError()}>
                  {(text) => (
                    <p class="error" role="alert">
                      {text()}
                    </p>
                  )}
                </Show>
                <button type="submit" class="button" data-testid="offline-send" ref={sendButton}>
                  {offlineText(sending() ? "offlineSending" : "offlineSend")}
                </button>
              </fieldset>
            </form>
          </Show>
        </>
      }
    >
      {/* Just sent, the form that held the focus is gone: the confirmation takes it, and is read out. */}
      <p class="panel offline-sent" role="status" data-testid="offline-sent" tabindex="-1" ref={(el) => sentTo() !== null && queueMicrotask(() => el.focus())}>
        {done()?.email ? offlineText("sentTo", { email: done()!.email! }) : offlineText("sentByEmail")}
      </p>
    </Show>
  );
}
