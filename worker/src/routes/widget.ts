// The widget's API: visitor sessions (one per page view), verified identity, conversations
// (started when the visitor opens the chat) and uploads.
// Called from the widget app, which runs in an iframe on Raibu's own origin.
import { createRoute, z } from "@hono/zod-openapi";
import { and, count, desc, eq, ne, sql } from "drizzle-orm";
import { getDb, type Database } from "../db/client";
import { findInterface, originAllowed } from "../db/interfaces";
import { conversations, metricEvents, visitors, workspaces, type VerifiedIdentity } from "../db/schema";
import { insertMetricEvents, metricEventId, type MetricEvent } from "../metrics/events";
import { metricsChanged } from "../metrics/notify";
import { storeAttachment } from "../lib/attachments";
import { conversationStub, openConversationOf, startConversation, visitorDisplayName } from "../lib/conversationService";
import { newId } from "../lib/crypto";
import { forbidden, notFound } from "../lib/errors";
import { appOrigin } from "../lib/origin";
import { clientIp, enforceRateLimit, limitVisitor, limitVisitorAddress } from "../lib/rateLimit";
import { createRouter } from "../lib/router";
import { verifiedFieldsOf, verifyIdentityToken, verifyUserIdHash } from "../lib/identityToken";
import { requireVisitor, signVisitorToken, verifyVisitorToken } from "../lib/visitorAuth";
import { errorResponses, jsonBody, jsonContent } from "@raibu/protocol/api";
import { IdentifyAnswerSchema, IdentifyBodySchema, WidgetConfigSchema, WidgetSessionBodySchema, WidgetSessionSchema } from "@raibu/protocol/widgetApi";
import { AttachmentSchema } from "@raibu/protocol/realtime";
import { WIDGET_HISTORY_CONVERSATIONS, WIDGET_HISTORY_MESSAGES, WidgetHistorySchema, type WidgetPastConversation } from "@raibu/protocol/history";
import type { ChatInterface } from "../db/interfaces";

/** The workspace's next visitor number: one atomic UPDATE … RETURNING, so two new visitors never share one. */
async function nextVisitorNumber(db: Database, workspaceId: string): Promise<number> {
  const [row] = await db
    .update(workspaces)
    .set({ lastVisitorNumber: sql`${workspaces.lastVisitorNumber} + 1` })
    .where(eq(workspaces.id, workspaceId))
    .returning({ number: workspaces.lastVisitorNumber });
  if (!row) throw notFound("Workspace");
  return row.number;
}

/**
 * The visitor's open conversation (as openConversationOf finds it) and how many are closed, in one
 * round trip with the page view's `visitor_seen` event (once a quarter hour: `counted` when this
 * one wrote it).
 */
async function conversationsOf(db: Database, workspaceId: string, visitorId: string, seen: MetricEvent) {
  const mine = and(eq(conversations.workspaceId, workspaceId), eq(conversations.visitorId, visitorId));
  const [open, closed, inserted] = await db.batch([
    db.select({ id: conversations.id }).from(conversations).where(and(mine, ne(conversations.status, "closed"))).orderBy(desc(conversations.createdAt)).limit(1),
    db.select({ n: count() }).from(conversations).where(and(mine, eq(conversations.status, "closed"))),
    insertMetricEvents(db, [seen]).returning({ seq: metricEvents.seq }),
  ]);
  return { open: open[0]?.id ?? null, closed: closed[0]?.n ?? 0, counted: inserted.length > 0 };
}

const widget = createRouter();
widget.use("/api/widget/*", async (c, next) => {
  await enforceRateLimit(c.env.PUBLIC_LIMITER, `widget:${clientIp(c.req.raw.headers)}`);
  await next();
});
widget.use("/api/widget/identify", requireVisitor);
widget.use("/api/widget/conversations", requireVisitor);
widget.use("/api/widget/attachments", requireVisitor);
widget.use("/api/widget/history", requireVisitor);

const visitorAuth = [{ visitorToken: [] }];

function widgetConfig(iface: ChatInterface) {
  return { id: iface.id, name: iface.name, language: iface.language, settings: iface.parsed };
}

const getConfig = createRoute({
  method: "get",
  path: "/api/widget/interfaces/{id}",
  tags: ["widget"],
  summary: "Public look and options of a chat interface",
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 200: jsonContent(WidgetConfigSchema), ...errorResponses(404, 429) },
});

widget.openapi(getConfig, async (c) => {
  const iface = await findInterface(getDb(c.env.DB), c.req.valid("param").id);
  if (!iface) throw notFound("Chat interface");
  return c.json(widgetConfig(iface), 200);
});

