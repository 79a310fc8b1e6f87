// A contact's page through the real Worker: its record, visitors, their conversations newest
// first, offline threads and appointments (by visitor or by email), CRM states and the timeline;
// its « last activity » following what its visitors do; who may read, edit and merge it.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { bookSlot } from "../src/appointments/bookings";
import { appointments, appointmentSettings, contacts, conversations, crmRecords, integrations, offlineThreads } from "../src/db/schema";
import { touchContactActivity } from "../src/contacts/records";
import { newId } from "../src/lib/crypto";
import { appendMessage, newReplyKey } from "../src/offline/threads";
import { ALWAYS, slotAhead } from "./bookingFixtures";
import { agentSocket, Client, conversationObject, createInterface, createWorkspace, messageId, signedIn, unique, visitorSession, visitorSocket } from "./helpers";

const db = () => getDb(env.DB);

async function setup() {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id);
  const agent = await signedIn(ws.id, "agent");
  const session = await visitorSession(iface.id);
  const contact = (await agent.client.put(`/api/visitors/${session.visitorId}/contact`, { name: "Marie Curie", email: "marie@example.test", company: "Radium" })).json;
  return { ws, iface, agent, session, contact };
}

function thread(workspaceId: string, interfaceId: string, over: Partial<typeof offlineThreads.$inferInsert>) {
  return { id: newId(), workspaceId, interfaceId, email: "someone@example.test", lang: "en" as const, lastMessageAt: 1, replyKey: newReplyKey(), preview: "hi", ...over };
}

function appointment(workspaceId: string, interfaceId: string, over: Partial<typeof appointments.$inferInsert>) {
  return { id: newId(), workspaceId, interfaceId, name: "x", email: "someone@example.test", lang: "en" as const, startsAt: 1, endsAt: 2, callId: newId(), bookingKey: unique("k"), manageKey: unique("m"), ...over };
}

describe("a contact's page", () => {
  it("holds the record with its interface, converter and last activity, its conversations newest first, its threads and appointments by visitor or by email (not others'), CRM states and the timeline with actor names", async () => {
    const { ws, iface, agent, session, contact } = await setup();
    const older = newId();
    await db().insert(conversations).values({ id: older, workspaceId: ws.id, interfaceId: iface.id, visitorId: session.visitorId, status: "closed", createdAt: 1000, lastMessageAt: 2000, lastMessagePreview: "old one" });
    const threads = [
      thread(ws.id, iface.id, { visitorId: session.visitorId, lastMessageAt: 10, preview: "by visitor" }),
      thread(ws.id, iface.id, { email: "marie@example.test", lastMessageAt: 20, preview: "by email" }),
      thread(ws.id, iface.id, { lastMessageAt: 30, preview: "someone else's" }),
    ];
    await db().insert(offlineThreads).values(threads);
    const booked = [
      appointment(ws.id, iface.id, { visitorId: session.visitorId, startsAt: 100 }),
      appointment(ws.id, iface.id, { email: "marie@example.test", startsAt: 200, status: "cancelled" }),
      appointment(ws.id, iface.id, { startsAt: 300 }),
    ];
    await db().insert(appointments).values(booked);
    const integrationId = newId();
    await db().insert(integrations).values({ id: integrationId, workspaceId: ws.id, provider: "pipedrive", secretEnc: "x", mapping: {}, updatedAt: 1 });
    await db().insert(crmRecords).values({ workspaceId: ws.id, integrationId, contactId: contact.id, status: "failed", lastError: "Rejected", updatedAt: 1 });
    const hubspot = newId();
    await db().insert(integrations).values({ id: hubspot, workspaceId: ws.id, provider: "hubspot", secretEnc: "x", mapping: {}, updatedAt: 1 });
    await db().insert(crmRecords).values({ workspaceId: ws.id, integrationId: hubspot, contactId: contact.id, status: "skipped", lastError: "No email", updatedAt: 1 });

    const res = await agent.client.get(`/api/contacts/${contact.id}`);
    expect(res.status).toBe(200);
    const page = res.json;
    expect(page.contact).toMatchObject({ id: contact.id, name: "Marie Curie", email: "marie@example.test", company: "Radium", interfaceId: iface.id, convertedBy: { id: agent.user.id, name: agent.user.name } });
    expect(page.contact.lastActivityAt).toBeGreaterThan(0);
    expect(page.visitorIds).toEqual([session.visitorId]);
    expect(page.conversations.map((c: { id: string }) => c.id)).toEqual([session.conversationId, older]);
    expect(page.conversations[1]).toEqual({ id: older, interfaceId: iface.id, status: "closed", createdAt: 1000, lastMessageAt: 2000, lastMessagePreview: "old one" });
    expect(page.offlineThreads.map((t: { preview: string }) => t.preview)).toEqual(["by email", "by visitor"]);
    expect(page.appointments).toEqual([
      { id: booked[1]!.id, startsAt: 200, status: "cancelled" },
      { id: booked[0]!.id, startsAt: 100, status: "booked" },
    ]);
    expect(page.crm).toEqual([
      { provider: "hubspot", status: "skipped", remoteId: null, lastError: "No email", syncedAt: null },
      { provider: "pipedrive", status: "failed", remoteId: null, lastError: "Rejected", syncedAt: null },
    ]);
    expect(page.timeline).toEqual([{ id: expect.any(String), kind: "converted", actor: { id: agent.user.id, name: agent.user.name }, data: { visitorId: session.visitorId }, at: contact.createdAt }]);
  });
});

