// Agents' actions on conversations: list and search, « Attribuer à moi », accept, transfer,
// close, and uploads. The Conversation DO decides; these routes check who may ask.
import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, exists, isNull, like, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "../db/client";
import { calls, chatInterfaces, conversations, messageIndex, users, visitors } from "../db/schema";
import { CALL_LINK_TTL_MS, type ActionResult, type Actor } from "../durable-objects/ConversationDO";
import { storeAttachment } from "../lib/attachments";
import { requireUser } from "../lib/auth";
import { conversationStub, visitorDisplayName } from "../lib/conversationService";
import { ApiError, forbidden, notFound } from "../lib/errors";
import { cookieAuth, createRouter } from "../lib/router";
import {
  AssignBodySchema,
  ConversationListQuerySchema,
  ConversationSummarySchema,
  ConversationViewSchema,
  errorResponses,
  IdParamSchema,
  jsonBody,
  jsonContent,
  TransferBodySchema,
} from "@raibu/protocol/api";
import { AttachmentSchema } from "@raibu/protocol/realtime";
import type { Context } from "hono";
import type { AppBindings } from "../env";

type Db = ReturnType<typeof getDb>;

const router = createRouter();
router.use("/api/conversations", requireUser);
router.use("/api/conversations/*", requireUser);

/** LIKE pattern for a literal substring. */
function contains(text: string) {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

const list = createRoute({
  method: "get",
  path: "/api/conversations",
  tags: ["conversations"],
  summary: "Conversations of the workspace, newest activity first; q searches visitor name, email and message text",
  security: cookieAuth,
  request: { query: ConversationListQuerySchema },
  responses: { 200: jsonContent(z.object({ conversations: z.array(ConversationSummarySchema) })), ...errorResponses(400, 401) },
});

/** The list's query: the workspace's conversations, filtered, latest activity first (walked in order on conversations_workspace_activity). */
export function conversationListQuery(db: Db, me: { id: string; workspaceId: string }, query: z.infer<typeof ConversationListQuerySchema>) {
  const filters: SQL[] = [eq(conversations.workspaceId, me.workspaceId)];
  if (query.status) filters.push(eq(conversations.status, query.status));
  if (query.interface) filters.push(eq(conversations.interfaceId, query.interface));
  if (query.assignee === "me") filters.push(eq(conversations.assigneeId, me.id));
  if (query.assignee === "unassigned") filters.push(isNull(conversations.assigneeId));
  if (query.q) {
    const pattern = contains(query.q);
    filters.push(
      or(
        sql`${visitors.name} LIKE ${pattern} ESCAPE '\\'`,
        sql`${visitors.email} LIKE ${pattern} ESCAPE '\\'`,
        exists(
          db
            .select({ one: sql`1` })
            .from(messageIndex)
            .where(and(eq(messageIndex.conversationId, conversations.id), eq(messageIndex.workspaceId, me.workspaceId), sql`${messageIndex.text} LIKE ${pattern} ESCAPE '\\'`)),
        ),
      )!,
    );
  }
  return db
    .select({
      id: conversations.id,
      interfaceId: conversations.interfaceId,
      visitorId: conversations.visitorId,
      visitorName: visitors.name,
      visitorNumber: visitors.number,
      visitorEmail: visitors.email,
      language: chatInterfaces.language,
      status: conversations.status,
      requestKind: conversations.requestKind,
      assigneeId: conversations.assigneeId,
      lastMessageAt: conversations.lastMessageAt,
      lastMessagePreview: conversations.lastMessagePreview,
      createdAt: conversations.createdAt,
    })
    .from(conversations)
    .innerJoin(visitors, and(eq(visitors.id, conversations.visitorId), eq(visitors.workspaceId, conversations.workspaceId)))
    .innerJoin(chatInterfaces, eq(chatInterfaces.id, conversations.interfaceId))
    .where(and(...filters))
    .orderBy(desc(sql`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`))
    .limit(query.limit);
}

router.openapi(list, async (c) => {
  const rows = await conversationListQuery(getDb(c.env.DB), c.get("user"), c.req.valid("query"));
  return c.json(
    {
      conversations: rows.map(({ visitorNumber, language, ...row }) => ({
        ...row,
        visitorName: visitorDisplayName({ name: row.visitorName, number: visitorNumber }, language),
      })),
    },
    200,
  );
});

/** The conversation, if it belongs to the caller's workspace. */
async function ownConversation(c: Context<AppBindings>, id: string) {
  const [row] = await getDb(c.env.DB)
    .select({ id: conversations.id, workspaceId: conversations.workspaceId })
    .from(conversations)
    .where(and(eq(conversations.id, id), eq(conversations.workspaceId, c.get("user").workspaceId)))
    .limit(1);
  if (!row) throw notFound("Conversation");
  return row;
}

/** The lost race's error names the winner as a field: `{ code: "already_taken", message, assignee: { id, name } }`. */
function unwrap(result: ActionResult) {
  if (!result.ok) throw new ApiError(result.status, result.code, result.message, result.assignee ? { assignee: result.assignee } : {});
  return { conversation: result.conversation };
}

/** The agent asking; admins and owners may close or transfer a colleague's conversation. */
function actor(c: Context<AppBindings>): Actor {
  const me = c.get("user");
  return { id: me.id, name: me.name, admin: me.role === "admin" || me.role === "owner" };
}

const actionResponses = { 200: jsonContent(z.object({ conversation: ConversationViewSchema })), ...errorResponses(400, 401, 403, 404, 409) };

/**
 * Assign and accept take the conversation; on a video request both create the call, so its row is
 * written the same way. Assign's optional body lets an admin take a colleague's conversation over.
 */
function takeAction(action: "assign" | "accept", summary: string) {
  const route = createRoute({
    method: "post",
    path: `/api/conversations/{id}/${action}`,
    tags: ["conversations"],
    summary,
    security: cookieAuth,
    request: { params: IdParamSchema, body: { content: { "application/json": { schema: AssignBodySchema } }, required: false } },
    responses: actionResponses,
  });
  router.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    const { takeOverFrom } = action === "assign" ? c.req.valid("json") : {};
    const me = c.get("user");
    const by = actor(c);
    if (takeOverFrom !== undefined && !by.admin) throw forbidden("Only an admin may take over a colleague's conversation.", "admin_only");
    const own = await ownConversation(c, id);
    const stub = conversationStub(c.env, id);
    const result = unwrap(await (action === "assign" ? stub.assign(by, takeOverFrom) : stub.accept(by)));
    const call = result.conversation.call;
    if (call) {
      await getDb(c.env.DB)
        .insert(calls)
        .values({ id: call.callId, workspaceId: own.workspaceId, conversationId: id, agentId: me.id, expiresAt: Date.now() + CALL_LINK_TTL_MS })
        .onConflictDoNothing();
    }
    return c.json(result, 200);
  });
}

