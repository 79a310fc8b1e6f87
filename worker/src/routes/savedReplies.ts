// Saved replies: every agent lists the workspace's and their own; owners and admins write the
// workspace's, each agent writes only their own. Another agent's replies are never visible.
import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, count, eq, isNull, or, type SQL } from "drizzle-orm";
import type { Context } from "hono";
import { getDb } from "../db/client";
import { savedReplies } from "../db/schema";
import type { AppBindings, SessionUser } from "../env";
import { isAdmin, requireUser } from "../lib/auth";
import { newId } from "../lib/crypto";
import { ApiError, conflict, forbidden, notFound } from "../lib/errors";
import { cookieAuth, createRouter } from "../lib/router";
import { errorResponses, IdParamSchema, jsonBody, jsonContent, OkSchema } from "@raibu/protocol/api";
import {
  CreateSavedReplyBodySchema,
  MAX_SAVED_REPLIES,
  SavedReplySchema,
  UpdateSavedReplyBodySchema,
  type SavedReply,
  type SavedReplyScope,
} from "@raibu/protocol/savedReplies";

const router = createRouter();
router.use("/api/saved-replies", requireUser);
router.use("/api/saved-replies/*", requireUser);

type Row = typeof savedReplies.$inferSelect;

const out = (row: Row): SavedReply => ({
  id: row.id,
  scope: row.ownerId === null ? "workspace" : "personal",
  shortcut: row.shortcut,
  body: row.body,
  language: row.language,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** The rows of one scope: the workspace's (no owner) or this agent's. */
function scopeWhere(user: SessionUser, scope: SavedReplyScope): SQL {
  return and(eq(savedReplies.workspaceId, user.workspaceId), scope === "workspace" ? isNull(savedReplies.ownerId) : eq(savedReplies.ownerId, user.id))!;
}

function mayWrite(user: SessionUser, scope: SavedReplyScope) {
  if (scope === "workspace" && !isAdmin(user)) throw forbidden("Only an owner or an admin can change the workspace's saved replies.", "admin_required");
}

/** Two replies of one scope with one shortcut would make `/shortcut` ambiguous. */
async function refuseTakenShortcut(c: Context<AppBindings>, scope: SavedReplyScope, shortcut: string, exceptId?: string) {
  const [taken] = await getDb(c.env.DB)
    .select({ id: savedReplies.id })
    .from(savedReplies)
    .where(and(scopeWhere(c.get("user"), scope), eq(savedReplies.shortcut, shortcut)))
    .limit(2);
  if (taken && taken.id !== exceptId) throw conflict(`The shortcut "${shortcut}" is already used.`, "shortcut_taken");
}

/** A reply this agent can see: the workspace's, or their own. Another agent's is not found. */
async function visibleReply(c: Context<AppBindings>, id: string): Promise<Row> {
  const user = c.get("user");
  const [row] = await getDb(c.env.DB)
    .select()
    .from(savedReplies)
    .where(and(eq(savedReplies.id, id), eq(savedReplies.workspaceId, user.workspaceId), or(isNull(savedReplies.ownerId), eq(savedReplies.ownerId, user.id))))
    .limit(1);
  if (!row) throw notFound("Saved reply");
  return row;
}

const list = createRoute({
  method: "get",
  path: "/api/saved-replies",
  tags: ["saved replies"],
  summary: "The workspace's saved replies and the signed-in agent's own, by shortcut",
  security: cookieAuth,
  responses: { 200: jsonContent(z.object({ replies: z.array(SavedReplySchema) })), ...errorResponses(401) },
});

router.openapi(list, async (c) => {
  const user = c.get("user");
  const rows = await getDb(c.env.DB)
    .select()
    .from(savedReplies)
    .where(and(eq(savedReplies.workspaceId, user.workspaceId), or(isNull(savedReplies.ownerId), eq(savedReplies.ownerId, user.id))))
    .orderBy(asc(savedReplies.shortcut));
  return c.json({ replies: rows.map(out) }, 200);
});

const create = createRoute({
  method: "post",
  path: "/api/saved-replies",
  tags: ["saved replies"],
  summary: "Save a reply: the workspace's (owners and admins) or the agent's own",
  security: cookieAuth,
  request: jsonBody(CreateSavedReplyBodySchema),
  responses: { 201: jsonContent(SavedReplySchema, "Created"), ...errorResponses(400, 401, 403, 409) },
});

router.openapi(create, async (c) => {
  const user = c.get("user");
  const body = c.req.valid("json");
  mayWrite(user, body.scope);
  const db = getDb(c.env.DB);
  const [held] = await db.select({ n: count() }).from(savedReplies).where(scopeWhere(user, body.scope));
  if ((held?.n ?? 0) >= MAX_SAVED_REPLIES) throw new ApiError(409, "limit_reached", `At most ${MAX_SAVED_REPLIES} saved replies.`, { max: MAX_SAVED_REPLIES });
  await refuseTakenShortcut(c, body.scope, body.shortcut);
  const now = Date.now();
  const [row] = await db
    .insert(savedReplies)
    .values({
      id: newId(),
      workspaceId: user.workspaceId,
      ownerId: body.scope === "workspace" ? null : user.id,
      shortcut: body.shortcut,
      body: body.body,
      language: body.language,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return c.json(out(row!), 201);
});

const update = createRoute({
  method: "patch",
  path: "/api/saved-replies/{id}",
  tags: ["saved replies"],
  summary: "Change a saved reply's shortcut, text or language",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(UpdateSavedReplyBodySchema) },
  responses: { 200: jsonContent(SavedReplySchema), ...errorResponses(400, 401, 403, 404, 409) },
});

router.openapi(update, async (c) => {
  const user = c.get("user");
  const row = await visibleReply(c, c.req.valid("param").id);
  const scope = out(row).scope;
  mayWrite(user, scope);
  const body = c.req.valid("json");
  if (body.shortcut !== undefined && body.shortcut !== row.shortcut) await refuseTakenShortcut(c, scope, body.shortcut, row.id);
  const [updated] = await getDb(c.env.DB)
    .update(savedReplies)
    .set({
      ...(body.shortcut !== undefined ? { shortcut: body.shortcut } : {}),
      ...(body.body !== undefined ? { body: body.body } : {}),
      ...(body.language !== undefined ? { language: body.language } : {}),
      updatedAt: Date.now(),
    })
    .where(and(eq(savedReplies.id, row.id), scopeWhere(user, scope)))
    .returning();
  if (!updated) throw notFound("Saved reply");
  return c.json(out(updated), 200);
});

const remove = createRoute({
  method: "delete",
  path: "/api/saved-replies/{id}",
  tags: ["saved replies"],
  summary: "Delete a saved reply",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(OkSchema), ...errorResponses(401, 403, 404) },
});

router.openapi(remove, async (c) => {
  const user = c.get("user");
  const row = await visibleReply(c, c.req.valid("param").id);
  const scope = out(row).scope;
  mayWrite(user, scope);
  await getDb(c.env.DB).delete(savedReplies).where(and(eq(savedReplies.id, row.id), scopeWhere(user, scope)));
  return c.json({ ok: true as const }, 200);
});

export default router;
