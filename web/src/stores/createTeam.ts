// The workspace's members and pending invitations, with the changes an admin can make.
import { createResource } from "solid-js";
import type { Api, CreateInviteBody, Invite, TeamMember } from "../lib/api";

export function createTeam(api: Api, canManage: () => boolean) {
  const [members, { mutate: setMembers }] = createResource(async () => (await api.members()).members);
  // Only owners and admins may read invitations; agents never ask.
  const [invites, { mutate: setInvites }] = createResource(
    () => canManage() || undefined,
    async () => (await api.invites()).invites,
  );

  async function changeRole(member: TeamMember, role: "admin" | "agent"): Promise<TeamMember> {
    const updated = await api.updateMember(member.id, { role });
    setMembers((list) => list?.map((m) => (m.id === updated.id ? updated : m)));
    return updated;
  }

  async function remove(member: TeamMember): Promise<void> {
    await api.removeMember(member.id);
    setMembers((list) => list?.filter((m) => m.id !== member.id));
  }

  async function invite(body: CreateInviteBody): Promise<Invite> {
    const created = await api.createInvite(body);
    setInvites((list) => [created, ...(list ?? [])]);
    return created;
  }

  async function revoke(target: Invite): Promise<void> {
    await api.revokeInvite(target.id);
    setInvites((list) => list?.filter((i) => i.id !== target.id));
  }

  return {
    members,
    invites,
    changeRole,
    remove,
    invite,
    revoke,
  };
}

export type Team = ReturnType<typeof createTeam>;
