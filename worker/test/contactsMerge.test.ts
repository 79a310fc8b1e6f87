// One person, one contact: « Mark as contact » with a known email joins that contact (both
// visitors' histories on one page), a contact whose email becomes another's is folded into it,
// and an agent merges two contacts by hand. What integrations are told of each.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { contactEvents, contacts, contactVisitors, crmRecords, deliveries, integrations, offlineThreads, webhookEndpoints } from "../src/db/schema";
import { newReplyKey } from "../src/offline/threads";
import { newId } from "../src/lib/crypto";
import { createInterface, createWorkspace, signedIn, visitorSession } from "./helpers";

const db = () => getDb(env.DB);

async function setup() {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id);
  const agent = await signedIn(ws.id, "agent");
  return { ws, iface, agent };
}

/** A webhook endpoint of the workspace hearing every contact event: its deliveries show what was emitted. */
async function listener(workspaceId: string) {
  const id = newId();
  await db()
    .insert(webhookEndpoints)
    .values({ id, workspaceId, url: "https://hooks.example.test/raibu", events: ["contact.created", "contact.updated", "contact.deleted"], secretEnc: "unused", updatedAt: Date.now() });
  return async () =>
    (await db().select().from(deliveries).where(eq(deliveries.targetId, id))).map((d) => ({ event: d.event, data: JSON.parse(d.payload).data })).sort((a, b) => a.event.localeCompare(b.event));
}

const capture = (client: { put: (p: string, b: unknown) => Promise<any> }, visitorId: string, fields: Record<string, unknown>) => client.put(`/api/visitors/${visitorId}/contact`, fields);

describe("capture with a known email", () => {
  it("a second visitor captured with an email the workspace has joins that contact: one contact, both visitors and conversations on its page, its empty fields filled, and the answer names it", async () => {
    const { ws, iface, agent } = await setup();
    const heard = await listener(ws.id);
    const first = await visitorSession(iface.id);
    const second = await visitorSession(iface.id);
    const made = await capture(agent.client, first.visitorId, { name: "Jeanne Moreau", email: "jeanne@example.test", customFields: { Fleet: "12" } });
    expect(made.status).toBe(200);
    expect(made.json.mergedInto).toBeNull();
    const joined = await capture(agent.client, second.visitorId, { name: "J. Moreau", email: "Jeanne@Example.test", phone: "+33 6 12 34 56 78", customFields: { Fleet: "99", Plan: "Pro" } });
    expect(joined.status).toBe(200);
    expect(joined.json).toMatchObject({ id: made.json.id, mergedInto: made.json.id, name: "Jeanne Moreau", phone: "+33 6 12 34 56 78", customFields: { Fleet: "12", Plan: "Pro" } });

    const rows = await db().select().from(contacts).where(eq(contacts.workspaceId, ws.id));
    expect(rows).toHaveLength(1);
    const page = (await agent.client.get(`/api/contacts/${made.json.id}`)).json;
    expect(page.visitorIds).toEqual([first.visitorId, second.visitorId]);
    expect(page.conversations.map((c: { id: string }) => c.id).sort()).toEqual([first.conversationId, second.conversationId].sort());
    expect(page.timeline.map((e: { kind: string }) => e.kind)).toEqual(["merged", "converted"]);
    expect(page.timeline[0]).toMatchObject({ actor: { id: agent.user.id, name: agent.user.name }, data: { via: "capture", visitorIds: [second.visitorId], filled: ["phone", "customFields"] } });
    // The second visitor's panel shows the contact they joined.
    expect((await agent.client.get(`/api/visitors/${second.visitorId}`)).json.contact.id).toBe(made.json.id);

    expect(await heard()).toEqual([
      { event: "contact.created", data: { contact: expect.objectContaining({ id: made.json.id, email: "jeanne@example.test" }) } },
      { event: "contact.updated", data: { contact: expect.objectContaining({ id: made.json.id, phone: "+33 6 12 34 56 78" }), changed: ["phone", "customFields"] } },
    ]);
  });

  it("a visitor already a contact, captured again with another contact's email, is folded into that contact", async () => {
    const { ws, iface, agent } = await setup();
    const heard = await listener(ws.id);
    const [a, b] = [await visitorSession(iface.id), await visitorSession(iface.id)];
    const first = (await capture(agent.client, a.visitorId, { name: "Ana", email: "ana@example.test" })).json;
    const second = (await capture(agent.client, b.visitorId, { name: "Ana B", email: "other@example.test", company: "Acme" })).json;
    expect(second.id).not.toBe(first.id);
    const again = await capture(agent.client, b.visitorId, { name: "Ana B", email: "ana@example.test", company: "Acme" });
    expect(again.json).toMatchObject({ id: first.id, mergedInto: first.id, name: "Ana", company: "Acme" });
    expect(await db().select().from(contacts).where(eq(contacts.id, second.id))).toEqual([]);
    const page = (await agent.client.get(`/api/contacts/${first.id}`)).json;
    expect(page.visitorIds).toEqual([a.visitorId, b.visitorId]);
    // The folded contact's own history came along.
    expect(page.timeline.map((e: { kind: string }) => e.kind)).toEqual(["merged", "updated", "converted", "converted"]);
    const events = await heard();
    expect(events.filter((e) => e.event === "contact.deleted")).toEqual([{ event: "contact.deleted", data: { contactId: second.id, mergedInto: first.id } }]);
  });

  it("a capture of a new person records « converted » on its timeline and tells integrations contact.created; saving it again records which fields changed", async () => {
    const { ws, iface, agent } = await setup();
    const heard = await listener(ws.id);
    const v = await visitorSession(iface.id);
    const made = (await capture(agent.client, v.visitorId, { name: "Léo", email: "leo@example.test" })).json;
    await capture(agent.client, v.visitorId, { name: "Léo", email: "leo@example.test", city: "Lyon" });
    const page = (await agent.client.get(`/api/contacts/${made.id}`)).json;
    expect(page.timeline.map((e: { kind: string; data: unknown }) => [e.kind, e.data])).toEqual([
      ["updated", { fields: ["city"] }],
      ["converted", { visitorId: v.visitorId }],
    ]);
    expect(page.contact.lastActivityAt).toBeGreaterThanOrEqual(made.createdAt);
    expect((await heard()).map((e) => e.event)).toEqual(["contact.created", "contact.updated"]);
  });
});

