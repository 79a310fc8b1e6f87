// Settings → Team: members, roles and invitations.
import { Show } from "solid-js";
import { InviteForm } from "../components/InviteForm";
import { Notice } from "../components/Notice";
import { PendingInvites } from "../components/PendingInvites";
import { TeamMembers } from "../components/TeamMembers";
import { useApi } from "../lib/api";
import { errorText } from "../lib/errorText";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import { createTeam } from "../stores/createTeam";
import "./team.css";

export function TeamSettingsPage() {
  const { t } = useI18n();
  const session = useSession();
  const team = createTeam(useApi(), session.isAdmin);
  useDocumentTitle(() => `${t("team.title")} · ${t("settings.title")}`);

  return (
    <>
      <section class="card" aria-labelledby="team-title">
        <div class="card-head">
          <div>
            <h2 id="team-title">{t("team.title")}</h2>
            <p class="muted">{t("team.intro")}</p>
          </div>
        </div>
        <Show when={!session.isAdmin()}>
          <p class="muted read-only" data-testid="team-read-only">
            {t("team.readOnly")}
          </p>
        </Show>
        <Show when={team.members.error}>
          <Notice tone="error">{errorText(team.members.error, t)}</Notice>
        </Show>
        <Show when={team.members.loading && !team.members.latest}>
          <p class="muted" role="status">
            {t("common.loading")}
          </p>
        </Show>
        <Show when={!team.members.error && team.members.latest}>
          <TeamMembers team={team} canManage={session.isAdmin()} />
        </Show>
      </section>

      <Show when={session.isAdmin()}>
        <section class="card" aria-labelledby="invite-title">
          <h2 id="invite-title">{t("invites.title")}</h2>
          <p class="muted">{t("invites.intro")}</p>
          <InviteForm team={team} />
          <h3 class="subhead">{t("invites.pending")}</h3>
          <PendingInvites team={team} />
        </section>
      </Show>
    </>
  );
}
