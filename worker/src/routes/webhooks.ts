// Webhook endpoints (owners and admins): add one (its signing secret shown once), change its URL or
// events, pause or resume it, delete it, send it a ping, read its delivery log and resend a delivery.
import { createRoute, z } from "@hono/zod-openapi";
import { and, count, desc, eq, lt, or } from "drizzle-orm";
import type { Context } from "hono";
import { errorResponses, IdParamSchema, jsonBody, jsonContent, OkSchema } from "@raibu/protocol/api";
import { DeliverySchema, WEBHOOK_EVENTS, WebhookEndpointBodySchema, WebhookEndpointCreatedSchema, WebhookEndpointSchema } from "@raibu/protocol/integrations";
import { getDb } from "../db/client";
import { deliveries, webhookEndpoints } from "../db/schema";
import type { AppBindings } from "../env";
import { deliver, eventBody, queueDeliveries } from "../integrations/events";
import { checkWebhookUrl, deliveryOut, endpointOut, newWebhookSecret, type EndpointRow } from "../integrations/webhooks";
import { requireAdmin, requireUser } from "../lib/auth";
import { newId } from "../lib/crypto";
import { ApiError, badRequest, conflict, notFound } from "../lib/errors";
import { cookieAuth, createRouter } from "../lib/router";
import { seal } from "../lib/secretBox";

/** Endpoints per workspace: each event is one delivery per endpoint. */
export const MAX_WEBHOOK_ENDPOINTS = 20;
const PAGE_SIZE = 25;

const router = createRouter();
for (const path of ["/api/webhooks", "/api/webhooks/*", "/api/deliveries/*"]) {
  router.use(path, requireUser);
  router.use(path, requireAdmin);
}

const UpdateBodySchema = WebhookEndpointBodySchema.partial()
  .extend({
    /** "active" resumes a paused endpoint (its count of failures starts again); "paused" stops it by hand. */
    status: z.enum(["active", "paused"]).optional(),
  })
  .openapi("WebhookEndpointUpdate");

const DeliveryPageSchema = z.object({ deliveries: z.array(DeliverySchema), nextCursor: z.string().nullable() }).openapi("DeliveryPage");
const PageQuerySchema = z.object({ cursor: z.string().max(200).optional() });

async function endpointOf(c: Context<AppBindings>, id: string): Promise<EndpointRow> {
  const [row] = await getDb(c.env.DB)
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.workspaceId, c.get("user").workspaceId)))
    .limit(1);
  if (!row) throw notFound("Webhook endpoint");
  return row;
}

const refusePaused = (endpoint: EndpointRow) => {
  if (endpoint.status === "paused") throw conflict("The endpoint is paused: resume it first.", "endpoint_paused");
};

const uniqueEvents = (events: readonly (typeof WEBHOOK_EVENTS)[number][]) => WEBHOOK_EVENTS.filter((e) => events.includes(e));

const list = createRoute({
  method: "get",
  path: "/api/webhooks",
  tags: ["webhooks"],
  summary: "The workspace's webhook endpoints, oldest first (never their secrets)",
  security: cookieAuth,
  responses: { 200: jsonContent(z.object({ endpoints: z.array(WebhookEndpointSchema) })), ...errorResponses(401, 403) },
});

router.openapi(list, async (c) => {
  const rows = await getDb(c.env.DB)
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.workspaceId, c.get("user").workspaceId))
    .orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
  return c.json({ endpoints: rows.map(endpointOut) }, 200);
});

const create = createRoute({
  method: "post",
  path: "/api/webhooks",
  tags: ["webhooks"],
  summary: "Add an endpoint (https to a public host); its signing secret is in this answer only",
  security: cookieAuth,
  request: jsonBody(WebhookEndpointBodySchema),
  responses: { 201: jsonContent(WebhookEndpointCreatedSchema, "Created"), ...errorResponses(400, 401, 403, 409, 503) },
});

router.openapi(create, async (c) => {
  const user = c.get("user");
  const body = c.req.valid("json");
  const url = checkWebhookUrl(body.url);
  const db = getDb(c.env.DB);
  const [held] = await db.select({ n: count() }).from(webhookEndpoints).where(eq(webhookEndpoints.workspaceId, user.workspaceId));
  if ((held?.n ?? 0) >= MAX_WEBHOOK_ENDPOINTS) {
    throw new ApiError(409, "limit_reached", `At most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints.`, { max: MAX_WEBHOOK_ENDPOINTS });
  }
  const secret = newWebhookSecret();
  const now = Date.now();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ id: newId(), workspaceId: user.workspaceId, url, events: uniqueEvents(body.events), secretEnc: await seal(c.env, secret), createdAt: now, updatedAt: now })
    .returning();
  return c.json({ ...endpointOut(row!), secret }, 201);
});

const update = createRoute({
  method: "patch",
  path: "/api/webhooks/{id}",
  tags: ["webhooks"],
  summary: "Change an endpoint's URL or events, resume it (status active) or pause it",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(UpdateBodySchema) },
  responses: { 200: jsonContent(WebhookEndpointSchema), ...errorResponses(400, 401, 403, 404) },
});