takeAction("assign", "« Attribuer à moi »: take the conversation over, even while the bot talks; on a pending request it accepts it (a video request gets its call)");
takeAction("accept", "Accept a pending live-chat or video-chat request; the loser of a race is told who won");

const close = createRoute({
  method: "post",
  path: "/api/conversations/{id}/close",
  tags: ["conversations"],
  summary: "Close the conversation (its assignee, an admin, or anyone while it is unassigned); the visitor sees it ended and can start a new one",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: actionResponses,
});

router.openapi(close, async (c) => {
  const { id } = c.req.valid("param");
  await ownConversation(c, id);
  return c.json(unwrap(await conversationStub(c.env, id).close(actor(c))), 200);
});

const transfer = createRoute({
  method: "post",
  path: "/api/conversations/{id}/transfer",
  tags: ["conversations"],
  summary: "Hand the conversation to another agent of the workspace (its assignee, an admin, or anyone while it is unassigned)",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(TransferBodySchema) },
  responses: actionResponses,
});

router.openapi(transfer, async (c) => {
  const { id } = c.req.valid("param");
  const { userId } = c.req.valid("json");
  const me = c.get("user");
  await ownConversation(c, id);
  const [target] = await getDb(c.env.DB)
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, userId), eq(users.workspaceId, me.workspaceId)))
    .limit(1);
  if (!target) throw notFound("Agent");
  return c.json(unwrap(await conversationStub(c.env, id).transfer(actor(c), target)), 200);
});

const upload = createRoute({
  method: "post",
  path: "/api/conversations/{id}/attachments",
  tags: ["conversations"],
  summary: "Upload a file (at most 10 MB) to send in the conversation",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(AttachmentSchema), ...errorResponses(400, 401, 404, 413) },
});

router.openapi(upload, async (c) => {
  const { id } = c.req.valid("param");
  const own = await ownConversation(c, id);
  return c.json(await storeAttachment(c.env, own.workspaceId, own.id, await c.req.formData()), 200);
});

export default router;
