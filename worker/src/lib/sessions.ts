// Server-side agent sessions: the cookie holds a random token, D1 holds only its hash.
import { and, eq, gt } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Database } from "../db/client";
import { sessions, users } from "../db/schema";
import type { AppBindings, SessionUser } from "../env";
import { randomToken, sha256Hex } from "./crypto";

export const SESSION_COOKIE = "raibu_session";
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

export function setSessionCookie(c: Context<AppBindings>, token: string, expiresAt: number) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: new URL(c.req.url).protocol === "https:",
    path: "/",
    expires: new Date(expiresAt),
  });
}

export function readSessionCookie(c: Context<AppBindings>): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function clearSessionCookie(c: Context<AppBindings>) {
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: new URL(c.req.url).protocol === "https:" });
}
