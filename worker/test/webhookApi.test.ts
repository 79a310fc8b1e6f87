// The webhook endpoints API: owners and admins only, per workspace; the secret shown once and
// kept sealed; pausing and resuming; the ping; the delivery log's pages; Resend.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER } from "@raibu/protocol/integrations";
import { getDb } from "../src/db/client";
import { deliveries, webhookEndpoints } from "../src/db/schema";
import { DELIVERY_MAX_ATTEMPTS } from "../src/integrations/events";
import { open } from "../src/lib/secretBox";
import { MAX_WEBHOOK_ENDPOINTS } from "../src/routes/webhooks";
import { Client, createWorkspace, signedIn } from "./helpers";
import { addEndpoint, consume, deliveryRow, endpointRow, hookEnv, HOOKS, interceptHooks, ok, serverError } from "./webhookFixtures";

afterEach(() => vi.restoreAllMocks());

async function adminOf() {
  const ws = await createWorkspace();
  const { client, user } = await signedIn(ws.id, "admin");
  return { ws, client, user };
}

/** A finished delivery of the endpoint, written straight into D1. */
async function pastDelivery(workspaceId: string, targetId: string, fields: Partial<typeof deliveries.$inferInsert> = {}) {
  const id = crypto.randomUUID();
  const eventId = crypto.randomUUID();
  const payload = JSON.stringify({ id: eventId, event: "contact.created", createdAt: 1, workspaceId, data: { n: 1 } });
  await getDb(env.DB)
    .insert(deliveries)
    .values({ id, workspaceId, targetId, targetKind: "webhook", event: "contact.created", eventId, payload, ...fields });
  return { id, eventId, payload };
}

describe("webhook endpoints", () => {
  it("are added by an admin, whose answer alone carries the signing secret, kept sealed in D1", async () => {
    const { client } = await adminOf();
    const res = await client.post("/api/webhooks", { url: `${HOOKS}/in`, events: ["contact.created", "conversation.closed", "contact.created"] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ url: `${HOOKS}/in`, events: ["contact.created", "conversation.closed"], status: "active", consecutiveFailures: 0, pausedAt: null });
    expect(res.json.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const row = await endpointRow(res.json.id);
    expect(row.secretEnc).not.toContain(res.json.secret);
    expect(await open(env, row.secretEnc)).toBe(res.json.secret);
    const list = await client.get("/api/webhooks");
    expect(list.json.endpoints).toEqual([expect.objectContaining({ id: res.json.id })]);
    expect(JSON.stringify(list.json)).not.toContain(res.json.secret);
    expect(list.json.endpoints[0]).not.toHaveProperty("secret");
  });

  it(`are at most ${MAX_WEBHOOK_ENDPOINTS} per workspace: one more is refused with 409 limit_reached`, async () => {
    const { ws, client } = await adminOf();
    for (let n = 0; n < MAX_WEBHOOK_ENDPOINTS; n++) await addEndpoint(ws.id);
    const res = await client.post("/api/webhooks", { url: `${HOOKS}/one-more`, events: ["contact.created"] });
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: "limit_reached", max: MAX_WEBHOOK_ENDPOINTS });
  });

  it("refuse an http:// address", async () => {
    const { client } = await adminOf();
    const res = await client.post("/api/webhooks", { url: "http://hooks.example.com/in", events: ["contact.created"] });
    expect(res.status).toBe(400);
  });

  it("change URL and events, pause by hand, and resume with the failures counted from zero again", async () => {
    const { ws, client } = await adminOf();
    const hook = await addEndpoint(ws.id);
    await getDb(env.DB).update(webhookEndpoints).set({ status: "paused", pausedAt: 5, consecutiveFailures: 5 }).where(eq(webhookEndpoints.id, hook.id));

    const resumed = await client.patch(`/api/webhooks/${hook.id}`, { status: "active", url: `${HOOKS}/moved`, events: ["appointment.booked"] });
    expect(resumed.status).toBe(200);
    expect(resumed.json).toMatchObject({ status: "active", pausedAt: null, consecutiveFailures: 0, url: `${HOOKS}/moved`, events: ["appointment.booked"] });
    const paused = await client.patch(`/api/webhooks/${hook.id}`, { status: "paused" });
    expect(paused.json).toMatchObject({ status: "paused", pausedAt: expect.any(Number) });
    const privateUrl = await client.patch(`/api/webhooks/${hook.id}`, { url: "https://192.168.1.10/hook" });
    expect(privateUrl.status).toBe(400);
    expect(privateUrl.json.error).toMatchObject({ code: "url_not_public", reason: "private_address" });
  });

  it("are deleted with their delivery log", async () => {
    const { ws, client } = await adminOf();
    const hook = await addEndpoint(ws.id);
    await pastDelivery(ws.id, hook.id);
    expect((await client.delete(`/api/webhooks/${hook.id}`)).status).toBe(200);
    expect((await client.get("/api/webhooks")).json.endpoints).toEqual([]);
    expect(await getDb(env.DB).select().from(deliveries).where(eq(deliveries.targetId, hook.id))).toEqual([]);
  });
});

