// The signed-in agent: profile, availability, language, and their own console preferences.
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { loadMe } from "../db/queries";
import { users } from "../db/schema";
import { requireUser } from "../lib/auth";
import { lobbyStub } from "../lib/conversationService";
import { unauthorized } from "../lib/errors";
import { cookieAuth, createRouter } from "../lib/router";
import type { Context } from "hono";
import type { AppBindings } from "../env";
import {
  AgentPreferencesSchema,
  DEFAULT_PREFERENCES,
  errorResponses,
  jsonBody,
  jsonContent,
  MeSchema,
  SoundPreferencesSchema,
  UpdateMeBodySchema,
  type AgentPreferences,
} from "@raibu/protocol/api";

const me = createRouter();
me.use("/api/me", requireUser);
me.use("/api/me/*", requireUser);

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

/** The stored preferences over the defaults: a kind never saved, or saved by an older console, reads as its default. */
export function readPreferences(stored: unknown): AgentPreferences {
  const sounds = (stored as { sounds?: unknown } | null)?.sounds;
  const parsed = SoundPreferencesSchema.partial().safeParse(sounds ?? {});
  return { sounds: { ...DEFAULT_PREFERENCES.sounds, ...(parsed.success ? parsed.data : {}) } };
}

/** The signed-in agent's own row: preferences are never read or written for someone else. */
async function ownPreferences(c: Context<AppBindings>): Promise<AgentPreferences> {
  const user = c.get("user");
  const [row] = await getDb(c.env.DB)
    .select({ preferences: users.preferences })
    .from(users)
    .where(and(eq(users.id, user.id), eq(users.workspaceId, user.workspaceId)))
    .limit(1);
  if (!row) throw unauthorized();
  return readPreferences(row.preferences);
}

const getPreferences = createRoute({
  method: "get",
  path: "/api/me/preferences",
  tags: ["me"],
  summary: "The signed-in agent's console preferences (which sounds play), with defaults for what was never saved",
  security: cookieAuth,
  responses: { 200: jsonContent(AgentPreferencesSchema), ...errorResponses(401) },
});

me.openapi(getPreferences, async (c) => c.json(await ownPreferences(c), 200));

const putPreferences = createRoute({
  method: "put",
  path: "/api/me/preferences",
  tags: ["me"],
  summary: "Replace the signed-in agent's console preferences",
  security: cookieAuth,
  request: jsonBody(AgentPreferencesSchema),
  responses: { 200: jsonContent(AgentPreferencesSchema), ...errorResponses(400, 401) },
});

me.openapi(putPreferences, async (c) => {
  const user = c.get("user");
  const preferences = c.req.valid("json");
  await getDb(c.env.DB)
    .update(users)
    .set({ preferences })
    .where(and(eq(users.id, user.id), eq(users.workspaceId, user.workspaceId)));
  return c.json(await ownPreferences(c), 200);
});

export default me;
