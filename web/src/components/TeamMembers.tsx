// The team table: everyone sees it; owners and admins can change roles and remove people.
import { createSignal, For, Show } from "solid-js";
import type { TeamMember } from "../lib/api";
import { createRowAction } from "../lib/rowAction";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import type { Team } from "../stores/createTeam";
import { ConfirmDialog } from "./ConfirmDialog";
import { Notice } from "./Notice";

export function TeamMembers(props: { team: Team; canManage: boolean }) {
  const { t } = useI18n();
  const session = useSession();
  const { status, busyId, run } = createRowAction(t);
  const [removing, setRemoving] = createSignal<TeamMember | null>(null);

  // The owner's role is fixed, and nobody edits themselves here so an admin cannot lock themselves out.
  const editable = (member: TeamMember) => props.canManage && member.role !== "owner" && member.id !== session.me()?.id;

  const changeRole = (member: TeamMember, role: "admin" | "agent", select: HTMLSelectElement) =>
    run(
      member.id,
      async () => {
        await props.team.changeRole(member, role);
        return t("team.roleChanged", { name: member.name, role: t(`role.${role}`) });
      },
      () => (select.value = member.role),
    );

  const confirmRemove = async () => {
    const member = removing();
    if (!member) return;
    setRemoving(null);
    await run(member.id, async () => {
      await props.team.remove(member);
      return t("team.removed", { name: member.name });
    });
  };

  return (
    <>
      <Show when={status()}>{(s) => <Notice tone={s().tone}>{s().text}</Notice>}</Show>
      <div class="table-wrap">
        <table class="table team-table" data-testid="team-table">
          <thead class="sr-only-narrow">
            <tr>
              <th scope="col">{t("team.colName")}</th>
              <th scope="col">{t("team.colEmail")}</th>
              <th scope="col">{t("team.colRole")}</th>
              <th scope="col">{t("team.colAvailability")}</th>
              <Show when={props.canManage}>
                <th scope="col">
                  <span class="sr-only">{t("team.colActions")}</span>
                </th>
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.team.members() ?? []}>
              {(member) => (
                <tr data-testid="member-row" data-email={member.email}>
                  <td data-label={t("team.colName")}>
                    <span class="member-name">
                      <span class="avatar small" aria-hidden="true">
                        {member.name.trim().charAt(0).toUpperCase() || "?"}
                      </span>
                      {member.name}
                      <Show when={member.id === session.me()?.id}>
                        <span class="muted"> ({t("common.you")})</span>
                      </Show>
                    </span>
                  </td>
                  <td data-label={t("team.colEmail")} class="break">
                    {member.email}
                  </td>
                  <td data-label={t("team.colRole")}>
                    <Show when={editable(member)} fallback={<span class={`badge role-${member.role}`}>{t(`role.${member.role}`)}</span>}>
                      <select
                        class="select compact"
                        aria-label={t("team.roleOf", { name: member.name })}
                        value={member.role}
                        disabled={busyId() === member.id}
                        onChange={(e) => changeRole(member, e.currentTarget.value as "admin" | "agent", e.currentTarget)}
                      >
                        <option value="agent">{t("role.agent")}</option>
                        <option value="admin">{t("role.admin")}</option>
                      </select>
                    </Show>
                  </td>
                  <td data-label={t("team.colAvailability")}>
                    <span class="presence" classList={{ online: member.availability === "online" }}>
                      <span class="dot" aria-hidden="true" />
                      {t(`availability.${member.availability}`)}
                    </span>
                  </td>
                  <Show when={props.canManage}>
                    <td class="actions">
                      <Show when={editable(member)}>
                        <button
                          type="button"
                          class="button small danger-text"
                          aria-label={t("team.removeLabel", { name: member.name })}
                          disabled={busyId() === member.id}
                          onClick={() => setRemoving(member)}
                        >
                          {t("team.remove")}
                        </button>
                      </Show>
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <ConfirmDialog
        open={removing() !== null}
        title={t("team.removeTitle", { name: removing()?.name ?? "" })}
        confirmLabel={t("team.removeConfirm")}
        danger
        onConfirm={confirmRemove}
        onCancel={() => setRemoving(null)}
      >
        <p>{t("team.removeBody", { name: removing()?.name ?? "" })}</p>
      </ConfirmDialog>
    </>
  );
}
