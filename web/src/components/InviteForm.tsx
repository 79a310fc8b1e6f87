// Invites a person by email with a role, in the language they will read the email in.
import { createSignal, Show } from "solid-js";
import type { CreateInviteBody } from "../lib/api";
import { errorText } from "../lib/errorText";
import { LANGS, type Lang } from "../lib/i18n";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import type { Team } from "../stores/createTeam";
import { Notice } from "./Notice";
import { createEmailInput, EmailField } from "./EmailField";

export function InviteForm(props: { team: Team }) {
  const { t, lang } = useI18n();
  const session = useSession();
  // Without email an invitation could never reach anyone: say so instead of offering it.
  const mailOff = () => session.me()?.mailMode === "not_configured";
  const email = createEmailInput(t);
  const [role, setRole] = createSignal<"agent" | "admin">("agent");
  // Follows the console's language until the admin picks one for this person.
  const [pickedLang, setEmailLang] = createSignal<Lang | null>(null);
  const emailLang = () => pickedLang() ?? lang();
  const [busy, setBusy] = createSignal(false);
  const [status, setStatus] = createSignal<{ tone: "error" | "success"; text: string } | null>(null);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setStatus(null);
    if (!email.check()) return;
    setBusy(true);
    try {
      const body: CreateInviteBody = { email: email.trimmed(), role: role(), locale: emailLang() };
      const created = await props.team.invite(body);
      setStatus({ tone: "success", text: t("invites.sent", { email: created.email }) });
      email.setValue("");
    } catch (err) {
      setStatus({ tone: "error", text: errorText(err, t, { email_not_configured: "invites.emailNotConfigured", already_member: "invites.alreadyMember" }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="invite-form" noValidate onSubmit={submit} data-testid="invite-form">
      <EmailField input={email} class="grow" label={t("invites.email")} name="invite-email" autocomplete="off" />
      <div class="field">
        <label for="invite-role">{t("invites.role")}</label>
        <select id="invite-role" class="select" value={role()} onChange={(e) => setRole(e.currentTarget.value as "agent" | "admin")}>
          <option value="agent">{t("role.agent")}</option>
          <option value="admin">{t("role.admin")}</option>
        </select>
      </div>
      <div class="field">
        <label for="invite-lang">{t("invites.language")}</label>
        <select id="invite-lang" class="select" value={emailLang()} onChange={(e) => setEmailLang(e.currentTarget.value as Lang)}>
          {LANGS.map((code) => (
            <option value={code}>{t(`lang.${code}`)}</option>
          ))}
        </select>
      </div>
      <div class="field field-submit">
        <button type="submit" class="button primary" disabled={busy() || mailOff()}>
          {busy() ? t("invites.sending") : t("invites.submit")}
        </button>
      </div>
      <Show when={mailOff()}>
        <div class="invite-status">
          <Notice tone="info" testId="invite-mail-off">
            {t("invites.emailNotConfigured")}
          </Notice>
        </div>
      </Show>
      <Show when={status()}>
        {(s) => (
          <div class="invite-status">
            <Notice tone={s().tone} testId="invite-status">
              {s().text}
            </Notice>
          </div>
        )}
      </Show>
    </form>
  );
}
