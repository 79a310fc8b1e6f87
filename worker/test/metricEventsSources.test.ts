// The dashboard's events written beside what they count: a call held (with the call's times,
// retried with them), an offline form sent, a visitor converted into a new contact, an appointment
// booked — once each, a retry writing none — and an erasure that keeps the counts but not the ids.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { asVisitor, bookingBody, bookingSetup, slotAhead } from "./bookingFixtures";
import { appointmentCall, callObject, joinCall, videoCall } from "./callFixtures";
import { personEverywhere } from "./contactsEraseFixtures";
import { Client, createInterface, createWorkspace, signedIn, unique, visitorSession, visitorSocket } from "./helpers";

interface EventRow {
  id: string;
  kind: string;
  interface_id: string;
  at: number;
  visitor_id: string | null;
}

const eventsOf = async (workspaceId: string, kind: string) =>
  (await env.DB.prepare(`SELECT id, kind, interface_id, at, visitor_id FROM metric_events WHERE workspace_id = ? AND kind = ? ORDER BY seq`).bind(workspaceId, kind).all<EventRow>()).results;

const DAILY = ["visitors", "contacts", "takeovers", "live_chats", "video_chats", "calls_held", "offline_messages", "appointments"];

/** The workspace's day sums, added over every day and interface. */
async function dailyTotals(workspaceId: string): Promise<Record<string, number>> {
  const sums = DAILY.map((c) => `coalesce(sum(${c}), 0) AS ${c}`).join(", ");
  return (await env.DB.prepare(`SELECT ${sums} FROM metric_daily WHERE workspace_id = ?`).bind(workspaceId).first<Record<string, number>>())!;
}

const callStartedAt = async (callId: string) => (await env.DB.prepare(`SELECT started_at FROM calls WHERE id = ?`).bind(callId).first<{ started_at: number | null }>())!.started_at;

describe("call_held", () => {
  it("a call both sides joined writes one call_held at its start under the conversation's interface; rejoining writes none", async () => {
    const call = await videoCall();
    await joinCall(call.callId, call.agentToken);
    const visitor = await joinCall(call.callId, call.visitorToken, {}, "page-one");
    // Written with the start, before the second member's socket is handed back.
    const startedAt = await callStartedAt(call.callId);
    expect(startedAt).not.toBeNull();
    expect(await eventsOf(call.ws.id, "call_held")).toEqual([{ id: `call:${call.callId}`, kind: "call_held", interface_id: call.iface.id, at: startedAt, visitor_id: null }]);

    visitor.ws.close(1000, "reload");
    await visitor.closed.catch(() => undefined);
    await joinCall(call.callId, call.visitorToken, {}, "page-two");
    expect(await eventsOf(call.ws.id, "call_held")).toHaveLength(1);
    expect((await dailyTotals(call.ws.id)).calls_held).toBe(1);
  });

  it("a call nobody joined but one side writes nothing", async () => {
    const call = await videoCall();
    await joinCall(call.callId, call.agentToken);
    expect(await eventsOf(call.ws.id, "call_held")).toEqual([]);
  });

  it("an appointment's call counts under the appointment's interface, and a start D1 did not take is written with the call's times once D1 is back", async () => {
    const call = await appointmentCall();
    const down = { prepare: () => { throw new Error("D1 is down"); }, batch: () => Promise.reject(new Error("D1 is down")) };
    await joinCall(call.callId, call.agentToken);
    await runInDurableObject(callObject(call.callId), (instance) => {
      (instance as unknown as { env: typeof env }).env = { ...env, DB: down as unknown as D1Database };
    });
    await joinCall(call.callId, call.visitorToken);
    expect(await eventsOf(call.ws.id, "call_held")).toEqual([]);
    expect(await callStartedAt(call.callId)).toBeNull();

    await runInDurableObject(callObject(call.callId), (instance) => {
      (instance as unknown as { env: typeof env }).env = env;
    });
    await runDurableObjectAlarm(callObject(call.callId));
    const startedAt = await callStartedAt(call.callId);
    expect(startedAt).not.toBeNull();
    expect(await eventsOf(call.ws.id, "call_held")).toEqual([{ id: `call:${call.callId}`, kind: "call_held", interface_id: call.iface.id, at: startedAt, visitor_id: null }]);
  });
});