describe("last activity", () => {
  it("a visitor's new offline message moves their contact's last activity forward, never back", async () => {
    const { ws, iface, session, contact } = await setup();
    const row = thread(ws.id, iface.id, { visitorId: session.visitorId });
    await db().insert(offlineThreads).values(row);
    const before = Date.now();
    await appendMessage(env, { ...row, name: "", phone: "", status: "open", starred: false, unread: true, lastAuthor: "visitor", messageCount: 0, createdAt: 1, conversationId: null, visitorId: session.visitorId, preview: "hi" } as never, {
      author: "visitor",
      text: "Any news?",
      via: "link",
      dedupeKey: unique("answer"),
    });
    const activity = async () => (await db().select({ at: contacts.lastActivityAt }).from(contacts).where(eq(contacts.id, contact.id)))[0]!.at!;
    expect(await activity()).toBeGreaterThanOrEqual(before);
    const now = await activity();
    await touchContactActivity(env, ws.id, session.visitorId, now - 60_000);
    expect(await activity()).toBe(now);
    await touchContactActivity(env, ws.id, session.visitorId, now + 60_000);
    expect(await activity()).toBe(now + 60_000);
  });
});

describe("last activity of a live chat", () => {
  it("a contact's visitor writing in the chat moves the contact's last activity to the message's time once the conversation's copy lands in D1; an agent's message does not", async () => {
    const { agent, session, contact } = await setup();
    await db().update(contacts).set({ lastActivityAt: 1 }).where(eq(contacts.id, contact.id));
    const activity = async () => (await db().select({ at: contacts.lastActivityAt }).from(contacts).where(eq(contacts.id, contact.id)))[0]!.at;
    const copyToD1 = async () => {
      await runInDurableObject(conversationObject(session.conversationId), (instance) => {
        (instance as unknown as { state: { d1SyncedAt: number } }).state.d1SyncedAt = 0;
      });
      await runDurableObjectAlarm(conversationObject(session.conversationId));
    };
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const visitor = await visitorSocket(session);
    const id = messageId();
    const before = Date.now();
    visitor.send({ type: "message", id, text: "Is the blue one in stock?" });
    await visitor.next((f) => f.type === "ack" && f.id === id);
    const after = Date.now();
    await copyToD1();
    const at = (await activity())!;
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(after);

    const agentSide = await agentSocket(agent.client, session.conversationId);
    const reply = messageId();
    agentSide.send({ type: "message", id: reply, text: "Yes, in every size." });
    await agentSide.next((f) => f.type === "ack" && f.id === reply);
    await copyToD1();
    expect(await activity()).toBe(at);
  });
});

