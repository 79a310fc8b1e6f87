// Request guards for the agent API: who is signed in, and may they do this.
import { createMiddleware } from "hono/factory";
import { getDb } from "../db/client";
import type { AppBindings, SessionUser } from "../env";
import { forbidden, unauthorized } from "./errors";
import { findSession, readSessionCookie } from "./sessions";

export const requireUser = createMiddleware<AppBindings>(async (c, next) => {
  const token = readSessionCookie(c);
  const session = token ? await findSession(getDb(c.env.DB), token) : null;
  if (!session) throw unauthorized();
  c.set("user", session.user);
  c.set("sessionHash", session.tokenHash);
  await next();
});

export function isAdmin(user: SessionUser): boolean {
  return user.role === "owner" || user.role === "admin";
}

export const requireAdmin = createMiddleware<AppBindings>(async (c, next) => {
  if (!isAdmin(c.get("user"))) throw forbidden("Only an owner or an admin can do this.");
  await next();
});