describe("offline_message", () => {
  it("the offline form writes one offline_message with its thread; the same submission sent again writes none", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id, { whenNobodyOnline: "offline_form" });
    const session = await visitorSession(iface.id);
    const socket = await visitorSocket(session);
    socket.send({ type: "request", kind: "live" });
    await socket.next((f) => f.type === "state" && f.conversation.status === "offline_form");
    const form = { id: unique("sub").replace(/-/g, "_"), name: "Inès Roux", email: `${unique("ines")}@example.test`, phone: "", message: "Call me back, please." };
    const send = () => new Client().request("POST", `/api/widget/conversations/${session.conversationId}/offline-form`, form, { Authorization: `Bearer ${session.visitorToken}` });
    const before = Date.now();
    const first = await send();
    expect(first.status).toBe(200);
    expect((await send()).json.threadId).toBe(first.json.threadId);
    const events = await eventsOf(ws.id, "offline_message");
    expect(events).toEqual([{ id: `offline:${first.json.threadId}`, kind: "offline_message", interface_id: iface.id, at: expect.any(Number), visitor_id: session.visitorId }]);
    expect(events[0]!.at).toBeGreaterThanOrEqual(before);
    expect((await dailyTotals(ws.id)).offline_messages).toBe(1);
    socket.close();
  });
});

describe("contact_converted", () => {
  it("a visitor marked as contact writes one contact_converted; saving the contact again writes none", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const agent = await signedIn(ws.id, "agent");
    const session = await visitorSession(iface.id);
    const email = `${unique("lea")}@example.test`;
    const before = Date.now();
    const made = await agent.client.put(`/api/visitors/${session.visitorId}/contact`, { name: "Léa Petit", email });
    expect(made.status).toBe(200);
    expect((await agent.client.put(`/api/visitors/${session.visitorId}/contact`, { name: "Léa Petit-Roux", email })).status).toBe(200);
    const events = await eventsOf(ws.id, "contact_converted");
    expect(events).toEqual([{ id: `contact:${made.json.id}`, kind: "contact_converted", interface_id: iface.id, at: expect.any(Number), visitor_id: session.visitorId }]);
    expect(events[0]!.at).toBeGreaterThanOrEqual(before);
  });

  it("a capture whose email another contact has joins that contact and adds no contact to the day", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const agent = await signedIn(ws.id, "agent");
    const email = `${unique("noe")}@example.test`;
    const first = await visitorSession(iface.id);
    const second = await visitorSession(iface.id);
    expect((await agent.client.put(`/api/visitors/${first.visitorId}/contact`, { name: "Noé Blanc", email })).status).toBe(200);
    const merged = await agent.client.put(`/api/visitors/${second.visitorId}/contact`, { name: "Noé Blanc", email });
    expect(merged.json.mergedInto).not.toBeNull();
    expect(await eventsOf(ws.id, "contact_converted")).toHaveLength(1);
    expect((await dailyTotals(ws.id)).contacts).toBe(1);
  });
});

describe("appointment_booked", () => {
  it("a booking writes one appointment_booked under its interface; the same booking sent again writes none", async () => {
    const { ws, iface, session } = await bookingSetup();
    const visitor = asVisitor(session);
    const body = bookingBody(slotAhead());
    const before = Date.now();
    const booked = await visitor.book(body);
    expect(booked.status).toBe(200);
    expect((await visitor.book(body)).status).toBe(200);
    const events = await eventsOf(ws.id, "appointment_booked");
    expect(events).toEqual([{ id: `appointment:${booked.json.appointment.id}`, kind: "appointment_booked", interface_id: iface.id, at: expect.any(Number), visitor_id: session.visitorId }]);
    expect(events[0]!.at).toBeGreaterThanOrEqual(before);
    expect((await dailyTotals(ws.id)).appointments).toBe(1);
  });
});

describe("erasure", () => {
  it("erasing a contact keeps every day's counts and its distinct visitors, but no event names the erased visitors any more", async () => {
    const s = await personEverywhere();
    const erased = [s.visitors.a.visitorId, s.visitors.b.visitorId];
    const holding = async () => (await env.DB.prepare(`SELECT id, visitor_id FROM metric_events WHERE workspace_id = ?`).bind(s.ws.id).all<{ id: string; visitor_id: string | null }>()).results;
    const distinct = async () => new Set((await holding()).map((e) => e.visitor_id).filter((v) => v !== null)).size;
    const named = async () => (await holding()).filter((e) => erased.some((v) => e.visitor_id === v || e.id.includes(v)));
    const totals = await dailyTotals(s.ws.id);
    const visitorsBefore = await distinct();
    expect(await named()).not.toEqual([]);
    expect(totals).toMatchObject({ contacts: 2, offline_messages: 1, appointments: 1 });

    expect((await s.admin.client.delete(`/api/contacts/${s.contactId}`)).status).toBe(200);
    expect(await named()).toEqual([]);
    expect(await dailyTotals(s.ws.id)).toEqual(totals);
    expect(await distinct()).toBe(visitorsBefore);
    // The bystander's events keep their visitor.
    expect((await holding()).some((e) => e.visitor_id === s.visitors.c.visitorId)).toBe(true);
  });
});