describe("who may reach webhooks", () => {
  const calls = (endpointId: string, deliveryId: string) =>
    [
      ["GET", "/api/webhooks"],
      ["POST", "/api/webhooks", { url: `${HOOKS}/x`, events: ["contact.created"] }],
      ["PATCH", `/api/webhooks/${endpointId}`, { events: ["contact.updated"] }],
      ["DELETE", `/api/webhooks/${endpointId}`],
      ["POST", `/api/webhooks/${endpointId}/test`, {}],
      ["GET", `/api/webhooks/${endpointId}/deliveries`],
      ["POST", `/api/deliveries/${deliveryId}/resend`, {}],
    ] as const;

  it("an agent is refused every webhook route with 403", async () => {
    const ws = await createWorkspace();
    const hook = await addEndpoint(ws.id);
    const delivery = await pastDelivery(ws.id, hook.id);
    const { client } = await signedIn(ws.id, "agent");
    for (const [method, path, body] of calls(hook.id, delivery.id)) {
      const res = await client.request(method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 403]);
    }
  });

  it("without a session every webhook route answers 401", async () => {
    const ws = await createWorkspace();
    const hook = await addEndpoint(ws.id);
    const delivery = await pastDelivery(ws.id, hook.id);
    const client = new Client();
    for (const [method, path, body] of calls(hook.id, delivery.id)) {
      const res = await client.request(method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
  });

  it("another workspace's endpoint and delivery are not found (404), and left untouched", async () => {
    const other = await createWorkspace();
    const hook = await addEndpoint(other.id);
    const delivery = await pastDelivery(other.id, hook.id, { status: "failed" });
    const { client } = await adminOf();
    for (const [method, path, body] of calls(hook.id, delivery.id).slice(2)) {
      const res = await client.request(method, path, body);
      expect([method, path, res.status]).toEqual([method, path, 404]);
    }
    expect(await endpointRow(hook.id)).toMatchObject({ events: ["contact.created"] });
    expect((await deliveryRow(delivery.id)).attempts).toBe(0);
    expect((await client.get("/api/webhooks")).json.endpoints).toEqual([]);
  });
});

describe("a ping", () => {
  it("is queued as a signed `ping` delivery and reaches the endpoint", async () => {
    const { ws, client } = await adminOf();
    const hook = await addEndpoint(ws.id);
    const received = interceptHooks(ok);
    const res = await client.post(`/api/webhooks/${hook.id}/test`);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ event: "ping", status: "queued", attempts: 0 });

    // Whether the local queue has already run it or not, running its message once more sends it at most once.
    await consume(hookEnv().env, res.json.id);
    await vi.waitFor(async () => expect((await deliveryRow(res.json.id)).status).toBe("delivered"));
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.get(EVENT_HEADER)).toBe("ping");
    expect(received[0]!.headers.get(DELIVERY_HEADER)).toBe(res.json.id);
    expect(received[0]!.headers.get(SIGNATURE_HEADER)).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(received[0]!.body)).toMatchObject({ id: res.json.eventId, event: "ping", workspaceId: ws.id, data: { webhookId: hook.id } });
  });

  it("and a Resend to a paused endpoint are refused with 409 endpoint_paused", async () => {
    const { ws, client } = await adminOf();
    const hook = await addEndpoint(ws.id);
    const delivery = await pastDelivery(ws.id, hook.id, { status: "failed" });
    await getDb(env.DB).update(webhookEndpoints).set({ status: "paused", pausedAt: Date.now() }).where(eq(webhookEndpoints.id, hook.id));
    const received = interceptHooks(ok);

    expect((await client.post(`/api/webhooks/${hook.id}/test`)).json.error.code).toBe("endpoint_paused");
    expect((await client.post(`/api/deliveries/${delivery.id}/resend`)).json.error.code).toBe("endpoint_paused");
    expect(received).toEqual([]);
  });
});

