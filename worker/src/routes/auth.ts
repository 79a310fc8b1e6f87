// Signing in and out, accepting an invitation, and resetting a forgotten password.
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { loadMe } from "../db/queries";
import { sessions, users, workspaces } from "../db/schema";
import { findActionToken, issueActionToken, RESET_TTL_MS, spendActionToken } from "../lib/accountTokens";
import { requireUser } from "../lib/auth";
import { newId } from "../lib/crypto";
import { resetEmail } from "../lib/emailTemplates";
import { badRequest, conflict, unauthorized } from "../lib/errors";
import { pickLocale } from "../lib/i18n";
import { queueEmail } from "../lib/mailer";
import { appOrigin } from "../lib/origin";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "../lib/passwords";
import { clientIp, enforceRateLimit } from "../lib/rateLimit";
import { cookieAuth, createRouter } from "../lib/router";
import { clearSessionCookie, createSession, setSessionCookie } from "../lib/sessions";
import {
  AcceptInviteBodySchema,
  errorResponses,
  InvitePreviewSchema,
  jsonBody,
  jsonContent,
  LoginBodySchema,
  MeSchema,
  OkSchema,
  ResetConfirmBodySchema,
  ResetRequestBodySchema,
  TokenBodySchema,
} from "../protocol/api";

const auth = createRouter();

const login = createRoute({
  method: "post",
  path: "/api/auth/login",
  tags: ["auth"],
  summary: "Sign in with email and password; sets the session cookie",
  request: jsonBody(LoginBodySchema),
  responses: { 200: jsonContent(MeSchema), ...errorResponses(400, 401, 403, 429) },
});

auth.openapi(login, async (c) => {
  const { email, password } = c.req.valid("json");
  await enforceRateLimit(c.env.LOGIN_LIMITER, `login:${clientIp(c.req.raw.headers)}:${email}`);
  const db = getDb(c.env.DB);
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid) throw unauthorized("Wrong email or password.");
  const session = await createSession(db, user);
  setSessionCookie(c, session.token, session.expiresAt);
  const me = await loadMe(db, c.env, user.workspaceId, user.id);
  if (!me) throw unauthorized();
  return c.json(me, 200);
});

const logout = createRoute({
  method: "post",
  path: "/api/auth/logout",
  tags: ["auth"],
  summary: "End the current session",
  security: cookieAuth,
  middleware: [requireUser] as const,
  responses: { 200: jsonContent(OkSchema), ...errorResponses(401, 403) },
});

auth.openapi(logout, async (c) => {
  await getDb(c.env.DB).delete(sessions).where(eq(sessions.tokenHash, c.get("sessionHash")));
  clearSessionCookie(c);
  return c.json({ ok: true as const }, 200);
});

const previewInvite = createRoute({
  method: "post",
  path: "/api/auth/invites/preview",
  tags: ["auth"],
  summary: "What an invitation link is for, before the agent accepts it",
  request: jsonBody(TokenBodySchema),
  responses: { 200: jsonContent(InvitePreviewSchema), ...errorResponses(400, 404, 429) },
});

auth.openapi(previewInvite, async (c) => {
  const { token } = c.req.valid("json");
  const db = getDb(c.env.DB);
  const invite = await findActionToken(db, "invite", token);
  if (!invite) throw badRequest("This invitation link is invalid or has expired.", "invalid_token");
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, invite.workspaceId)).limit(1);
  return c.json({ email: invite.email, workspaceName: workspace?.name ?? "", role: invite.role ?? "agent" }, 200);
});

const acceptInvite = createRoute({
  method: "post",
  path: "/api/auth/invites/accept",
  tags: ["auth"],
  summary: "Accept an invitation: create the account with a password and sign in",
  request: jsonBody(AcceptInviteBodySchema),
  responses: { 200: jsonContent(MeSchema), ...errorResponses(400, 403, 409, 429) },
});

auth.openapi(acceptInvite, async (c) => {
  const { token, name, password } = c.req.valid("json");
  const db = getDb(c.env.DB);
  const invite = await findActionToken(db, "invite", token);
  if (!invite) throw badRequest("This invitation link is invalid or has expired.", "invalid_token");
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, invite.email)).limit(1);
  if (existing) throw conflict("An account with this email already exists. Sign in instead.", "email_taken");
  if (!(await spendActionToken(db, invite.id))) throw badRequest("This invitation link was already used.", "invalid_token");
  const id = newId();
  await db.insert(users).values({
    id,
    workspaceId: invite.workspaceId,
    email: invite.email,
    name,
    role: invite.role ?? "agent",
    passwordHash: await hashPassword(password),
  });
  const session = await createSession(db, { id, workspaceId: invite.workspaceId });
  setSessionCookie(c, session.token, session.expiresAt);
  const me = await loadMe(db, c.env, invite.workspaceId, id);
  return c.json(me!, 200);
});

const requestReset = createRoute({
  method: "post",
  path: "/api/auth/password-reset",
  tags: ["auth"],
  summary: "Email a password-reset link; answers the same whether or not the email has an account",
  request: jsonBody(ResetRequestBodySchema),
  responses: { 200: jsonContent(OkSchema), ...errorResponses(400, 403, 429) },
});

auth.openapi(requestReset, async (c) => {
  const { email, locale } = c.req.valid("json");
  await enforceRateLimit(c.env.LOGIN_LIMITER, `reset:${clientIp(c.req.raw.headers)}:${email}`);
  const db = getDb(c.env.DB);
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (user) {
    const { token } = await issueActionToken(db, {
      kind: "reset",
      workspaceId: user.workspaceId,
      email: user.email,
      userId: user.id,
      ttlMs: RESET_TTL_MS,
    });
    const link = `${appOrigin(c.env, c.req.url)}/app/reset/${token}`;
    await queueEmail(c.env, { workspaceId: user.workspaceId, to: user.email, ...resetEmail(pickLocale(user.locale ?? locale), { link }) });
  }
  return c.json({ ok: true as const }, 200);
});

const confirmReset = createRoute({
  method: "post",
  path: "/api/auth/password-reset/confirm",
  tags: ["auth"],
  summary: "Set a new password from a reset link; signs out every other session",
  request: jsonBody(ResetConfirmBodySchema),
  responses: { 200: jsonContent(OkSchema), ...errorResponses(400, 403, 429) },
});

auth.openapi(confirmReset, async (c) => {
  const { token, password } = c.req.valid("json");
  const db = getDb(c.env.DB);
  const reset = await findActionToken(db, "reset", token);
  if (!reset?.userId || !(await spendActionToken(db, reset.id))) {
    throw badRequest("This reset link is invalid or has expired.", "invalid_token");
  }
  const passwordHash = await hashPassword(password);
  await db.batch([
    db.update(users).set({ passwordHash }).where(and(eq(users.id, reset.userId), eq(users.workspaceId, reset.workspaceId))),
    db.delete(sessions).where(eq(sessions.userId, reset.userId)),
  ]);
  return c.json({ ok: true as const }, 200);
});

export default auth;
