// The workspace's team: members, their roles, and invitations by email.
import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { getDb } from "../db/client";
import { actionTokens, sessions, users, workspaces } from "../db/schema";
import { INVITE_TTL_MS, issueActionToken } from "../lib/accountTokens";
import { requireAdmin, requireUser } from "../lib/auth";
import { inviteEmail, inviteTakenEmail } from "../lib/emailTemplates";
import { badRequest, conflict, forbidden, notFound } from "../lib/errors";
import { queueEmail, requireMail } from "../lib/mailer";
import { appOrigin } from "../lib/origin";
import { cookieAuth, createRouter } from "../lib/router";
import { endSessionSockets } from "../lib/sessionSockets";
import {
  CreateInviteBodySchema,
  errorResponses,
  IdParamSchema,
  InviteSchema,
  jsonBody,
  jsonContent,
  OkSchema,
  TeamMemberSchema,
  UpdateMemberBodySchema,
} from "@raibu/protocol/api";

const team = createRouter();
team.use("/api/users", requireUser);
team.use("/api/users/*", requireUser);

const memberColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  availability: users.availability,
  createdAt: users.createdAt,
};

const listMembers = createRoute({
  method: "get",
  path: "/api/users",
  tags: ["team"],
  summary: "Members of the workspace",
  security: cookieAuth,
  responses: { 200: jsonContent(z.object({ members: z.array(TeamMemberSchema) })), ...errorResponses(401) },
});

team.openapi(listMembers, async (c) => {
  const members = await getDb(c.env.DB)
    .select(memberColumns)
    .from(users)
    .where(eq(users.workspaceId, c.get("user").workspaceId))
    .orderBy(users.name);
  return c.json({ members }, 200);
});

const updateMember = createRoute({
  method: "patch",
  path: "/api/users/{id}",
  tags: ["team"],
  summary: "Change a member's role (admins only; the owner's role never changes)",
  security: cookieAuth,
  middleware: [requireAdmin] as const,
  request: { params: IdParamSchema, ...jsonBody(UpdateMemberBodySchema) },
  responses: { 200: jsonContent(TeamMemberSchema), ...errorResponses(400, 401, 403, 404) },
});

team.openapi(updateMember, async (c) => {
  const { id } = c.req.valid("param");
  const { role } = c.req.valid("json");
  const db = getDb(c.env.DB);
  const where = and(eq(users.id, id), eq(users.workspaceId, c.get("user").workspaceId));
  const [member] = await db.select(memberColumns).from(users).where(where).limit(1);
  if (!member) throw notFound("Member");
  if (member.role === "owner") throw forbidden("The owner's role cannot be changed.");
  await db.update(users).set({ role }).where(where);
  return c.json({ ...member, role }, 200);
});

const removeMember = createRoute({
  method: "delete",
  path: "/api/users/{id}",
  tags: ["team"],
  summary: "Remove a member from the workspace, end their sessions and close their open sockets",
  security: cookieAuth,
  middleware: [requireAdmin] as const,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(OkSchema), ...errorResponses(400, 401, 403, 404) },
});

team.openapi(removeMember, async (c) => {
  const { id } = c.req.valid("param");
  const me = c.get("user");
  const db = getDb(c.env.DB);
  const where = and(eq(users.id, id), eq(users.workspaceId, me.workspaceId));
  const [member] = await db.select(memberColumns).from(users).where(where).limit(1);
  if (!member) throw notFound("Member");
  if (member.id === me.id) throw badRequest("You cannot remove yourself.");
  if (member.role === "owner") throw forbidden("The owner cannot be removed.");
  await db.batch([db.delete(sessions).where(eq(sessions.userId, id)), db.delete(users).where(where)]);
  await endSessionSockets(c.env, me.workspaceId, id, null);
  return c.json({ ok: true as const }, 200);
});

const listInvites = createRoute({
  method: "get",
  path: "/api/users/invites",
  tags: ["team"],
  summary: "Pending invitations",
  security: cookieAuth,
  middleware: [requireAdmin] as const,
  responses: { 200: jsonContent(z.object({ invites: z.array(InviteSchema) })), ...errorResponses(401, 403) },
});

team.openapi(listInvites, async (c) => {
  const invites = await getDb(c.env.DB)
    .select({ id: actionTokens.id, email: actionTokens.email, role: actionTokens.role, expiresAt: actionTokens.expiresAt, createdAt: actionTokens.createdAt })
    .from(actionTokens)
    .where(
      and(
        eq(actionTokens.workspaceId, c.get("user").workspaceId),
        eq(actionTokens.kind, "invite"),
        isNull(actionTokens.usedAt),
        gt(actionTokens.expiresAt, Date.now()),
      ),
    )
    .orderBy(desc(actionTokens.createdAt));
  return c.json({ invites: invites.map((i) => ({ ...i, role: i.role ?? "agent" })) }, 200);
});

const createInvite = createRoute({
  method: "post",
  path: "/api/users/invites",
  tags: ["team"],
  summary: "Invite a person by email; the email holds a link to choose a password (503 when email is not configured)",
  security: cookieAuth,
  middleware: [requireAdmin] as const,
  request: jsonBody(CreateInviteBodySchema),
  responses: { 201: jsonContent(InviteSchema, "Created"), ...errorResponses(400, 401, 403, 409, 503) },
});

team.openapi(createInvite, async (c) => {
  const { email, role, locale } = c.req.valid("json");
  const me = c.get("user");
  // An invitation is only its link: without a way to send it, nobody could ever use it.
  requireMail(c.env);
  const db = getDb(c.env.DB);
  const [existing] = await db.select({ workspaceId: users.workspaceId }).from(users).where(eq(users.email, email)).limit(1);
  // The team list shows this workspace's members anyway; another workspace's stay unsaid.
  if (existing?.workspaceId === me.workspaceId) throw conflict("This person is already a member of the workspace.", "already_member");
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, me.workspaceId)).limit(1);
  const invite = await issueActionToken(db, {
    kind: "invite",
    workspaceId: me.workspaceId,
    email,
    role,
    createdBy: me.id,
    ttlMs: INVITE_TTL_MS,
  });
  const names = { inviter: me.name, workspace: workspace?.name ?? "Raibu" };
  // An address with an account elsewhere gets the same pending invitation, but its email
  // explains instead of linking: one account belongs to one workspace.
  const content = existing
    ? inviteTakenEmail(locale, names)
    : inviteEmail(locale, { ...names, link: `${appOrigin(c.env, c.req.url)}/app/invite/${invite.token}` });
  await queueEmail(c.env, { workspaceId: me.workspaceId, to: email, ...content });
  return c.json({ id: invite.id, email, role, expiresAt: invite.expiresAt, createdAt: Date.now() }, 201);
});

const revokeInvite = createRoute({
  method: "delete",
  path: "/api/users/invites/{id}",
  tags: ["team"],
  summary: "Revoke a pending invitation",
  security: cookieAuth,
  middleware: [requireAdmin] as const,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(OkSchema), ...errorResponses(401, 403, 404) },
});

team.openapi(revokeInvite, async (c) => {
  const { id } = c.req.valid("param");
  const revoked = await getDb(c.env.DB)
    .delete(actionTokens)
    .where(and(eq(actionTokens.id, id), eq(actionTokens.kind, "invite"), eq(actionTokens.workspaceId, c.get("user").workspaceId), isNull(actionTokens.usedAt)))
    .returning({ id: actionTokens.id });
  if (revoked.length === 0) throw notFound("Invitation");
  return c.json({ ok: true as const }, 200);
});

export default team;
