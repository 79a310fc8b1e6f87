// The agents' offline inbox (« Messages hors ligne »): the list, a thread with its messages and
// their deliveries, star / read / close, replies emailed to the visitor, a failed reply sent
// again, and the unread count. Any agent of the workspace; another workspace's thread is not found.
import { createRoute, z } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { getDb } from "../db/client";
import { offlineThreads, workspaces } from "../db/schema";
import { contactOfVisitor } from "../contacts/records";
import type { AppBindings } from "../env";
import { requireUser } from "../lib/auth";
import { conflict, notFound } from "../lib/errors";
import { requireMail } from "../lib/mailer";
import { appOrigin } from "../lib/origin";
import { cookieAuth, createRouter } from "../lib/router";
import { listThreads } from "../offline/inbox";
import { sendReply } from "../offline/replies";
import { findMessage, findThread, notifyLobby, threadMessages, toSummary, unreadCount, appendMessage, type OfflineThread } from "../offline/threads";
import { errorResponses, IdParamSchema, jsonBody, jsonContent } from "@raibu/protocol/api";
import {
  OfflineCountsSchema,
  OfflineListQuerySchema,
  OfflineMessageSchema,
  OfflineReplyBodySchema,
  OfflineThreadDetailSchema,
  OfflineThreadPageSchema,
  OfflineThreadSummarySchema,
  OfflineThreadUpdateSchema,
} from "@raibu/protocol/offline";

const router = createRouter();
router.use("/api/offline/*", requireUser);

const tags = ["offline inbox"];

async function threadOr404(c: Context<AppBindings>, id: string): Promise<OfflineThread> {
  const thread = await findThread(getDb(c.env.DB), c.get("user").workspaceId, id);
  if (!thread) throw notFound("Thread");
  return thread;
}

const list = createRoute({
  method: "get",
  path: "/api/offline/threads",
  tags,
  summary:
    "The workspace's offline threads, newest message first, 50 a page: `nextCursor` asks for the next. Filters: starred, unread, status, interface, days of the last message (inclusive, in the workspace's time zone), and words found in the visitor's name, email or any message",
  security: cookieAuth,
  request: { query: OfflineListQuerySchema },
  responses: { 200: jsonContent(OfflineThreadPageSchema), ...errorResponses(400, 401) },
});

router.openapi(list, async (c) => {
  const user = c.get("user");
  const db = getDb(c.env.DB);
  const [workspace] = await db.select({ timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, user.workspaceId)).limit(1);
  return c.json(await listThreads(db, user.workspaceId, c.req.valid("query"), workspace?.timeZone ?? "UTC"), 200);
});

const counts = createRoute({
  method: "get",
  path: "/api/offline/counts",
  tags,
  summary: "How many threads of the workspace have a visitor message no agent has read (the navigation's badge)",
  security: cookieAuth,
  responses: { 200: jsonContent(OfflineCountsSchema), ...errorResponses(401) },
});

router.openapi(counts, async (c) => c.json({ unread: await unreadCount(getDb(c.env.DB), c.get("user").workspaceId) }, 200));

const detail = createRoute({
  method: "get",
  path: "/api/offline/threads/{id}",
  tags,
  summary: "A thread with every message, oldest first, each reply with its email's delivery; reading it marks nothing read",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(OfflineThreadDetailSchema), ...errorResponses(401, 404) },
});

router.openapi(detail, async (c) => {
  const thread = await threadOr404(c, c.req.valid("param").id);
  const db = getDb(c.env.DB);
  const [messages, contact] = await Promise.all([
    threadMessages(db, thread.workspaceId, thread.id),
    // The contact the visitor is, also when they joined another visitor's contact.
    thread.visitorId ? contactOfVisitor(db, thread.workspaceId, thread.visitorId) : Promise.resolve(undefined),
  ]);
  return c.json({ thread: toSummary(thread), messages, contactId: contact?.id ?? null }, 200);
});

const update = createRoute({
  method: "patch",
  path: "/api/offline/threads/{id}",
  tags,
  summary: "Star or unstar (« suivi »), mark read or unread, close or reopen; every console of the workspace hears of it",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(OfflineThreadUpdateSchema) },
  responses: { 200: jsonContent(OfflineThreadSummarySchema), ...errorResponses(400, 401, 404) },
});

router.openapi(update, async (c) => {
  const { workspaceId } = c.get("user");
  const { id } = c.req.valid("param");
  const db = getDb(c.env.DB);
  const changed = await db
    .update(offlineThreads)
    .set(c.req.valid("json"))
    .where(and(eq(offlineThreads.id, id), eq(offlineThreads.workspaceId, workspaceId)))
    .returning({ id: offlineThreads.id });
  if (changed.length === 0) throw notFound("Thread");
  const thread = await threadOr404(c, id);
  await notifyLobby(c.env, workspaceId, "updated", id);
  return c.json(toSummary(thread), 200);
});

const reply = createRoute({
  method: "post",
  path: "/api/offline/threads/{id}/replies",
  tags,
  summary:
    "An agent's reply, stored in the thread and emailed to the visitor with the thread so far and a reply link. The same `id` sent again stores and emails it once, and answers the message as it is",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(OfflineReplyBodySchema) },
  responses: { 200: jsonContent(OfflineMessageSchema), ...errorResponses(400, 401, 404, 503) },
});

router.openapi(reply, async (c) => {
  const user = c.get("user");
  const body = c.req.valid("json");
  const thread = await threadOr404(c, c.req.valid("param").id);
  // Not configured: nothing is stored that could not be sent.
  requireMail(c.env);
  const { message, inserted } = await appendMessage(c.env, thread, { author: "agent", userId: user.id, text: body.text, via: "console", dedupeKey: body.id });
  if (!inserted) return c.json(message, 200);
  const sent = await sendReply(c.env, thread, message, null, appOrigin(c.env, c.req.url));
  await notifyLobby(c.env, thread.workspaceId, "updated", thread.id);
  return c.json(sent ?? message, 200);
});

const retry = createRoute({
  method: "post",
  path: "/api/offline/threads/{id}/messages/{messageId}/retry",
  tags,
  summary: "Sends a reply whose email failed again, as a new email the reply then points at. 409 `not_failed` unless its delivery failed (or never started)",
  security: cookieAuth,
  request: { params: IdParamSchema.extend({ messageId: z.string().min(1).max(64) }) },
  responses: { 200: jsonContent(OfflineMessageSchema), ...errorResponses(401, 404, 409, 503) },
});

router.openapi(retry, async (c) => {
  const { id, messageId } = c.req.valid("param");
  const thread = await threadOr404(c, id);
  const message = await findMessage(getDb(c.env.DB), thread.workspaceId, thread.id, messageId);
  if (!message || message.author !== "agent") throw notFound("Reply");
  if (message.delivery && message.delivery.status !== "failed") throw conflict("Only a reply whose email failed is sent again.", "not_failed");
  requireMail(c.env);
  const sent = await sendReply(c.env, thread, message, message.delivery?.emailId ?? null, appOrigin(c.env, c.req.url));
  if (!sent) throw conflict("This reply is already being sent again.", "not_failed");
  return c.json(sent, 200);
});

export default router;
