// Webhook deliveries through the raibu-deliveries consumer (run by hand, outbound fetch
// intercepted): retries with back-off, the attempt log, idempotency, and pausing an endpoint
// that keeps failing.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, WEBHOOK_PAUSE_AFTER } from "@raibu/protocol/integrations";
import { getDb } from "../src/db/client";
import { deliveries, emails, integrations, webhookEndpoints } from "../src/db/schema";
import { DELIVERY_MAX_ATTEMPTS, emitEvent } from "../src/integrations/events";
import { seal } from "../src/lib/secretBox";
import { createUser, createWorkspace } from "./helpers";
import { addEndpoint, consume, deliveryRow, endpointRow, hookEnv, interceptHooks, ok, serverError } from "./webhookFixtures";

afterEach(() => vi.restoreAllMocks());

const contactCreated = (workspaceId: string, eventId = crypto.randomUUID()) => ({
  workspaceId,
  event: "contact.created" as const,
  eventId,
  data: { contact: { id: "c1", name: "Ada Lovelace", email: "ada@example.test" } },
});

/** Runs one delivery through every attempt it is given until the consumer stops retrying it. */
async function runToEnd(config: Parameters<typeof consume>[0], deliveryId: string) {
  for (let attempt = 1; attempt <= DELIVERY_MAX_ATTEMPTS; attempt++) {
    const result = await consume(config, deliveryId, attempt);
    if (result.retryMessages.length === 0) return attempt;
  }
  throw new Error("still retried after the last attempt");
}

describe("a webhook delivery", () => {
  it("to a receiver that fails twice then succeeds is delivered exactly once with a log of three attempts, backing off 10 s then 20 s", async () => {
    const ws = await createWorkspace();
    const hook = await addEndpoint(ws.id);
    const calls = interceptHooks(serverError, serverError, ok);
    const { env: config, queued } = hookEnv();

    const [id] = await emitEvent(config, contactCreated(ws.id));
    expect(queued).toEqual([{ deliveryId: id }]);

    const first = await consume(config, id!, 1);
    expect(first.retryMessages).toHaveLength(1);
    expect(first.delays).toEqual([10]);
    expect(await deliveryRow(id!)).toMatchObject({ status: "queued", attempts: 1, responseCode: 500, lastError: "The endpoint answered 500." });
    const second = await consume(config, id!, 2);
    expect(second.delays).toEqual([20]);
    const third = await consume(config, id!, 3);
    expect(third.retryMessages).toEqual([]);
    expect(third.explicitAcks).toHaveLength(1);

    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.url === hook.url && c.redirect === "manual")).toBe(true);
    // Every attempt sends the same event: the same body and delivery id.
    expect(new Set(calls.map((c) => c.body)).size).toBe(1);
    expect(calls.map((c) => c.headers.get(DELIVERY_HEADER))).toEqual([id, id, id]);
    expect(calls[2]!.headers.get(EVENT_HEADER)).toBe("contact.created");
    expect(calls[2]!.headers.get(SIGNATURE_HEADER)).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(JSON.parse(calls[2]!.body)).toMatchObject({ event: "contact.created", workspaceId: ws.id, data: { contact: { email: "ada@example.test" } } });

    const row = await deliveryRow(id!);
    expect(row).toMatchObject({ status: "delivered", attempts: 3, responseCode: 200, lastError: null });
    expect(row.deliveredAt).toEqual(expect.any(Number));
    expect(row.durationMs).toEqual(expect.any(Number));
  });

  it("sends nothing when the queue delivers its message again after it was delivered", async () => {
    const ws = await createWorkspace();
    await addEndpoint(ws.id);
    const calls = interceptHooks(ok);
    const { env: config } = hookEnv();
    const [id] = await emitEvent(config, contactCreated(ws.id));

    await consume(config, id!, 1);
    const again = await consume(config, id!, 2);
    expect(again.explicitAcks).toHaveLength(1);
    expect(calls).toHaveLength(1);
    expect(await deliveryRow(id!)).toMatchObject({ status: "delivered", attempts: 1 });
  });

  it("is made once per endpoint for one event id, however often the event is emitted", async () => {
    const ws = await createWorkspace();
    await addEndpoint(ws.id);
    await addEndpoint(ws.id);
    const { env: config, queued } = hookEnv();
    const event = contactCreated(ws.id);

    expect(await emitEvent(config, event)).toHaveLength(2);
    expect(await emitEvent(config, event)).toEqual([]);
    expect(queued).toHaveLength(2);
  });

  it("goes only to endpoints that picked the event", async () => {
    const ws = await createWorkspace();
    const closed = await addEndpoint(ws.id, ["conversation.closed"]);
    await addEndpoint(ws.id, ["contact.created"]);
    const { env: config } = hookEnv();

    const ids = await emitEvent(config, { workspaceId: ws.id, event: "conversation.closed", eventId: crypto.randomUUID(), data: {} });
    expect(ids).toHaveLength(1);
    expect((await deliveryRow(ids[0]!)).targetId).toBe(closed.id);
  });

  it("treats a redirect as a failure and does not follow it", async () => {
    const ws = await createWorkspace();
    await addEndpoint(ws.id);
    const calls = interceptHooks(() => new Response(null, { status: 302, headers: { Location: "http://10.0.0.1/" } }));
    const { env: config } = hookEnv();
    const [id] = await emitEvent(config, contactCreated(ws.id));

    const result = await consume(config, id!);
    expect(result.retryMessages).toHaveLength(1);
    expect(calls).toHaveLength(1);
    expect(await deliveryRow(id!)).toMatchObject({ status: "queued", responseCode: 302, lastError: expect.stringContaining("Redirected to http://10.0.0.1/") });
  });

  it("waits as long as a receiver's Retry-After asks before the next attempt", async () => {
    const ws = await createWorkspace();
    await addEndpoint(ws.id);
    interceptHooks(() => new Response("slow down", { status: 429, headers: { "Retry-After": "120" } }));
    const { env: config } = hookEnv();
    const [id] = await emitEvent(config, contactCreated(ws.id));

    expect((await consume(config, id!)).delays).toEqual([120]);
    expect(await deliveryRow(id!)).toMatchObject({ status: "queued", responseCode: 429 });
  });

  it("counts a receiver that never answers as a failed attempt", async () => {
    const ws = await createWorkspace();
    await addEndpoint(ws.id);
    interceptHooks(() => {
      throw new DOMException("The operation timed out.", "TimeoutError");
    });
    const { env: config } = hookEnv();
    const [id] = await emitEvent(config, contactCreated(ws.id));

    expect((await consume(config, id!)).retryMessages).toHaveLength(1);
    expect(await deliveryRow(id!)).toMatchObject({ status: "queued", responseCode: null, lastError: "No answer within 10 s." });
  });

  it(`fails for good after ${DELIVERY_MAX_ATTEMPTS} attempts, keeping the last error`, async () => {
    const ws = await createWorkspace();
    const hook = await addEndpoint(ws.id);
    const calls = interceptHooks(serverError);
    const { env: config } = hookEnv();
    const [id] = await emitEvent(config, contactCreated(ws.id));

    expect(await runToEnd(config, id!)).toBe(DELIVERY_MAX_ATTEMPTS);
    expect(calls).toHaveLength(DELIVERY_MAX_ATTEMPTS);
    expect(await deliveryRow(id!)).toMatchObject({ status: "failed", attempts: DELIVERY_MAX_ATTEMPTS, responseCode: 500, deliveredAt: null });
    expect((await endpointRow(hook.id)).consecutiveFailures).toBe(1);
  });
});

