// WebSocket entry points: the Worker authenticates the caller, then hands the socket to
// the conversation's Durable Object or to the workspace lobby, with who it is in headers
// (for agents, also the session, so ending that session closes its sockets).
import { and, eq } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { getDb } from "../db/client";
import { conversations, users } from "../db/schema";
import type { AppBindings } from "../env";
import { requireUser } from "../lib/auth";
import { conversationStub, lobbyStub } from "../lib/conversationService";
import { ApiError, forbidden, notFound, unauthorized } from "../lib/errors";
import { isOwnOrigin } from "../lib/origin";
import { limitVisitor, limitVisitorAddress } from "../lib/rateLimit";
import { verifyVisitorToken } from "../lib/visitorAuth";

const realtime = new Hono<AppBindings>();

/** Browsers send Origin on WebSocket upgrades; only our own pages may open these sockets. */
function checkUpgrade(c: Context<AppBindings>) {
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") throw new ApiError(426, "upgrade_required", "Expected a WebSocket upgrade.");
  if (!isOwnOrigin(c.env, c.req.url, c.req.header("Origin"))) throw forbidden("WebSockets must come from Raibu's own pages.", "bad_origin");
}

/** A fresh request: only the identity headers set here reach the Durable Object. */
function forward(c: Context<AppBindings>, headers: Record<string, string>) {
  return new Request(c.req.url, { headers: { Upgrade: "websocket", ...headers } });
}

realtime.get("/ws/visitor", async (c) => {
  checkUpgrade(c);
  await limitVisitorAddress(c, "socket");
  const visitor = await verifyVisitorToken(getDb(c.env.DB), c.req.query("token") ?? "");
  if (!visitor) throw unauthorized("This visitor session is not valid. Reload the page.");
  await limitVisitor(c, "socket", "interface", visitor.interfaceId);
  const conversationId = c.req.query("conversation") ?? "";
  const [row] = await getDb(c.env.DB)
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.visitorId, visitor.visitorId), eq(conversations.workspaceId, visitor.workspaceId)))
    .limit(1);
  if (!row) throw notFound("Conversation");
  return conversationStub(c.env, row.id).fetch(forward(c, { "X-Raibu-Role": "visitor", "X-Raibu-Id": visitor.visitorId }));
});

realtime.get("/ws/conversations/:id", requireUser, async (c) => {
  checkUpgrade(c);
  const me = c.get("user");
  const [row] = await getDb(c.env.DB)
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, c.req.param("id")), eq(conversations.workspaceId, me.workspaceId)))
    .limit(1);
  if (!row) throw notFound("Conversation");
  // Remembered before the socket exists, so a logout right after the upgrade still finds it.
  await lobbyStub(c.env, me.workspaceId).noteAgentSocket(me.id, row.id);
  return conversationStub(c.env, row.id).fetch(
    forward(c, {
      "X-Raibu-Role": "agent",
      "X-Raibu-Id": me.id,
      "X-Raibu-Name": me.name,
      "X-Raibu-Workspace": me.workspaceId,
      "X-Raibu-Session": c.get("sessionHash"),
    }),
  );
});

realtime.get("/ws/lobby", requireUser, async (c) => {
  checkUpgrade(c);
  const me = c.get("user");
  const [row] = await getDb(c.env.DB).select({ availability: users.availability }).from(users).where(eq(users.id, me.id)).limit(1);
  return lobbyStub(c.env, me.workspaceId).fetch(
    forward(c, {
      "X-Raibu-Id": me.id,
      "X-Raibu-Name": me.name,
      "X-Raibu-Availability": row?.availability ?? "online",
      "X-Raibu-Session": c.get("sessionHash"),
    }),
  );
});

export default realtime;