describe("a joined visitor elsewhere", () => {
  it("the offline thread of a visitor who joined another visitor's contact links to that contact", async () => {
    const { ws, iface, agent } = await setup();
    const [a, b] = [await visitorSession(iface.id), await visitorSession(iface.id)];
    const first = (await capture(agent.client, a.visitorId, { email: "thread@example.test" })).json;
    await capture(agent.client, b.visitorId, { email: "thread@example.test" });
    const threadId = newId();
    await db().insert(offlineThreads).values({ id: threadId, workspaceId: ws.id, interfaceId: iface.id, visitorId: b.visitorId, email: "thread@example.test", lang: "en", lastMessageAt: 1, replyKey: newReplyKey() });
    expect((await agent.client.get(`/api/offline/threads/${threadId}`)).json.contactId).toBe(first.id);
  });
});

describe("captures at once", () => {
  it("two visitors captured at the same moment with one email end as one contact holding both", async () => {
    const { ws, iface, agent } = await setup();
    const colleague = await signedIn(ws.id, "agent");
    const [a, b] = [await visitorSession(iface.id), await visitorSession(iface.id)];
    const [one, two] = await Promise.all([
      capture(agent.client, a.visitorId, { name: "Same", email: "same@example.test" }),
      capture(colleague.client, b.visitorId, { name: "Same", email: "same@example.test" }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const rows = await db().select().from(contacts).where(eq(contacts.workspaceId, ws.id));
    expect(rows).toHaveLength(1);
    expect(one.json.id).toBe(rows[0]!.id);
    expect(two.json.id).toBe(rows[0]!.id);
    const links = await db().select().from(contactVisitors).where(eq(contactVisitors.contactId, rows[0]!.id));
    expect(links.map((l) => l.visitorId).sort()).toEqual([a.visitorId, b.visitorId].sort());
  });
});

describe("merging by hand", () => {
  it("folds the other contact in: its visitors (with their notes and conversations), CRM records and timeline move, its fields fill the empty ones, it is deleted and a « merged » event names it", async () => {
    const { ws, iface, agent } = await setup();
    const heard = await listener(ws.id);
    const [a, b] = [await visitorSession(iface.id), await visitorSession(iface.id)];
    const keep = (await capture(agent.client, a.visitorId, { name: "Paul Keep", email: "paul@example.test" })).json;
    const other = (await capture(agent.client, b.visitorId, { name: "Paul Other", email: "paul.other@example.test", phone: "0102030405" })).json;
    await agent.client.post(`/api/visitors/${b.visitorId}/notes`, { body: "Called about the invoice" });
    const integrationId = newId();
    await db().insert(integrations).values({ id: integrationId, workspaceId: ws.id, provider: "hubspot", secretEnc: "x", mapping: {}, updatedAt: Date.now() });
    await db().insert(crmRecords).values({ workspaceId: ws.id, integrationId, contactId: other.id, remoteId: "hs-1", status: "synced", syncedAt: 1, updatedAt: 1 });

    const res = await agent.client.post(`/api/contacts/${keep.id}/merge`, { otherId: other.id });
    expect(res.status).toBe(200);
    expect(res.json.contact).toMatchObject({ id: keep.id, name: "Paul Keep", email: "paul@example.test", phone: "0102030405" });
    expect(res.json.visitorIds).toEqual([a.visitorId, b.visitorId]);
    expect(res.json.conversations).toHaveLength(2);
    expect(res.json.crm).toEqual([{ provider: "hubspot", status: "synced", remoteId: "hs-1", lastError: null, syncedAt: 1 }]);
    expect(res.json.timeline[0]).toMatchObject({ kind: "merged", actor: { id: agent.user.id }, data: { otherId: other.id, via: "manual", visitorIds: [b.visitorId], filled: ["phone"] } });
    expect(res.json.timeline.filter((e: { kind: string }) => e.kind === "converted")).toHaveLength(2);

    expect(await db().select().from(contacts).where(eq(contacts.id, other.id))).toEqual([]);
    expect(await db().select().from(contactEvents).where(eq(contactEvents.contactId, other.id))).toEqual([]);
    expect(await db().select().from(contactVisitors).where(eq(contactVisitors.contactId, other.id))).toEqual([]);
    // Notes are the visitor's: the merged visitor's panel still has them, under the survivor.
    const panel = (await agent.client.get(`/api/visitors/${b.visitorId}`)).json;
    expect(panel.contact.id).toBe(keep.id);
    expect(panel.notes.map((n: { body: string }) => n.body)).toEqual(["Called about the invoice"]);

    const events = (await heard()).filter((e) => e.event !== "contact.created");
    expect(events).toEqual([
      { event: "contact.deleted", data: { contactId: other.id, mergedInto: keep.id } },
      { event: "contact.updated", data: { contact: expect.objectContaining({ id: keep.id, phone: "0102030405" }), changed: ["phone"] } },
    ]);
  });

  it("a CRM record both contacts have keeps the survivor's", async () => {
    const { ws, iface, agent } = await setup();
    const [a, b] = [await visitorSession(iface.id), await visitorSession(iface.id)];
    const keep = (await capture(agent.client, a.visitorId, { email: "k@example.test" })).json;
    const other = (await capture(agent.client, b.visitorId, { email: "o@example.test" })).json;
    const integrationId = newId();
    await db().insert(integrations).values({ id: integrationId, workspaceId: ws.id, provider: "pipedrive", secretEnc: "x", mapping: {}, updatedAt: Date.now() });
    await db().insert(crmRecords).values([
      { workspaceId: ws.id, integrationId, contactId: keep.id, remoteId: "keep", status: "synced", updatedAt: 1 },
      { workspaceId: ws.id, integrationId, contactId: other.id, remoteId: "other", status: "failed", lastError: "boom", updatedAt: 1 },
    ]);
    await agent.client.post(`/api/contacts/${keep.id}/merge`, { otherId: other.id });
    const rows = await db().select().from(crmRecords).where(eq(crmRecords.integrationId, integrationId));
    expect(rows.map((r) => [r.contactId, r.remoteId])).toEqual([[keep.id, "keep"]]);
  });

  it("merging a contact into itself is a 400 same_contact, an unknown other a 404, and neither changes anything", async () => {
    const { iface, agent } = await setup();
    const v = await visitorSession(iface.id);
    const c = (await capture(agent.client, v.visitorId, { name: "Solo" })).json;
    const self = await agent.client.post(`/api/contacts/${c.id}/merge`, { otherId: c.id });
    expect(self.status).toBe(400);
    expect(self.json.error.code).toBe("same_contact");
    expect((await agent.client.post(`/api/contacts/${c.id}/merge`, { otherId: "nope" })).status).toBe(404);
    expect((await agent.client.get(`/api/contacts/${c.id}`)).json.timeline).toHaveLength(1);
  });
});

describe("edits", () => {
  it("PATCH changes only the fields sent, an empty email clears it, and the timeline records which fields changed", async () => {
    const { ws, iface, agent } = await setup();
    const heard = await listener(ws.id);
    const v = await visitorSession(iface.id);
    const c = (await capture(agent.client, v.visitorId, { name: "Eva", email: "eva@example.test", company: "Old Co", customFields: { Tier: "gold" } })).json;
    const res = await agent.client.patch(`/api/contacts/${c.id}`, { company: "New Co", customFields: { Tier: "gold", Seats: "4" } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: c.id, name: "Eva", email: "eva@example.test", company: "New Co", customFields: { Tier: "gold", Seats: "4" } });
    const cleared = await agent.client.patch(`/api/contacts/${c.id}`, { email: "" });
    expect(cleared.json.email).toBeNull();
    const page = (await agent.client.get(`/api/contacts/${c.id}`)).json;
    expect(page.timeline.slice(0, 2).map((e: { kind: string; data: unknown; actor: unknown }) => [e.kind, e.data, e.actor])).toEqual([
      ["updated", { fields: ["email"] }, { id: agent.user.id, name: agent.user.name }],
      ["updated", { fields: ["company", "customFields"] }, { id: agent.user.id, name: agent.user.name }],
    ]);
    expect(page.contact.lastActivityAt).toBeGreaterThanOrEqual(page.timeline[0].at);
    const updates = (await heard()).filter((e) => e.event === "contact.updated").map((e) => e.data.changed);
    expect(updates).toEqual(expect.arrayContaining([["company", "customFields"], ["email"]]));
  });

  it("PATCH refuses a malformed email (400 naming the field), an empty body (400 nothing_to_change) and another contact's email (409 email_taken naming it); a PATCH that changes nothing records nothing", async () => {
    const { iface, agent } = await setup();
    const [a, b] = [await visitorSession(iface.id), await visitorSession(iface.id)];
    const one = (await capture(agent.client, a.visitorId, { email: "one@example.test", name: "One" })).json;
    const two = (await capture(agent.client, b.visitorId, { email: "two@example.test" })).json;
    const bad = await agent.client.patch(`/api/contacts/${two.id}`, { email: "not-an-email" });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("email");
    const long = await agent.client.patch(`/api/contacts/${two.id}`, { name: "x".repeat(121) });
    expect(long.status).toBe(400);
    expect((await agent.client.patch(`/api/contacts/${two.id}`, {})).json.error.code).toBe("nothing_to_change");
    const taken = await agent.client.patch(`/api/contacts/${two.id}`, { email: "ONE@example.test" });
    expect(taken.status).toBe(409);
    expect(taken.json.error).toMatchObject({ code: "email_taken", contactId: one.id });
    expect((await agent.client.patch(`/api/contacts/${one.id}`, { name: "One" })).status).toBe(200);
    expect((await agent.client.get(`/api/contacts/${one.id}`)).json.timeline).toHaveLength(1);
    expect((await db().select().from(contacts).where(and(eq(contacts.id, two.id))))[0]!.email).toBe("two@example.test");
  });
});