describe("an endpoint that keeps failing", () => {
  it(`is paused after ${WEBHOOK_PAUSE_AFTER} deliveries in a row failed, and its owners and admins (not its agents) are emailed once`, async () => {
    const ws = await createWorkspace();
    const owner = await createUser(ws.id, "owner");
    const admin = await createUser(ws.id, "admin");
    const agent = await createUser(ws.id, "agent");
    const hook = await addEndpoint(ws.id);
    interceptHooks(serverError);
    const { env: config, emailsQueued } = hookEnv();

    for (let n = 1; n <= WEBHOOK_PAUSE_AFTER; n++) {
      const [id] = await emitEvent(config, contactCreated(ws.id));
      await runToEnd(config, id!);
      const endpoint = await endpointRow(hook.id);
      if (n < WEBHOOK_PAUSE_AFTER) expect(endpoint).toMatchObject({ status: "active", consecutiveFailures: n, pausedAt: null });
      else expect(endpoint).toMatchObject({ status: "paused", consecutiveFailures: n, pausedAt: expect.any(Number) });
    }

    const sent = await getDb(env.DB).select().from(emails).where(eq(emails.workspaceId, ws.id));
    expect(sent.map((e) => e.to).sort()).toEqual([owner.email, admin.email].sort());
    expect(sent.map((e) => e.to)).not.toContain(agent.email);
    expect(sent[0]!.subject).toBe(`Raibu paused a webhook of ${ws.name}`);
    expect(sent[0]!.text).toContain(`The last ${WEBHOOK_PAUSE_AFTER} deliveries to ${hook.url} failed`);
    expect(sent[0]!.text).toContain("The endpoint answered 500.");
    expect(emailsQueued).toHaveLength(2);
  });

  it("tells a French-speaking admin in French", async () => {
    const ws = await createWorkspace();
    const admin = await createUser(ws.id, "admin");
    const { users } = await import("../src/db/schema");
    await getDb(env.DB).update(users).set({ locale: "fr" }).where(eq(users.id, admin.id));
    const hook = await addEndpoint(ws.id);
    await getDb(env.DB).update(webhookEndpoints).set({ consecutiveFailures: WEBHOOK_PAUSE_AFTER - 1 }).where(eq(webhookEndpoints.id, hook.id));
    interceptHooks(serverError);
    const { env: config } = hookEnv();
    const [id] = await emitEvent(config, contactCreated(ws.id));
    await runToEnd(config, id!);

    const [sent] = await getDb(env.DB).select().from(emails).where(eq(emails.to, admin.email));
    expect(sent!.subject).toBe(`Raibu a mis en pause un webhook de ${ws.name}`);
  });

  it("starts counting again after a success", async () => {
    const ws = await createWorkspace();
    const hook = await addEndpoint(ws.id);
    await getDb(env.DB).update(webhookEndpoints).set({ consecutiveFailures: WEBHOOK_PAUSE_AFTER - 1 }).where(eq(webhookEndpoints.id, hook.id));
    interceptHooks(ok);
    const { env: config } = hookEnv();
    const [id] = await emitEvent(config, contactCreated(ws.id));
    await consume(config, id!);

    expect(await endpointRow(hook.id)).toMatchObject({ status: "active", consecutiveFailures: 0 });
  });
});