const session = createRoute({
  method: "post",
  path: "/api/widget/session",
  tags: ["widget"],
  summary:
    "A page view: records the visitor (new, or last seen now) and answers their signed token and their open conversation, if any. It never starts a conversation: the widget asks for one when the visitor opens the chat",
  request: jsonBody(WidgetSessionBodySchema),
  responses: { 200: jsonContent(WidgetSessionSchema), ...errorResponses(400, 403, 404, 429) },
});

widget.openapi(session, async (c) => {
  const body = c.req.valid("json");
  await limitVisitorAddress(c, "session");
  const db = getDb(c.env.DB);
  const iface = await findInterface(db, body.interfaceId);
  if (!iface) throw notFound("Chat interface");
  await limitVisitor(c, "session", "interface", iface.id);
  if (!originAllowed(iface.allowedOrigins, body.hostOrigin)) {
    throw forbidden("This website is not allowed to use this chat.", "origin_not_allowed");
  }
  const now = Date.now();
  const context = {
    page: body.page.url,
    pageTitle: body.page.title,
    referrer: body.page.referrer,
    language: body.language,
    timeZone: body.timeZone,
    userAgent: (c.req.header("User-Agent") ?? "").slice(0, 300),
    hostOrigin: body.hostOrigin,
  };

  const known = body.visitorToken ? await verifyVisitorToken(db, body.visitorToken) : null;
  let [visitor] =
    known && known.interfaceId === iface.id
      ? await db.select().from(visitors).where(and(eq(visitors.id, known.visitorId), eq(visitors.workspaceId, iface.workspaceId))).limit(1)
      : [];
  if (visitor) {
    [visitor] = await db.update(visitors).set({ context, lastSeenAt: now }).where(eq(visitors.id, visitor.id)).returning();
  } else {
    const number = await nextVisitorNumber(db, iface.workspaceId);
    [visitor] = await db
      .insert(visitors)
      .values({ id: newId(), workspaceId: iface.workspaceId, interfaceId: iface.id, number, context, firstSeenAt: now, lastSeenAt: now })
      .returning();
  }
  const identity = { visitorId: visitor!.id, workspaceId: iface.workspaceId, interfaceId: iface.id };
  // A page view costs a visitor row, never a conversation (nor its Durable Object): most visitors never open the chat.
  const seen = { id: metricEventId.visitorSeen(visitor!.id, now), workspaceId: iface.workspaceId, interfaceId: visitor!.interfaceId, kind: "visitor_seen" as const, at: now, visitorId: visitor!.id };
  const { open: conversationId, closed: pastConversations, counted } = await conversationsOf(db, iface.workspaceId, visitor!.id, seen);
  if (counted) c.executionCtx.waitUntil(metricsChanged(c.env, iface.workspaceId));
  return c.json(
    {
      visitorToken: await signVisitorToken(iface.signingKey, identity),
      visitorId: visitor!.id,
      visitorName: visitorDisplayName(visitor!, iface.language),
      conversationId,
      pastConversations,
      config: widgetConfig(iface),
    },
    200,
  );
});

const identify = createRoute({
  method: "post",
  path: "/api/widget/identify",
  tags: ["widget"],
  summary:
    "Verified identity: an identity token (JWT, HS256 with the interface's identity secret: sub, exp, email, name), or the user-id HMAC of older integrations (then only the user id is verified)",
  security: visitorAuth,
  request: jsonBody(IdentifyBodySchema),
  responses: { 200: jsonContent(IdentifyAnswerSchema), ...errorResponses(400, 401, 403) },
});

