// The signed-in agent: profile, availability and language.
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { loadMe } from "../db/queries";
import { users } from "../db/schema";
import { requireUser } from "../lib/auth";
import { lobbyStub } from "../lib/conversationService";
import { unauthorized } from "../lib/errors";
import { cookieAuth, createRouter } from "../lib/router";
import { errorResponses, jsonBody, jsonContent, MeSchema, UpdateMeBodySchema } from "@raibu/protocol/api";

const me = createRouter();
me.use("/api/me", requireUser);

const getMe = createRoute({
  method: "get",
  path: "/api/me",
  tags: ["me"],
  summary: "The signed-in agent and their workspace",
  security: cookieAuth,
  responses: { 200: jsonContent(MeSchema), ...errorResponses(401) },
});

me.openapi(getMe, async (c) => {
  const user = c.get("user");
  const result = await loadMe(getDb(c.env.DB), c.env, user.workspaceId, user.id);
  if (!result) throw unauthorized();
  return c.json(result, 200);
});

const updateMe = createRoute({
  method: "patch",
  path: "/api/me",
  tags: ["me"],
  summary: "Change the signed-in agent's name, availability or language",
  security: cookieAuth,
  request: jsonBody(UpdateMeBodySchema),
  responses: { 200: jsonContent(MeSchema), ...errorResponses(400, 401, 403) },
});

me.openapi(updateMe, async (c) => {
  const user = c.get("user");
  const changes = c.req.valid("json");
  const db = getDb(c.env.DB);
  if (Object.keys(changes).length > 0) {
    await db.update(users).set(changes).where(and(eq(users.id, user.id), eq(users.workspaceId, user.workspaceId)));
  }
  const result = await loadMe(db, c.env, user.workspaceId, user.id);
  if (!result) throw unauthorized();
  if (changes.availability || changes.name) {
    await lobbyStub(c.env, user.workspaceId).setAvailability(user.id, result.name, result.availability);
  }
  return c.json(result, 200);
});

export default me;
