// Contacts reaching a CRM: a contact.created / contact.updated delivery pushes the contact (matched
// by email; none: skipped), a refused contact is failed with the provider's message while others
// sync, a rate limit waits for Retry-After, a rejected token shows on the connection; "Sync now"
// pushes every contact in queued steps with its progress counted, once however often it is clicked.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../src/db/client";
import { contactEvents, crmRecords, deliveries, integrations } from "../src/db/schema";
import { newId } from "../src/lib/crypto";
import { deliverToCrm } from "../src/integrations/crm";
import { runSyncStep, SYNC_BATCH, SYNC_STALE_MS } from "../src/integrations/crm/sync";
import { deliver, eventBody } from "../src/integrations/events";
import type { Client } from "./helpers";
import { adminSetup, createContact, fakeProviders, hubspot, pipedrive, tokens, type ProviderHandler } from "./crmFixtures";

afterEach(() => vi.restoreAllMocks());

/** Connects the provider (the token check answered OK), then lets `handler` answer the rest. */
async function connected(workspaceId: string, client: Client, provider: "hubspot" | "pipedrive", handler: ProviderHandler, token = tokens[provider]()) {
  let connecting = true;
  const calls = fakeProviders((call, all) => (connecting ? (provider === "hubspot" ? hubspot.list() : pipedrive.me()) : handler(call, all)));
  expect((await client.put(`/api/integrations/${provider}`, { token })).status).toBe(200);
  connecting = false;
  calls.length = 0;
  const [row] = await getDb(env.DB)
    .select()
    .from(integrations)
    .where(and(eq(integrations.workspaceId, workspaceId), eq(integrations.provider, provider)));
  return { calls, row: row!, token };
}

/** A delivery row of a contact event to the connection, as emitEvent writes it. */
async function crmDelivery(workspaceId: string, integrationId: string, contactId: string, event: "contact.created" | "contact.updated" = "contact.created") {
  const id = newId();
  const eventId = newId();
  await getDb(env.DB)
    .insert(deliveries)
    .values({ id, workspaceId, targetId: integrationId, targetKind: "crm", event, eventId, payload: eventBody({ workspaceId, event, eventId, data: { contact: { id: contactId } } }) });
  return id;
}

const recordOf = async (integrationId: string, contactId: string) =>
  (await getDb(env.DB).select().from(crmRecords).where(and(eq(crmRecords.integrationId, integrationId), eq(crmRecords.contactId, contactId))))[0];
const deliveryRow = async (id: string) => (await getDb(env.DB).select().from(deliveries).where(eq(deliveries.id, id)))[0]!;