router.openapi(update, async (c) => {
  const endpoint = await endpointOf(c, c.req.valid("param").id);
  const body = c.req.valid("json");
  const now = Date.now();
  const status =
    body.status === "active" && endpoint.status === "paused"
      ? { status: "active" as const, pausedAt: null, consecutiveFailures: 0 }
      : body.status === "paused" && endpoint.status === "active"
        ? { status: "paused" as const, pausedAt: now }
        : {};
  const [row] = await getDb(c.env.DB)
    .update(webhookEndpoints)
    .set({
      ...(body.url !== undefined ? { url: checkWebhookUrl(body.url) } : {}),
      ...(body.events !== undefined ? { events: uniqueEvents(body.events) } : {}),
      ...status,
      updatedAt: now,
    })
    .where(and(eq(webhookEndpoints.id, endpoint.id), eq(webhookEndpoints.workspaceId, endpoint.workspaceId)))
    .returning();
  if (!row) throw notFound("Webhook endpoint");
  return c.json(endpointOut(row), 200);
});

const remove = createRoute({
  method: "delete",
  path: "/api/webhooks/{id}",
  tags: ["webhooks"],
  summary: "Delete an endpoint and its delivery log; nothing more is sent to it",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(OkSchema), ...errorResponses(401, 403, 404) },
});

router.openapi(remove, async (c) => {
  const endpoint = await endpointOf(c, c.req.valid("param").id);
  const db = getDb(c.env.DB);
  // Queued messages of its deliveries then find no row and send nothing.
  await db.batch([db.delete(deliveries).where(eq(deliveries.targetId, endpoint.id)), db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id))]);
  return c.json({ ok: true as const }, 200);
});

const test = createRoute({
  method: "post",
  path: "/api/webhooks/{id}/test",
  tags: ["webhooks"],
  summary: "Queue a signed `ping` delivery to the endpoint (logged like any other)",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 202: jsonContent(DeliverySchema, "Queued"), ...errorResponses(401, 403, 404, 409) },
});

router.openapi(test, async (c) => {
  const endpoint = await endpointOf(c, c.req.valid("param").id);
  refusePaused(endpoint);
  const eventId = newId();
  const payload = eventBody({ workspaceId: endpoint.workspaceId, event: "ping", eventId, data: { webhookId: endpoint.id, url: endpoint.url } });
  const [row] = await getDb(c.env.DB)
    .insert(deliveries)
    .values({ id: newId(), workspaceId: endpoint.workspaceId, targetId: endpoint.id, targetKind: "webhook", event: "ping", eventId, payload })
    .returning();
  await queueDeliveries(c.env, [row!.id]);
  return c.json(deliveryOut(row!), 202);
});

const log = createRoute({
  method: "get",
  path: "/api/webhooks/{id}/deliveries",
  tags: ["webhooks"],
  summary: "The endpoint's delivery log, newest first, a page at a time",
  security: cookieAuth,
  request: { params: IdParamSchema, query: PageQuerySchema },
  responses: { 200: jsonContent(DeliveryPageSchema), ...errorResponses(400, 401, 403, 404) },
});

/** `<createdAt>.<id>` of the last row read: the next page starts strictly after it. */
function parseCursor(cursor: string | undefined) {
  if (!cursor) return null;
  const at = cursor.indexOf(".");
  const createdAt = Number(cursor.slice(0, at));
  if (at < 1 || !Number.isSafeInteger(createdAt)) throw badRequest("cursor: not a cursor this endpoint gave.");
  return { createdAt, id: cursor.slice(at + 1) };
}

router.openapi(log, async (c) => {
  const endpoint = await endpointOf(c, c.req.valid("param").id);
  const after = parseCursor(c.req.valid("query").cursor);
  const rows = await getDb(c.env.DB)
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.targetId, endpoint.id),
        after ? or(lt(deliveries.createdAt, after.createdAt), and(eq(deliveries.createdAt, after.createdAt), lt(deliveries.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(PAGE_SIZE + 1);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  return c.json({ deliveries: page.map(deliveryOut), nextCursor: rows.length > PAGE_SIZE && last ? `${last.createdAt}.${last.id}` : null }, 200);
});

const resend = createRoute({
  method: "post",
  path: "/api/deliveries/{id}/resend",
  tags: ["webhooks"],
  summary: "Send a delivery again now: the same payload and event id, one more attempt on its log",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(DeliverySchema), ...errorResponses(401, 403, 404, 409) },
});

router.openapi(resend, async (c) => {
  const db = getDb(c.env.DB);
  const [row] = await db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.id, c.req.valid("param").id), eq(deliveries.workspaceId, c.get("user").workspaceId)))
    .limit(1);
  if (!row) throw notFound("Delivery");
  if (row.targetKind === "webhook") refusePaused(await endpointOf(c, row.targetId));
  if (row.status === "queued") {
    // Still being retried: one attempt now; on failure its queued retries go on.
    await deliver(c.env, row.id);
  } else {
    await db.update(deliveries).set({ status: "queued", deliveredAt: null }).where(and(eq(deliveries.id, row.id), eq(deliveries.status, row.status)));
    // A finished delivery gets this one attempt: it ends delivered or failed again.
    await deliver(c.env, row.id, { final: true });
  }
  const [after] = await db.select().from(deliveries).where(eq(deliveries.id, row.id)).limit(1);
  if (!after) throw notFound("Delivery");
  return c.json(deliveryOut(after), 200);
});

export default router;