widget.openapi(identify, async (c) => {
  const body = c.req.valid("json");
  const me = c.get("visitor");
  const db = getDb(c.env.DB);
  const iface = (await findInterface(db, me.interfaceId))!;
  const verifiedAt = Date.now();
  let userId: string;
  let fields: { name?: string; email?: string; identity: VerifiedIdentity };
  if ("token" in body) {
    const claims = await verifyIdentityToken(iface.identitySecret, body.token);
    userId = claims.userId;
    fields = {
      ...(claims.name ? { name: claims.name } : {}),
      ...(claims.email ? { email: claims.email } : {}),
      identity: { method: "jwt", name: claims.name, email: claims.email, verifiedAt },
    };
  } else {
    await verifyUserIdHash(iface.identitySecret, body.userId, body.hash);
    userId = body.userId;
    // The name and email sent beside the hash are shown, never as verified.
    fields = { ...(body.name ? { name: body.name } : {}), ...(body.email ? { email: body.email } : {}), identity: { method: "hmac", name: null, email: null, verifiedAt } };
  }
  // The user id now belongs to this visitor; an older visitor record holding it lets it go.
  await db
    .update(visitors)
    .set({ externalId: null, identity: null })
    .where(and(eq(visitors.interfaceId, iface.id), eq(visitors.externalId, userId), ne(visitors.id, me.visitorId)));
  const [visitor] = await db
    .update(visitors)
    .set({ externalId: userId, ...fields })
    .where(and(eq(visitors.id, me.visitorId), eq(visitors.workspaceId, me.workspaceId)))
    .returning();
  if (!visitor) throw notFound("Visitor");
  const visitorName = visitorDisplayName(visitor, iface.language);
  const open = await openConversationOf(db, me.workspaceId, me.visitorId);
  if (open) await conversationStub(c.env, open).setVisitorName(visitorName, { name: visitor.name, email: visitor.email });
  return c.json({ visitorName, verifiedFields: verifiedFieldsOf(visitor) }, 200);
});

const newConversation = createRoute({
  method: "post",
  path: "/api/widget/conversations",
  tags: ["widget"],
  summary: "Start the visitor's conversation when they open the chat, or a new one once the last was closed (or return the open one)",
  security: visitorAuth,
  responses: { 200: jsonContent(z.object({ conversationId: z.string() })), ...errorResponses(401, 429) },
});

widget.openapi(newConversation, async (c) => {
  const me = c.get("visitor");
  await limitVisitorAddress(c, "conversation");
  await limitVisitor(c, "conversation", "interface", me.interfaceId);
  const db = getDb(c.env.DB);
  const open = await openConversationOf(db, me.workspaceId, me.visitorId);
  if (open) return c.json({ conversationId: open }, 200);
  const iface = (await findInterface(db, me.interfaceId))!;
  const [visitor] = await db.select().from(visitors).where(and(eq(visitors.id, me.visitorId), eq(visitors.workspaceId, me.workspaceId))).limit(1);
  if (!visitor) throw notFound("Visitor");
  return c.json({ conversationId: await startConversation(c.env, db, iface, visitor, appOrigin(c.env, c.req.url)) }, 200);
});

const upload = createRoute({
  method: "post",
  path: "/api/widget/attachments",
  tags: ["widget"],
  summary: "Upload a file (at most 10 MB) to send in the visitor's conversation",
  security: visitorAuth,
  request: { query: z.object({ conversation: z.string().max(64) }) },
  responses: { 200: jsonContent(AttachmentSchema), ...errorResponses(400, 401, 404, 413) },
});

widget.openapi(upload, async (c) => {
  const me = c.get("visitor");
  const { conversation } = c.req.valid("query");
  const [row] = await getDb(c.env.DB)
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, conversation), eq(conversations.visitorId, me.visitorId), eq(conversations.workspaceId, me.workspaceId)))
    .limit(1);
  if (!row) throw notFound("Conversation");
  return c.json(await storeAttachment(c.env, me.workspaceId, row.id, await c.req.formData()), 200);
});


const history = createRoute({
  method: "get",
  path: "/api/widget/history",
  tags: ["widget"],
  summary: `The visitor's own closed conversations, newest first (at most ${WIDGET_HISTORY_CONVERSATIONS}, each with its newest ${WIDGET_HISTORY_MESSAGES} messages), read-only`,
  security: visitorAuth,
  responses: { 200: jsonContent(WidgetHistorySchema), ...errorResponses(401, 429) },
});

widget.openapi(history, async (c) => {
  const me = c.get("visitor");
  await limitVisitorAddress(c, "history");
  await limitVisitor(c, "history", "interface", me.interfaceId);
  // The token names the visitor: there is no way to ask for anyone else's.
  const rows = await getDb(c.env.DB)
    .select({ id: conversations.id, createdAt: conversations.createdAt, closedAt: conversations.closedAt, rating: conversations.rating })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, me.workspaceId), eq(conversations.visitorId, me.visitorId), eq(conversations.status, "closed")))
    // Creation times are whole seconds: the row's insertion order breaks a tie.
    .orderBy(desc(conversations.createdAt), desc(sql`rowid`))
    .limit(WIDGET_HISTORY_CONVERSATIONS);
  const past: WidgetPastConversation[] = await Promise.all(
    rows.map(async (row) => ({ ...row, messages: (await conversationStub(c.env, row.id).transcript(WIDGET_HISTORY_MESSAGES)) as WidgetPastConversation["messages"] })),
  );
  return c.json({ conversations: past }, 200);
});

export default widget;
