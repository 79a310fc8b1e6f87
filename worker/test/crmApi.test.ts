// Settings → Integrations, CRM half: connecting with a token the provider accepts (tried first),
// the token sealed in D1 and never in an answer, the mapping, disconnecting, the per-contact errors,
// and who may do it.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getDb } from "../src/db/client";
import { crmRecords, integrations } from "../src/db/schema";
import { open } from "../src/lib/secretBox";
import { Client, signedIn } from "./helpers";
import { adminSetup, createContact, fakeProviders, hubspot, pipedrive, tokens } from "./crmFixtures";

afterEach(() => vi.restoreAllMocks());

const storedRow = async (workspaceId: string, provider: "hubspot" | "pipedrive") =>
  (await getDb(env.DB).select().from(integrations).where(and(eq(integrations.workspaceId, workspaceId), eq(integrations.provider, provider))))[0];

describe("connecting a CRM", () => {
  it("tries the token on HubSpot, keeps it sealed (the D1 column is not the token) and lists the connection without it", async () => {
    const { ws, admin } = await adminSetup();
    const token = tokens.hubspot();
    const calls = fakeProviders(() => hubspot.list());

    const put = await admin.client.put("/api/integrations/hubspot", { token });
    expect(put.status).toBe(200);
    expect(put.json).toMatchObject({ provider: "hubspot", connected: true, enabled: true, tokenRejected: false, mapping: { email: "email", firstName: "firstname" } });
    expect(calls.map((c) => `${c.method} ${c.url.pathname}`)).toEqual(["GET /crm/v3/objects/contacts"]);
    expect(calls[0]!.headers.get("Authorization")).toBe(`Bearer ${token}`);

    const row = await storedRow(ws.id, "hubspot");
    expect(row!.secretEnc).not.toContain(token);
    expect(row!.secretEnc).toMatch(/^v1\./);
    expect(await open(env, row!.secretEnc)).toBe(token);

    const list = await admin.client.get("/api/integrations");
    expect(list.status).toBe(200);
    expect(list.json.integrations.map((i: { provider: string; connected: boolean }) => [i.provider, i.connected])).toEqual([
      ["hubspot", true],
      ["pipedrive", false],
    ]);
    for (const answer of [put, list]) {
      expect(JSON.stringify(answer.json)).not.toContain(token);
      expect(JSON.stringify(answer.json)).not.toContain(row!.secretEnc);
    }
  });

  it("refuses a token the provider rejects with 400 invalid_token and the provider's message, keeping nothing", async () => {
    const { ws, admin } = await adminSetup();
    fakeProviders(() => pipedrive.unauthorized());
    const res = await admin.client.put("/api/integrations/pipedrive", { token: tokens.pipedrive() });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: "invalid_token", message: "unauthorized access", provider: "pipedrive", providerStatus: 401 });
    expect(await storedRow(ws.id, "pipedrive")).toBeUndefined();
  });

  it("answers 502 provider_unavailable when the provider cannot be reached to try the token", async () => {
    const { admin } = await adminSetup();
    fakeProviders(() => Response.json({ status: "error", message: "upstream down" }, { status: 503 }));
    const res = await admin.client.put("/api/integrations/hubspot", { token: tokens.hubspot() });
    expect(res.status).toBe(502);
    expect(res.json.error.code).toBe("provider_unavailable");
  });

  it("asks for a token to connect, then changes the mapping and turns it off without one (the provider is not called again)", async () => {
    const { admin } = await adminSetup();
    const first = await admin.client.put("/api/integrations/pipedrive", { enabled: true });
    expect(first.status).toBe(400);
    expect(first.json.error.code).toBe("token_required");

    const calls = fakeProviders(() => pipedrive.me());
    expect((await admin.client.put("/api/integrations/pipedrive", { token: tokens.pipedrive() })).json.mapping).toEqual({ name: "name", email: "emails", phone: "phones" });
    const mapping = { name: "name", email: "emails", company: "a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2", "custom.plan": "f00dfeed" };
    const changed = await admin.client.put("/api/integrations/pipedrive", { mapping, enabled: false });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ connected: true, enabled: false, mapping });
    expect(calls).toHaveLength(1);
  });

  it("refuses a mapping from a field contacts do not have, or to a property name the CRM cannot have", async () => {
    const { admin } = await adminSetup();
    fakeProviders(() => hubspot.list());
    const unknown = await admin.client.put("/api/integrations/hubspot", { token: tokens.hubspot(), mapping: { favouriteColour: "colour" } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatchObject({ code: "invalid_mapping", field: "favouriteColour" });
    const badProperty = await admin.client.put("/api/integrations/hubspot", { token: tokens.hubspot(), mapping: { email: "e mail; drop" } });
    expect(badProperty.status).toBe(400);
    expect(badProperty.json.error).toMatchObject({ code: "invalid_mapping", field: "email" });
  });

  it("disconnects: the token and the per-contact records are gone, and the provider reads as not connected", async () => {
    const { ws, admin } = await adminSetup();
    fakeProviders(() => hubspot.list());
    await admin.client.put("/api/integrations/hubspot", { token: tokens.hubspot() });
    const row = (await storedRow(ws.id, "hubspot"))!;
    const contact = await createContact(ws.id);
    await getDb(env.DB).insert(crmRecords).values({ workspaceId: ws.id, integrationId: row.id, contactId: contact.id, status: "failed", lastError: "x", updatedAt: Date.now() });

    expect((await admin.client.delete("/api/integrations/hubspot")).status).toBe(200);
    expect(await storedRow(ws.id, "hubspot")).toBeUndefined();
    expect(await getDb(env.DB).select().from(crmRecords).where(eq(crmRecords.integrationId, row.id))).toEqual([]);
    expect((await admin.client.get("/api/integrations")).json.integrations[0]).toMatchObject({ provider: "hubspot", connected: false });
    expect((await admin.client.delete("/api/integrations/hubspot")).status).toBe(404);
  });
});

