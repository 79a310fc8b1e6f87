// Server-side agent sessions: the cookie holds a random token, D1 holds only its hash.
import { and, eq, gt } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Database } from "../db/client";
import { sessions, users } from "../db/schema";
import type { AppBindings, SessionUser } from "../env";
import { randomToken, sha256Hex } from "./crypto";

export const SESSION_COOKIE = "raibu_session";
export const SECURE_SESSION_COOKIE = "__Host-raibu_session";
export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

export async function createSession(db: Database, user: { id: string; workspaceId: string }, now = Date.now()) {
  const token = randomToken();
  const expiresAt = now + SESSION_TTL_MS;
  await db.insert(sessions).values({ tokenHash: await sha256Hex(token), userId: user.id, workspaceId: user.workspaceId, expiresAt });
  return { token, expiresAt };
}

export async function findSession(db: Database, token: string, now = Date.now()): Promise<{ user: SessionUser; tokenHash: string } | null> {
  const tokenHash = await sha256Hex(token);
  const [row] = await db
    .select({ id: users.id, workspaceId: users.workspaceId, email: users.email, name: users.name, role: users.role })
    .from(sessions)
    .innerJoin(users, and(eq(users.id, sessions.userId), eq(users.workspaceId, sessions.workspaceId)))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
    .limit(1);
  return row ? { user: row, tokenHash } : null;
}

/**
 * Over https the cookie is `__Host-raibu_session`: the browser then insists on Secure, Path=/
 * and no Domain, so a sibling subdomain cannot plant or shadow it. Plain http (a local
 * `npm start`) cannot carry a `__Host-` cookie, so it keeps the bare name.
 */
export function sessionCookieName(requestUrl: string): string {
  return isHttps(requestUrl) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

const isHttps = (requestUrl: string) => new URL(requestUrl).protocol === "https:";

export function setSessionCookie(c: Context<AppBindings>, token: string, expiresAt: number) {
  const secure = isHttps(c.req.url);
  setCookie(c, SESSION_COOKIE, token, {
    ...(secure ? { prefix: "host" as const } : {}),
    httpOnly: true,
    sameSite: "Lax",
    secure,
    path: "/",
    expires: new Date(expiresAt),
  });
}

/** Each scheme reads only its own name: over https a bare cookie could have been planted. */
export function readSessionCookie(c: Context<AppBindings>): string | undefined {
  return getCookie(c, sessionCookieName(c.req.url));
}

export function clearSessionCookie(c: Context<AppBindings>) {
  if (isHttps(c.req.url)) deleteCookie(c, SESSION_COOKIE, { path: "/", secure: true, prefix: "host" });
  else deleteCookie(c, SESSION_COOKIE, { path: "/" });
}