describe("a contact event delivered to a CRM", () => {
  it("creates the new contact in HubSpot, records HubSpot's id as synced and logs the delivery delivered", async () => {
    const { ws, admin } = await adminSetup();
    const { calls, row } = await connected(ws.id, admin.client, "hubspot", (call) => (call.method === "PATCH" ? hubspot.notFound() : hubspot.contact("9001", 201)));
    const contact = await createContact(ws.id, { name: "Grace Hopper", email: "grace@example.test", company: "Navy" });

    const id = await crmDelivery(ws.id, row.id, contact.id);
    expect(await deliver(env, id)).toBe("done");

    expect(calls.map((c) => c.method)).toEqual(["PATCH", "POST"]);
    expect(calls[1]!.body.properties).toEqual({ email: "grace@example.test", firstname: "Grace", lastname: "Hopper", company: "Navy" });
    expect(await recordOf(row.id, contact.id)).toMatchObject({ status: "synced", remoteId: "9001", lastError: null });
    expect(await deliveryRow(id)).toMatchObject({ status: "delivered", attempts: 1, responseCode: 201 });
  });

  it("updates the person Pipedrive already has with that email on contact.updated", async () => {
    const { ws, admin } = await adminSetup();
    const contact = await createContact(ws.id, { name: "Alan Turing", email: "alan@example.test", phone: "+44 1" });
    const { calls, row } = await connected(ws.id, admin.client, "pipedrive", (call) => (call.method === "GET" ? pipedrive.found(314, "alan@example.test") : pipedrive.person(314)));

    expect(await deliver(env, await crmDelivery(ws.id, row.id, contact.id, "contact.updated"))).toBe("done");
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual(["GET /api/v2/persons/search", "PATCH /api/v2/persons/314"]);
    expect(calls[1]!.body).toEqual({ name: "Alan Turing", phones: [{ value: "+44 1", primary: true, label: "work" }] });
    expect(await recordOf(row.id, contact.id)).toMatchObject({ status: "synced", remoteId: "314" });
  });

  it("skips a contact without an email with a clear status, sends nothing and does not retry", async () => {
    const { ws, admin } = await adminSetup();
    const { calls, row } = await connected(ws.id, admin.client, "hubspot", () => hubspot.contact("1"));
    const contact = await createContact(ws.id, { email: null });

    const id = await crmDelivery(ws.id, row.id, contact.id);
    expect(await deliver(env, id)).toBe("done");
    expect(calls).toEqual([]);
    expect(await recordOf(row.id, contact.id)).toMatchObject({ status: "skipped", lastError: "No email address: contacts are matched by email in the CRM." });
    expect(await deliveryRow(id)).toMatchObject({ status: "failed", attempts: 1, lastError: "No email address: contacts are matched by email in the CRM." });
  });

  it("fails the contact HubSpot refuses with HubSpot's message, shown in the connection's errors, without retrying", async () => {
    const { ws, admin } = await adminSetup();
    const { row } = await connected(ws.id, admin.client, "hubspot", () => hubspot.invalid("Email address grace@nowhere is invalid"));
    const contact = await createContact(ws.id, { email: "grace@nowhere" });

    const id = await crmDelivery(ws.id, row.id, contact.id);
    expect(await deliver(env, id)).toBe("done");
    expect(await deliveryRow(id)).toMatchObject({ status: "failed", responseCode: 400, lastError: "Email address grace@nowhere is invalid" });
    const errors = await admin.client.get("/api/integrations/hubspot/errors");
    expect(errors.json.errors).toEqual([expect.objectContaining({ contactId: contact.id, email: "grace@nowhere", error: "Email address grace@nowhere is invalid" })]);
  });

  it("keeps a rate-limited delivery queued for another attempt after the provider's Retry-After, the contact untouched", async () => {
    const { ws, admin } = await adminSetup();
    const { row } = await connected(ws.id, admin.client, "hubspot", () => hubspot.rateLimited(12));
    const contact = await createContact(ws.id);
    const id = await crmDelivery(ws.id, row.id, contact.id);

    expect(await deliverToCrm(env, await deliveryRow(id))).toMatchObject({ ok: false, responseCode: 429, retryAfterSeconds: 12 });
    expect(await deliver(env, id)).toEqual({ retryAfterSeconds: 12 });
    expect(await deliveryRow(id)).toMatchObject({ status: "queued", responseCode: 429 });
    expect(await recordOf(row.id, contact.id)).toBeUndefined();
  });

  it("shows the connection's token as rejected after a 401, and Sync now refuses until a new token is given", async () => {
    const { ws, admin } = await adminSetup();
    const { row } = await connected(ws.id, admin.client, "hubspot", () => hubspot.unauthorized());
    const contact = await createContact(ws.id);

    const id = await crmDelivery(ws.id, row.id, contact.id);
    expect(await deliver(env, id)).toBe("done");
    expect(await deliveryRow(id)).toMatchObject({ status: "failed", responseCode: 401 });
    expect((await admin.client.get("/api/integrations")).json.integrations[0]).toMatchObject({ provider: "hubspot", connected: true, tokenRejected: true });
    const sync = await admin.client.post("/api/integrations/hubspot/sync");
    expect(sync.status).toBe(409);
    expect(sync.json.error.code).toBe("token_rejected");

    fakeProviders(() => hubspot.list());
    await admin.client.put("/api/integrations/hubspot", { token: tokens.hubspot() });
    expect((await admin.client.get("/api/integrations")).json.integrations[0].tokenRejected).toBe(false);
  });
});

describe("a contact's timeline", () => {
  it("tells when the contact reached the CRM and when it stopped reaching it, not every push", async () => {
    const { ws, admin } = await adminSetup();
    let refuse = false;
    const { row } = await connected(ws.id, admin.client, "hubspot", () => (refuse ? hubspot.invalid("Phone number is invalid") : hubspot.contact("55")));
    const contact = await createContact(ws.id);

    await deliver(env, await crmDelivery(ws.id, row.id, contact.id));
    await deliver(env, await crmDelivery(ws.id, row.id, contact.id, "contact.updated"));
    refuse = true;
    await deliver(env, await crmDelivery(ws.id, row.id, contact.id, "contact.updated"));

    const events = await getDb(env.DB).select().from(contactEvents).where(eq(contactEvents.contactId, contact.id));
    expect(events).toHaveLength(2);
    expect(events.map((e) => [e.kind, e.data])).toEqual(
      expect.arrayContaining([
        ["crm_synced", { provider: "hubspot", remoteId: "55" }],
        ["crm_failed", { provider: "hubspot" }],
      ]),
    );
  });
});