describe("a connection's errors", () => {
  it("lists the contacts whose last push failed with the provider's message, latest first, in pages", async () => {
    const { ws, admin } = await adminSetup();
    fakeProviders(() => hubspot.list());
    await admin.client.put("/api/integrations/hubspot", { token: tokens.hubspot() });
    const row = (await storedRow(ws.id, "hubspot"))!;
    const db = getDb(env.DB);
    const failedOnes = [];
    for (let i = 0; i < 53; i++) {
      const contact = await createContact(ws.id, { name: `Person ${i}` });
      failedOnes.push(contact);
      await db.insert(crmRecords).values({ workspaceId: ws.id, integrationId: row.id, contactId: contact.id, status: "failed", lastError: `bad ${i}`, updatedAt: 1_000 + i });
    }
    const synced = await createContact(ws.id);
    await db.insert(crmRecords).values({ workspaceId: ws.id, integrationId: row.id, contactId: synced.id, status: "synced", remoteId: "1", updatedAt: 5_000 });

    const first = await admin.client.get("/api/integrations/hubspot/errors");
    expect(first.status).toBe(200);
    expect(first.json.errors).toHaveLength(50);
    expect(first.json.errors[0]).toEqual({ contactId: failedOnes[52]!.id, name: "Person 52", email: failedOnes[52]!.email, error: "bad 52", at: 1_052 });
    const second = await admin.client.get(`/api/integrations/hubspot/errors?cursor=${encodeURIComponent(first.json.nextCursor)}`);
    expect(second.json.errors.map((e: { error: string }) => e.error)).toEqual(["bad 2", "bad 1", "bad 0"]);
    expect(second.json.nextCursor).toBeNull();
  });
});

describe("who may manage CRM connections", () => {
  it("an agent gets 403 on every CRM endpoint", async () => {
    const { ws } = await adminSetup();
    const { client } = await signedIn(ws.id, "agent");
    const answers = await Promise.all([
      client.get("/api/integrations"),
      client.put("/api/integrations/hubspot", { token: tokens.hubspot() }),
      client.delete("/api/integrations/hubspot"),
      client.post("/api/integrations/hubspot/sync"),
      client.get("/api/integrations/hubspot/errors"),
    ]);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
  });

  it("without a session every CRM endpoint answers 401", async () => {
    const client = new Client();
    const answers = await Promise.all([
      client.get("/api/integrations"),
      client.put("/api/integrations/hubspot", { token: tokens.hubspot() }),
      client.delete("/api/integrations/hubspot"),
      client.post("/api/integrations/hubspot/sync"),
      client.get("/api/integrations/hubspot/errors"),
    ]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401]);
  });

  it("another workspace's admin does not see the connection: 404 on its sync, errors and disconnect, and their list shows it not connected", async () => {
    const { admin } = await adminSetup();
    fakeProviders(() => hubspot.list());
    await admin.client.put("/api/integrations/hubspot", { token: tokens.hubspot() });
    const other = await adminSetup();
    const answers = await Promise.all([
      other.admin.client.post("/api/integrations/hubspot/sync"),
      other.admin.client.get("/api/integrations/hubspot/errors"),
      other.admin.client.delete("/api/integrations/hubspot"),
    ]);
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404]);
    expect((await other.admin.client.get("/api/integrations")).json.integrations[0]).toMatchObject({ provider: "hubspot", connected: false });
    expect((await admin.client.get("/api/integrations")).json.integrations[0]).toMatchObject({ provider: "hubspot", connected: true });
  });

  it("an unknown provider is not found", async () => {
    const { admin } = await adminSetup();
    const res = await admin.client.put("/api/integrations/salesforce", { token: "whatever-token" });
    expect(res.status).toBe(404);
  });
});
