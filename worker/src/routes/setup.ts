// First run of a deployed instance: the first owner is created with the one-time
// SETUP_TOKEN secret, and only while the database has no user at all.
import { createRoute } from "@hono/zod-openapi";
import { getDb } from "../db/client";
import { loadMe } from "../db/queries";
import { users } from "../db/schema";
import { newId, timingSafeEqualText } from "../lib/crypto";
import { conflict, forbidden } from "../lib/errors";
import { hashPassword } from "../lib/passwords";
import { clientIp, enforceRateLimit } from "../lib/rateLimit";
import { createRouter } from "../lib/router";
import { createSession, setSessionCookie } from "../lib/sessions";
import { errorResponses, jsonBody, jsonContent, MeSchema, SetupBodySchema } from "@raibu/protocol/api";

const setup = createRouter();

const createOwner = createRoute({
  method: "post",
  path: "/api/setup",
  tags: ["setup"],
  summary: "Create the first workspace and its owner on a fresh deployment",
  request: jsonBody(SetupBodySchema),
  responses: { 201: jsonContent(MeSchema, "Created"), ...errorResponses(400, 403, 409, 429) },
});

setup.openapi(createOwner, async (c) => {
  const body = c.req.valid("json");
  await enforceRateLimit(c.env.LOGIN_LIMITER, `setup:${clientIp(c.req.raw.headers)}`);
  const expected = c.env.SETUP_TOKEN;
  if (!expected || !timingSafeEqualText(body.setupToken, expected)) throw forbidden("Wrong setup token.", "bad_setup_token");
  const db = getDb(c.env.DB);
  const alreadySetUp = () => conflict("This instance already has an owner.", "already_set_up");
  // A cheap early answer; the batch below is what decides when two requests race.
  const [anyUser] = await db.select({ id: users.id }).from(users).limit(1);
  if (anyUser) throw alreadySetUp();
  const workspaceId = newId();
  const userId = newId();
  const passwordHash = await hashPassword(body.password);
  // One transaction whose inserts both require "no user yet": of two racing requests, the
  // second finds the first's owner and inserts nothing.
  const noUserYet = "NOT EXISTS (SELECT 1 FROM users)";
  const [, owner] = await c.env.DB.batch([
    c.env.DB.prepare(`INSERT INTO workspaces (id, name) SELECT ?, ? WHERE ${noUserYet}`).bind(workspaceId, body.workspaceName),
    c.env.DB.prepare(`INSERT INTO users (id, workspace_id, email, name, role, password_hash) SELECT ?, ?, ?, ?, 'owner', ? WHERE ${noUserYet}`).bind(
      userId,
      workspaceId,
      body.email,
      body.name,
      passwordHash,
    ),
  ]);
  if (owner?.meta.changes !== 1) throw alreadySetUp();
  const session = await createSession(db, { id: userId, workspaceId });
  setSessionCookie(c, session.token, session.expiresAt);
  return c.json((await loadMe(db, c.env, workspaceId, userId))!, 201);
});

export default setup;
