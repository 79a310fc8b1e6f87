// Sets a new password from an emailed reset link, then points to the sign-in page.
import { A, useParams } from "@solidjs/router";
import { createSignal, Match, Switch } from "solid-js";
import { AuthCard } from "../components/AuthCard";
import { createNewPassword, NewPasswordFields } from "../components/NewPasswordFields";
import { Notice } from "../components/Notice";
import { ApiError, useApi } from "../lib/api";
import { errorText } from "../lib/errorText";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";

export function ResetConfirmPage() {
  const { t } = useI18n();
  const api = useApi();
  const params = useParams<{ token: string }>();
  const fields = createNewPassword();
  const [busy, setBusy] = createSignal(false);
  const [done, setDone] = createSignal(false);
  const [invalid, setInvalid] = createSignal(false);
  const [error, setError] = createSignal("");
  useDocumentTitle(() => t("reset.newTitle"));

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError("");
    if (!fields.validate()) return;
    setBusy(true);
    try {
      await api.confirmPasswordReset({ token: params.token, password: fields.password() });
      setDone(true);
    } catch (err) {
      // A malformed token fails validation (400) just like a spent one: both mean a dead link.
      if (err instanceof ApiError && (err.code === "invalid_token" || (err.status === 400 && /token/i.test(err.message)))) setInvalid(true);
      else setError(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t("reset.newTitle")}>
      <Switch>
        <Match when={done()}>
          <div class="form">
            <Notice tone="success" testId="reset-done">
              {t("reset.done")}
            </Notice>
            <A href="/login" class="button primary block">
              {t("reset.signIn")}
            </A>
          </div>
        </Match>
        <Match when={invalid()}>
          <div class="form">
            <Notice tone="error" testId="reset-invalid">
              {t("reset.invalid")}
            </Notice>
            <A href="/reset" class="button primary block">
              {t("reset.requestNew")}
            </A>
            <A href="/login" class="link center">
              {t("common.backToSignIn")}
            </A>
          </div>
        </Match>
        <Match when={true}>
          <form class="form" noValidate onSubmit={submit}>
            <NewPasswordFields state={fields} />
            {error() && <Notice tone="error">{error()}</Notice>}
            <button type="submit" class="button primary block" disabled={busy()}>
              {t("reset.newSubmit")}
            </button>
          </form>
        </Match>
      </Switch>
    </AuthCard>
  );
}
