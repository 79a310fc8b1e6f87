// Signing in and out, accepting an invitation, and resetting a forgotten password.
import { createRoute } from "@hono/zod-openapi";
import { and, eq, isNull, ne } from "drizzle-orm";
import { getDb } from "../db/client";
import { loadMe } from "../db/queries";
import { actionTokens, loginThrottle, sessions, users, workspaces } from "../db/schema";
import type { Env } from "../env";
import { findActionToken, issueActionToken, RESET_TTL_MS, spendActionToken } from "../lib/accountTokens";
import { requireUser } from "../lib/auth";
import { newId } from "../lib/crypto";
import { resetEmail } from "../lib/emailTemplates";
import { badRequest, conflict, unauthorized } from "../lib/errors";
import { pickLocale } from "../lib/i18n";
import type { Lang } from "@raibu/protocol/lang";
import { accountKey, claimLoginAttempt, settleSuccessfulLogin } from "../lib/loginThrottle";
import { mailMode, queueEmail } from "../lib/mailer";
import { appOrigin } from "../lib/origin";
import { DUMMY_PASSWORD_HASH, hashPassword, needsRehash, verifyPassword } from "../lib/passwords";
import { clientIp, enforceRateLimit } from "../lib/rateLimit";
import { cookieAuth, createRouter } from "../lib/router";
import { endSessionSockets } from "../lib/sessionSockets";
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
} from "@raibu/protocol/api";

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
  const ip = clientIp(c.req.raw.headers);
  await enforceRateLimit(c.env.LOGIN_LIMITER, `login:${ip}:${email}`);
  const db = getDb(c.env.DB);
  // Counted whether or not the email has an account, so a lock tells nothing about it.
  await claimLoginAttempt(db, email, ip);
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  const valid = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !valid) throw unauthorized("Wrong email or password.");
  await settleSuccessfulLogin(db, email, ip);
  if (needsRehash(user.passwordHash)) {
    // The only moment the password is known: bring its hash to today's parameters. The
    // condition keeps a password changed meanwhile (a reset) from being overwritten.
    await db
      .update(users)
      .set({ passwordHash: await hashPassword(password) })
      .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash)));
  }
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
  const { id, workspaceId } = c.get("user");
  const sessionHash = c.get("sessionHash");
  // The row first: once it is gone no new socket can open with it, then the open ones close.
  await getDb(c.env.DB).delete(sessions).where(eq(sessions.tokenHash, sessionHash));
  await endSessionSockets(c.env, workspaceId, id, sessionHash);
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
  summary: "Email a password-reset link; answers the same, at once, whether or not the email has an account",
  request: jsonBody(ResetRequestBodySchema),
  responses: { 200: jsonContent(OkSchema), ...errorResponses(400, 403, 429) },
});

auth.openapi(requestReset, async (c) => {
  const { email, locale } = c.req.valid("json");
  const ip = clientIp(c.req.raw.headers);
  await enforceRateLimit(c.env.LOGIN_LIMITER, `reset:${ip}:${email}`);
  await enforceRateLimit(c.env.LOGIN_LIMITER, `reset:${ip}`);
  // Looking the account up, issuing the link and queueing the email happen after the answer,
  // so neither its content nor its timing says whether the email has an account.
  c.executionCtx.waitUntil(
    sendResetLink(c.env, email, locale, appOrigin(c.env, c.req.url)).catch((err) => console.error("password reset email failed", err)),
  );
  return c.json({ ok: true as const }, 200);
});

async function sendResetLink(env: Env, email: string, locale: Lang | undefined, origin: string) {
  const db = getDb(env.DB);
  const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
  if (!user) return;
  if (mailMode(env) === "not_configured") {
    console.warn("password reset asked, but email is not configured: no link was made");
    return;
  }
  const { token } = await issueActionToken(db, {
    kind: "reset",
    workspaceId: user.workspaceId,
    email: user.email,
    userId: user.id,
    ttlMs: RESET_TTL_MS,
  });
  const link = `${origin}/app/reset/${token}`;
  await queueEmail(env, { workspaceId: user.workspaceId, to: user.email, ...resetEmail(pickLocale(user.locale ?? locale), { link }) });
}

const confirmReset = createRoute({
  method: "post",
  path: "/api/auth/password-reset/confirm",
  tags: ["auth"],
  summary: "Set a new password from a reset link; ends every session and cancels the user's other reset links",
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
  const userId = reset.userId;
  const passwordHash = await hashPassword(password);
  await db.batch([
    db.update(users).set({ passwordHash }).where(and(eq(users.id, userId), eq(users.workspaceId, reset.workspaceId))),
    db.delete(sessions).where(eq(sessions.userId, userId)),
    // One used link retires every other one the person asked for.
    db
      .update(actionTokens)
      .set({ usedAt: Date.now() })
      .where(and(eq(actionTokens.kind, "reset"), eq(actionTokens.userId, userId), isNull(actionTokens.usedAt), ne(actionTokens.id, reset.id))),
    // Whoever holds the link owns the email: their account's failed sign-ins are forgotten.
    db.delete(loginThrottle).where(eq(loginThrottle.key, accountKey(reset.email))),
  ]);
  await endSessionSockets(c.env, reset.workspaceId, userId, null);
  return c.json({ ok: true as const }, 200);
});

export default auth;
