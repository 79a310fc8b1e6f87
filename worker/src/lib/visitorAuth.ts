// Visitor identity: a signed token, scoped to one visitor of one chat interface.
import { createMiddleware } from "hono/factory";
import type { AppBindings, VisitorIdentity } from "../env";
import type { Database } from "../db/client";
import { findInterface } from "../db/interfaces";
import { getDb } from "../db/client";
import { unauthorized } from "./errors";
import { peekClaim, signToken, verifyToken } from "./signedTokens";

export const VISITOR_TOKEN_TTL_MS = 180 * 24 * 60 * 60 * 1000;

export function signVisitorToken(signingKey: string, visitor: VisitorIdentity): Promise<string> {
  return signToken(signingKey, {
    scope: "visitor",
    exp: Date.now() + VISITOR_TOKEN_TTL_MS,
    v: visitor.visitorId,
    w: visitor.workspaceId,
    i: visitor.interfaceId,
  });
}

/** The visitor a token opens, or null when it is forged, expired or of another scope. */
export async function verifyVisitorToken(db: Database, token: string): Promise<VisitorIdentity | null> {
  const interfaceId = peekClaim(token, "i");
  if (!interfaceId) return null;
  const iface = await findInterface(db, interfaceId);
  if (!iface) return null;
  const claims = await verifyToken(iface.signingKey, token, "visitor");
  if (!claims || claims.i !== iface.id || claims.w !== iface.workspaceId || typeof claims.v !== "string") return null;
  return { visitorId: claims.v, workspaceId: iface.workspaceId, interfaceId: iface.id };
}

export const requireVisitor = createMiddleware<AppBindings>(async (c, next) => {
  const header = c.req.header("Authorization") ?? "";
  const token = header.startsWith("Bearer ") ? header.slice(7) : "";
  const visitor = token ? await verifyVisitorToken(getDb(c.env.DB), token) : null;
  if (!visitor) throw unauthorized("This visitor session is not valid. Reload the page.");
  c.set("visitor", visitor);
  await next();
});
