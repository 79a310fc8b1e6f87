// Sign-in with email and password; returns the agent to where they were headed.
import { A, useNavigate, useSearchParams } from "@solidjs/router";
import { createSignal, Show } from "solid-js";
import { AuthCard } from "../components/AuthCard";
import { createEmailInput, EmailField } from "../components/EmailField";
import { Notice } from "../components/Notice";
import { TextField } from "../components/TextField";
import { ApiError, useApi } from "../lib/api";
import { errorText } from "../lib/errorText";
import { safeNext, toRoute } from "../lib/paths";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";

export function LoginPage() {
  const { t } = useI18n();
  const api = useApi();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams<{ next?: string }>();
  const email = createEmailInput(t);
  const [password, setPassword] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");
  useDocumentTitle(() => t("login.submit"));
  const waitText = (ms: number) =>
    ms < 120_000 ? t("login.waitSeconds", { count: Math.ceil(ms / 1000) }) : t("login.waitMinutes", { count: Math.ceil(ms / 60_000) });

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError("");
    if (!email.check()) return;
    if (!password()) return setError(t("login.missing"));
    setBusy(true);
    try {
      const me = await api.login({ email: email.trimmed(), password: password() });
      session.setMe(me);
      navigate(toRoute(safeNext(params.next)), { replace: true });
    } catch (err) {
      // Too many attempts: the server says how long this account or network must wait.
      if (err instanceof ApiError && err.code === "rate_limited" && err.retryAfterMs) setError(t("login.locked", { wait: waitText(err.retryAfterMs) }));
      else setError(errorText(err, t, { unauthorized: "login.wrongCredentials" }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={t("login.title")} intro={t("login.intro")}>
      <form class="form" noValidate onSubmit={submit}>
        <EmailField input={email} label={t("field.email")} name="email" autocomplete="username" />
        <TextField
          label={t("field.password")}
          type="password"
          name="password"
          autocomplete="current-password"
          required
          value={password()}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <div class="form-row-end">
          <A href="/reset" class="link">
            {t("login.forgot")}
          </A>
        </div>
        <Show when={error()}>
          <Notice tone="error" testId="login-error">
            {error()}
          </Notice>
        </Show>
        <button type="submit" class="button primary block" disabled={busy()}>
          {busy() ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
    </AuthCard>
  );
}
