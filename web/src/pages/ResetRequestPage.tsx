// Asks for a password-reset link; the answer never tells whether the email has an account.
import { A } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { AuthCard } from "../components/AuthCard";
import { createEmailInput, EmailField } from "../components/EmailField";
import { Notice } from "../components/Notice";
import { useApi } from "../lib/api";
import { errorText } from "../lib/errorText";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";

export function ResetRequestPage() {
  const { t, lang } = useI18n();
  const api = useApi();
  const email = createEmailInput(t);
  const [busy, setBusy] = createSignal(false);
  const [sent, setSent] = createSignal(false);
  const [error, setError] = createSignal("");
  useDocumentTitle(() => t("reset.title"));

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError("");
    if (!email.check()) return;
    setBusy(true);
    try {
      await api.requestPasswordReset({ email: email.trimmed(), locale: lang() });
      setSent(true);
    } catch (err) {
      setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t("reset.title")} intro={sent() ? undefined : t("reset.intro")}>
      <Show
        when={!sent()}
        fallback={
          <div class="form">
            <Notice tone="success" testId="reset-sent">
              {t("reset.sent")}
            </Notice>
            <A href="/login" class="button block">
              {t("common.backToSignIn")}
            </A>
          </div>
        }
      >
        <form class="form" noValidate onSubmit={submit}>
          <EmailField input={email} label={t("field.email")} name="email" autocomplete="email" />
          <Show when={error()}>
            <Notice tone="error">{error()}</Notice>
          </Show>
          <button type="submit" class="button primary block" disabled={busy()}>
            {t("reset.submit")}
          </button>
          <A href="/login" class="link center">
            {t("common.backToSignIn")}
          </A>
        </form>
      </Show>
    </AuthCard>
  );
}