describe("the delivery log", () => {
  it("pages newest first with a cursor", async () => {
    const { ws, client } = await adminOf();
    const hook = await addEndpoint(ws.id);
    for (let n = 0; n < 30; n++) await pastDelivery(ws.id, hook.id, { createdAt: 1_000 + n, status: "delivered", attempts: 1, responseCode: 200, durationMs: 12 });

    const first = await client.get(`/api/webhooks/${hook.id}/deliveries`);
    expect(first.json.deliveries).toHaveLength(25);
    expect(first.json.deliveries[0]).toMatchObject({ createdAt: 1_029, status: "delivered", attempts: 1, responseCode: 200, durationMs: 12, lastError: null });
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await client.get(`/api/webhooks/${hook.id}/deliveries?cursor=${encodeURIComponent(first.json.nextCursor)}`);
    expect(second.json.deliveries.map((d: { createdAt: number }) => d.createdAt)).toEqual([1_004, 1_003, 1_002, 1_001, 1_000]);
    expect(second.json.nextCursor).toBeNull();
    expect((await client.get(`/api/webhooks/${hook.id}/deliveries?cursor=nonsense`)).status).toBe(400);
  });
});

describe("Resend", () => {
  it("makes one more attempt of the same payload and event id, logged on the delivery", async () => {
    const { ws, client } = await adminOf();
    const hook = await addEndpoint(ws.id);
    const delivery = await pastDelivery(ws.id, hook.id, { status: "failed", attempts: DELIVERY_MAX_ATTEMPTS, responseCode: 500, lastError: "The endpoint answered 500." });
    const received = interceptHooks(ok);

    const res = await client.post(`/api/deliveries/${delivery.id}/resend`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: delivery.id, eventId: delivery.eventId, status: "delivered", attempts: DELIVERY_MAX_ATTEMPTS + 1, responseCode: 200, lastError: null, deliveredAt: expect.any(Number) });
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toBe(delivery.payload);
    expect(received[0]!.headers.get(DELIVERY_HEADER)).toBe(delivery.id);
  });

  it("that fails leaves the delivery failed with the new error, without further retries", async () => {
    const { ws, client } = await adminOf();
    const hook = await addEndpoint(ws.id);
    const delivery = await pastDelivery(ws.id, hook.id, { status: "delivered", attempts: 2, deliveredAt: 5 });
    const received = interceptHooks(() => new Response("gone", { status: 410 }));
    const { env: config, queued } = hookEnv();

    const res = await client.post(`/api/deliveries/${delivery.id}/resend`);
    expect(res.json).toMatchObject({ status: "failed", attempts: 3, responseCode: 410, lastError: "The endpoint answered 410.", deliveredAt: null });
    expect(received).toHaveLength(1);
    expect(queued).toEqual([]);
    expect((await consume(config, delivery.id)).explicitAcks).toHaveLength(1);
    expect(received).toHaveLength(1);
  });

  it("of a delivery still being retried makes one attempt now and leaves its retries to the queue when it fails", async () => {
    const { ws, client } = await adminOf();
    const hook = await addEndpoint(ws.id);
    const delivery = await pastDelivery(ws.id, hook.id, { status: "queued", attempts: 1 });
    interceptHooks(serverError);

    const res = await client.post(`/api/deliveries/${delivery.id}/resend`);
    expect(res.json).toMatchObject({ status: "queued", attempts: 2, responseCode: 500 });
  });
});