describe("a paused endpoint", () => {
  it("receives nothing: new events make no delivery for it, and one queued before the pause is failed unsent", async () => {
    const ws = await createWorkspace();
    const hook = await addEndpoint(ws.id);
    const calls = interceptHooks(ok);
    const { env: config, queued } = hookEnv();
    const [before] = await emitEvent(config, contactCreated(ws.id));
    await getDb(env.DB).update(webhookEndpoints).set({ status: "paused", pausedAt: Date.now() }).where(eq(webhookEndpoints.id, hook.id));

    expect(await emitEvent(config, contactCreated(ws.id))).toEqual([]);
    const result = await consume(config, before!);
    expect(result.explicitAcks).toHaveLength(1);
    expect(calls).toEqual([]);
    expect(queued).toHaveLength(1);
    expect(await deliveryRow(before!)).toMatchObject({ status: "failed", lastError: "The endpoint is paused." });
    const rows = await getDb(env.DB).select().from(deliveries).where(eq(deliveries.targetId, hook.id));
    expect(rows).toHaveLength(1);
  });
});

describe("CRM connections", () => {
  async function connect(workspaceId: string, provider: "hubspot" | "pipedrive", enabled = true) {
    const id = crypto.randomUUID();
    await getDb(env.DB)
      .insert(integrations)
      .values({ id, workspaceId, provider, secretEnc: await seal(env, "token-123456"), mapping: {}, enabled, updatedAt: Date.now() });
    return id;
  }

  it("get a delivery of contact.created and contact.updated when enabled, and none of contact.deleted", async () => {
    const ws = await createWorkspace();
    const hubspot = await connect(ws.id, "hubspot");
    await connect(ws.id, "pipedrive", false);
    const { env: config } = hookEnv();

    for (const event of ["contact.created", "contact.updated"] as const) {
      const ids = await emitEvent(config, { workspaceId: ws.id, event, eventId: crypto.randomUUID(), data: {} });
      expect(ids).toHaveLength(1);
      expect(await deliveryRow(ids[0]!)).toMatchObject({ targetId: hubspot, targetKind: "crm", event });
    }
    expect(await emitEvent(config, { workspaceId: ws.id, event: "contact.deleted", eventId: crypto.randomUUID(), data: {} })).toEqual([]);
    const rows = await getDb(env.DB).select().from(deliveries).where(and(eq(deliveries.workspaceId, ws.id), eq(deliveries.targetKind, "crm")));
    expect(rows).toHaveLength(2);
  });

  it("have their deliveries made by the CRM push: one whose connection was removed meanwhile fails at once, unretried", async () => {
    const ws = await createWorkspace();
    const hubspot = await connect(ws.id, "hubspot");
    const { env: config } = hookEnv();
    const [id] = await emitEvent(config, { workspaceId: ws.id, event: "contact.updated", eventId: crypto.randomUUID(), data: { contact: { id: "gone" } } });
    await getDb(env.DB).delete(integrations).where(eq(integrations.id, hubspot));

    const result = await consume(config, id!);
    expect(result.retryMessages).toEqual([]);
    expect(await deliveryRow(id!)).toMatchObject({ status: "failed", attempts: 1, lastError: "The CRM connection was removed." });
  });
});
