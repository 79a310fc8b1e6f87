// Invitations not accepted yet, each with its expiry and a revoke button.
import { For, Show } from "solid-js";
import type { Invite } from "../lib/api";
import { errorText } from "../lib/errorText";
import { createRowAction } from "../lib/rowAction";
import { useI18n } from "../stores/createI18n";
import type { Team } from "../stores/createTeam";
import { Notice } from "./Notice";

export function PendingInvites(props: { team: Team }) {
  const { t, dateTime } = useI18n();
  const { status, busyId, run } = createRowAction(t);

  const revoke = (invite: Invite) =>
    run(invite.id, async () => {
      await props.team.revoke(invite);
      return t("invites.revoked", { email: invite.email });
    });

  return (
    <>
      <Show when={status()}>{(s) => <Notice tone={s().tone}>{s().text}</Notice>}</Show>
      <Show when={props.team.invites.error}>
        <Notice tone="error">{errorText(props.team.invites.error, t)}</Notice>
      </Show>
      <Show when={props.team.invites.state === "pending"}>
        <p class="muted" role="status">
          {t("common.loading")}
        </p>
      </Show>
      <Show when={!props.team.invites.error && props.team.invites.latest}>
        <Show when={(props.team.invites.latest ?? []).length > 0} fallback={<p class="muted">{t("invites.none")}</p>}>
          <ul class="bare-list invite-list" data-testid="pending-invites">
            <For each={props.team.invites.latest}>
              {(invite) => (
                <li class="list-row invite-item" data-email={invite.email}>
                  <div class="invite-info">
                    <span class="break">{invite.email}</span>
                    <span class="muted small-text">
                      <span class={`badge role-${invite.role}`}>{t(`role.${invite.role}`)}</span>{" "}
                      {t("invites.expires", { date: dateTime(invite.expiresAt) })}
                    </span>
                  </div>
                  <button
                    type="button"
                    class="button small"
                    aria-label={t("invites.revokeLabel", { email: invite.email })}
                    disabled={busyId() === invite.id}
                    onClick={() => revoke(invite)}
                  >
                    {t("invites.revoke")}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
    </>
  );
}