describe("Sync now", () => {
  it("pushes every contact of the workspace and counts its progress: done, failed (with HubSpot's message) and skipped; a second click while it runs starts nothing", async () => {
    const { ws, admin } = await adminSetup();
    const refused = await createContact(ws.id, { email: "refused@example.test" });
    const fine = await Promise.all([createContact(ws.id), createContact(ws.id), createContact(ws.id)]);
    const noEmail = await createContact(ws.id, { email: null });
    const { calls, row, token } = await connected(ws.id, admin.client, "hubspot", (call) =>
      call.url.pathname.includes("refused") ? hubspot.invalid("Property values were not valid") : hubspot.contact(`r-${call.url.pathname.split("/").pop()}`),
    );
    const logged = vi.spyOn(console, "log");
    const errored = vi.spyOn(console, "error");
    const warned = vi.spyOn(console, "warn");

    const [first, second] = await Promise.all([admin.client.post("/api/integrations/hubspot/sync"), admin.client.post("/api/integrations/hubspot/sync")]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(first.json.sync.startedAt).toBe(second.json.sync.startedAt);
    expect(first.json.sync.total).toBe(5);

    const done = await vi.waitFor(
      async () => {
        const integration = (await admin.client.get("/api/integrations")).json.integrations[0];
        if (integration.sync.finishedAt === null) throw new Error("still syncing");
        return integration;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(done.sync).toMatchObject({ total: 5, done: 5, failed: 1 });
    // One update per contact with an email, once: the second click started no second run.
    expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(4);
    for (const contact of fine) expect(await recordOf(row.id, contact.id)).toMatchObject({ status: "synced" });
    expect(await recordOf(row.id, refused.id)).toMatchObject({ status: "failed", lastError: "Property values were not valid" });
    expect(await recordOf(row.id, noEmail.id)).toMatchObject({ status: "skipped" });
    expect((await admin.client.get("/api/integrations/hubspot/errors")).json.errors.map((e: { contactId: string }) => e.contactId)).toEqual([refused.id]);

    const everythingLogged = JSON.stringify([...logged.mock.calls, ...errored.mock.calls, ...warned.mock.calls]);
    expect(everythingLogged).not.toContain(token);
  });

  it("a run that has not moved for an hour (its queued step lost) starts over on the next click, and the old run's step does nothing", async () => {
    const { ws, admin } = await adminSetup();
    await createContact(ws.id);
    const { row } = await connected(ws.id, admin.client, "hubspot", () => hubspot.contact("1"));
    const oldStart = Date.now() - 2 * SYNC_STALE_MS;
    const stuck = { syncStartedAt: oldStart, syncFinishedAt: null, syncTotal: 1, syncDone: 0, syncCursor: "", updatedAt: oldStart };
    await getDb(env.DB).update(integrations).set(stuck).where(eq(integrations.id, row.id));

    // Moved half an hour ago: still running, a click changes nothing.
    await getDb(env.DB).update(integrations).set({ updatedAt: Date.now() - SYNC_STALE_MS / 2 }).where(eq(integrations.id, row.id));
    expect((await admin.client.post("/api/integrations/hubspot/sync")).json.sync.startedAt).toBe(oldStart);

    await getDb(env.DB).update(integrations).set(stuck).where(eq(integrations.id, row.id));
    const restarted = await admin.client.post("/api/integrations/hubspot/sync");
    expect(restarted.status).toBe(202);
    expect(restarted.json.sync.startedAt).toBeGreaterThan(oldStart);
    expect(await runSyncStep(env, { integrationId: row.id, startedAt: oldStart, cursor: "" })).toBeNull();
    // The new run goes through the queue to its end (while the provider is still faked).
    await vi.waitFor(
      async () => {
        if ((await admin.client.get("/api/integrations")).json.integrations[0].sync.finishedAt === null) throw new Error("still syncing");
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it("a step stopped by a rate limit goes on after Retry-After from where it stopped, and a step run twice counts once", async () => {
    const { ws, admin } = await adminSetup();
    const people = [];
    for (let i = 0; i < SYNC_BATCH + 2; i++) people.push(await createContact(ws.id));
    let limited = false;
    const { calls, row } = await connected(ws.id, admin.client, "hubspot", (_call, all) => {
      // The third update of the run is refused once with a rate limit.
      if (!limited && all.length === 3) {
        limited = true;
        return hubspot.rateLimited(7);
      }
      return hubspot.contact("x");
    });
    // A run set up by hand (no queue message), so the steps run here one by one.
    const startedAt = Date.now();
    await getDb(env.DB)
      .update(integrations)
      .set({ syncStartedAt: startedAt, syncFinishedAt: null, syncTotal: people.length, syncDone: 0, syncFailed: 0, syncCursor: "" })
      .where(eq(integrations.id, row.id));

    const first = await runSyncStep(env, { integrationId: row.id, startedAt, cursor: "" });
    expect(first).toMatchObject({ delaySeconds: 7 });
    expect(first!.next.cursor).not.toBe("");
    const progress = async () => (await getDb(env.DB).select().from(integrations).where(eq(integrations.id, row.id)))[0]!;
    expect((await progress()).syncDone).toBe(2);

    // The queue delivering the first step again: nothing more is pushed or counted.
    expect(await runSyncStep(env, { integrationId: row.id, startedAt, cursor: "" })).toBeNull();
    expect((await progress()).syncDone).toBe(2);

    // The rest is one full batch: a next step is queued at once, which finds nothing left and ends the run.
    const second = await runSyncStep(env, first!.next);
    expect(second).toMatchObject({ delaySeconds: 0 });
    expect((await progress()).syncDone).toBe(SYNC_BATCH + 2);
    expect((await progress()).syncFinishedAt).toBeNull();
    expect(await runSyncStep(env, second!.next)).toBeNull();
    expect(await progress()).toMatchObject({ syncDone: SYNC_BATCH + 2, syncFailed: 0 });
    expect((await progress()).syncFinishedAt).not.toBeNull();
    // Every contact once, plus the one retried after the rate limit.
    expect(calls).toHaveLength(people.length + 1);
  });
});