describe("last activity of a booking", () => {
  it("a visitor's booking moves their contact's last activity to the booking's time", async () => {
    const { ws, iface, session, contact } = await setup();
    await db().insert(appointmentSettings).values({ interfaceId: iface.id, workspaceId: ws.id, settings: ALWAYS, updatedAt: Date.now() });
    await db().update(contacts).set({ lastActivityAt: 1 }).where(eq(contacts.id, contact.id));
    const now = Date.now();
    const booked = await bookSlot(env, {
      workspaceId: ws.id,
      interfaceId: iface.id,
      conversationId: session.conversationId,
      visitorId: session.visitorId,
      body: { id: unique("booking"), startsAt: slotAhead(48), name: "Marie Curie", email: "marie@example.test", timeZone: "Europe/Paris" },
      appOrigin: "http://localhost",
      now,
    });
    expect(booked.ok).toBe(true);
    expect((await db().select({ at: contacts.lastActivityAt }).from(contacts).where(eq(contacts.id, contact.id)))[0]!.at).toBe(now);
  });
});

describe("who may see and change contacts", () => {
  it("an agent (not only admins) reads the list and a contact, edits and merges", async () => {
    const { ws, iface, agent, contact } = await setup();
    const other = (await agent.client.put(`/api/visitors/${(await visitorSession(iface.id)).visitorId}/contact`, { name: "Other" })).json;
    const colleague = await signedIn(ws.id, "agent");
    expect((await colleague.client.get("/api/contacts")).json.total).toBe(2);
    expect((await colleague.client.get(`/api/contacts/${contact.id}`)).status).toBe(200);
    expect((await colleague.client.patch(`/api/contacts/${contact.id}`, { city: "Paris" })).status).toBe(200);
    expect((await colleague.client.post(`/api/contacts/${contact.id}/merge`, { otherId: other.id })).status).toBe(200);
  });

  it("another workspace's contacts are not found anywhere (404) and not listed; nothing of theirs changes", async () => {
    const { iface, agent, contact } = await setup();
    const mine = (await agent.client.put(`/api/visitors/${(await visitorSession(iface.id)).visitorId}/contact`, { name: "Mine" })).json;
    const stranger = await signedIn((await createWorkspace()).id, "owner");
    const strangerOwn = await stranger.client.get("/api/contacts");
    expect(strangerOwn.json).toEqual({ contacts: [], nextCursor: null, total: 0 });
    expect((await stranger.client.get(`/api/contacts/${contact.id}`)).status).toBe(404);
    expect((await stranger.client.patch(`/api/contacts/${contact.id}`, { name: "Hijacked" })).status).toBe(404);
    expect((await stranger.client.post(`/api/contacts/${contact.id}/merge`, { otherId: mine.id })).status).toBe(404);
    // Their own contact cannot swallow ours either.
    const theirs = await db().select().from(contacts).where(eq(contacts.id, contact.id));
    expect(theirs[0]!.name).toBe("Marie Curie");
    expect((await agent.client.post(`/api/contacts/${contact.id}/merge`, { otherId: mine.id })).status).toBe(200);
  });

  it("without a session every contacts endpoint answers 401", async () => {
    const { contact } = await setup();
    const anonymous = new Client();
    const attempts = [
      await anonymous.get("/api/contacts"),
      await anonymous.get(`/api/contacts/${contact.id}`),
      await anonymous.patch(`/api/contacts/${contact.id}`, { name: "x" }),
      await anonymous.post(`/api/contacts/${contact.id}/merge`, { otherId: "y" }),
    ];
    for (const res of attempts) {
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe("unauthorized");
    }
  });
});
