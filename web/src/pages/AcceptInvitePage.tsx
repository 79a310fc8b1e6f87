// Accepting an emailed invitation: shows who invited whom, creates the account, signs in.
import { useNavigate, useParams } from "@solidjs/router";
import { createResource, createSignal, Match, Show, Switch } from "solid-js";
import { AuthCard } from "../components/AuthCard";
import { createNewPassword, NewPasswordFields } from "../components/NewPasswordFields";
import { Notice } from "../components/Notice";
import { TextField } from "../components/TextField";
import { ApiError, useApi } from "../lib/api";
import { errorText } from "../lib/errorText";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";

export function AcceptInvitePage() {
  const { t } = useI18n();
  const api = useApi();
  const session = useSession();
  const navigate = useNavigate();
  const params = useParams<{ token: string }>();
  const [preview] = createResource(
    () => params.token,
    (token) => api.previewInvite(token),
  );
  const fields = createNewPassword({ withConfirm: false });
  const [name, setName] = createSignal("");
  const [nameError, setNameError] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal("");

  // 400 (bad or spent token) and 404 both mean the link cannot be used.
  const linkIsDead = () => {
    const err = preview.error;
    return err instanceof ApiError && (err.status === 400 || err.status === 404);
  };
  const title = () => {
    if (preview.state === "ready") return t("invite.title", { workspace: preview().workspaceName });
    return preview.error ? t("invite.unusableTitle") : t("invite.checkingTitle");
  };
  useDocumentTitle(title);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setError("");
    setNameError(name().trim() ? "" : t("field.nameMissing"));
    const passwordOk = fields.validate();
    if (nameError() || !passwordOk) return;
    setBusy(true);
    try {
      const me = await api.acceptInvite({ token: params.token, name: name().trim(), password: fields.password() });
      session.setMe(me);
      navigate("/", { replace: true });
    } catch (err) {
      setError(errorText(err, t, { invalid_token: "invite.invalid" }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthCard title={title()}>
      <Switch>
        <Match when={preview.loading}>
          <p class="muted" role="status">
            {t("invite.checking")}
          </p>
        </Match>
        <Match when={linkIsDead()}>
          <Notice tone="error" testId="invite-invalid">
            {t("invite.invalid")}
          </Notice>
        </Match>
        <Match when={preview.error}>
          <Notice tone="error">{errorText(preview.error, t)}</Notice>
        </Match>
        <Match when={preview.state === "ready" && preview()}>
          {(info) => (
            <form class="form" noValidate onSubmit={submit}>
              <p class="auth-intro" data-testid="invite-intro">
                {t("invite.intro", { role: t(`role.${info().role}`), email: info().email })}
              </p>
              <TextField label={t("field.email")} type="email" value={info().email} readOnly autocomplete="username" />
              <TextField
                label={t("field.name")}
                name="name"
                autocomplete="name"
                required
                maxLength={80}
                value={name()}
                error={nameError()}
                onInput={(e) => setName(e.currentTarget.value)}
              />
              <NewPasswordFields state={fields} label={t("field.password")} />
              <Show when={error()}>
                <Notice tone="error">{error()}</Notice>
              </Show>
              <button type="submit" class="button primary block" disabled={busy()}>
                {busy() ? t("invite.submitting") : t("invite.submit")}
              </button>
            </form>
          )}
        </Match>
      </Switch>
    </AuthCard>
  );
}
