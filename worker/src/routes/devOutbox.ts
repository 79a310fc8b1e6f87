// The local dev outbox: on a developer's machine (`npm start` sets DEV_OUTBOX=1) emails
// stay in D1 and the console lists them here, so invitations and resets work offline.
// The emails hold one-time links, so only admins read them, and only over a loopback host:
// a deployment never serves this list, whatever its variables say.
import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import { getDb } from "../db/client";
import { emails } from "../db/schema";
import type { AppBindings } from "../env";
import { requireAdmin, requireUser } from "../lib/auth";
import { notFound } from "../lib/errors";
import { mailMode } from "../lib/mailer";
import { cookieAuth, createRouter } from "../lib/router";
import { errorResponses, IdParamSchema, jsonContent, OutboxEmailSchema } from "@raibu/protocol/api";

const outbox = createRouter();

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const onlyOnADevMachine = createMiddleware<AppBindings>(async (c, next) => {
  const local = LOOPBACK_HOSTS.has(new URL(c.req.url).hostname);
  if (mailMode(c.env) !== "dev_outbox" || !local) throw notFound("Dev outbox");
  await next();
});
outbox.use("/api/dev/outbox", onlyOnADevMachine, requireUser, requireAdmin);
outbox.use("/api/dev/outbox/*", onlyOnADevMachine, requireUser, requireAdmin);

const columns = {
  id: emails.id,
  to: emails.to,
  subject: emails.subject,
  text: emails.text,
  html: emails.html,
  status: emails.status,
  attempts: emails.attempts,
  lastError: emails.lastError,
  replyTo: emails.replyTo,
  attachments: emails.attachments,
  createdAt: emails.createdAt,
};

/** An email as the outbox shows it: no attachments reads as an empty list. */
const shown = <Row extends { attachments: unknown[] | null }>(row: Row) => ({ ...row, attachments: row.attachments ?? [] });

const listOutbox = createRoute({
  method: "get",
  path: "/api/dev/outbox",
  tags: ["dev"],
  summary: "Emails of this workspace held in the local dev outbox, newest first",
  security: cookieAuth,
  responses: { 200: jsonContent(z.object({ emails: z.array(OutboxEmailSchema) })), ...errorResponses(401, 403, 404) },
});

outbox.openapi(listOutbox, async (c) => {
  const rows = await getDb(c.env.DB)
    .select(columns)
    .from(emails)
    .where(eq(emails.workspaceId, c.get("user").workspaceId))
    .orderBy(desc(emails.createdAt))
    .limit(100);
  return c.json({ emails: rows.map(shown) }, 200);
});

const getOutboxEmail = createRoute({
  method: "get",
  path: "/api/dev/outbox/{id}",
  tags: ["dev"],
  summary: "One email of the dev outbox",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(OutboxEmailSchema), ...errorResponses(401, 403, 404) },
});

outbox.openapi(getOutboxEmail, async (c) => {
  const { id } = c.req.valid("param");
  const [row] = await getDb(c.env.DB)
    .select(columns)
    .from(emails)
    .where(and(eq(emails.id, id), eq(emails.workspaceId, c.get("user").workspaceId)))
    .limit(1);
  if (!row) throw notFound("Email");
  return c.json(shown(row), 200);
});

export default outbox;
