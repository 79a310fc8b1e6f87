// Appointments for agents: an interface's settings (read by agents, saved by admins, checked), the
// workspace's list (upcoming and past, page by page, each with the agent's call link) and cancel.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { cancelAppointment, rescheduleAppointment } from "../src/appointments/bookings";
import { readCallToken } from "../src/calls/tokens";
import { getDb } from "../src/db/client";
import { appointments, calls, chatInterfaces, emails, workspaces } from "../src/db/schema";
import { newId } from "../src/lib/crypto";
import { ALWAYS, asVisitor, bookingBody, bookingSetup, slotAhead } from "./bookingFixtures";
import { joinCall } from "./callFixtures";
import { Client, createInterface, createWorkspace, openSocket, signedIn, unique, visitorSession } from "./helpers";

const HOUR = 3_600_000;

/** An appointment written straight into D1 (a past one cannot be booked). */
async function insertAppointment(workspaceId: string, interfaceId: string, startsAt: number, status: "booked" | "cancelled" = "booked") {
  const id = newId();
  const callId = newId();
  await getDb(env.DB).batch([
    getDb(env.DB).insert(appointments).values({ id, workspaceId, interfaceId, name: "Léa", email: "lea@example.test", lang: "fr", startsAt, endsAt: startsAt + HOUR / 2, status, callId, bookingKey: unique("k"), manageKey: unique("m"), cancelledAt: status === "cancelled" ? Date.now() : null }),
    getDb(env.DB).insert(calls).values({ id: callId, workspaceId, appointmentId: id, expiresAt: startsAt + 13 * HOUR }),
  ]);
  return id;
}

describe("appointment settings", () => {
  it("an interface never saved reads as the defaults, turned off; any agent may read them", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const agent = await signedIn(ws.id, "agent");
    const res = await agent.client.get(`/api/interfaces/${iface.id}/appointment-settings`);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ enabled: false, timeZone: "", slotMinutes: 30, bufferMinutes: 0, daysAhead: 14, minNoticeMinutes: 120, agentIds: [] });
  });

  it("an admin saves them (the zone in the runtime's spelling) and reads them back; an agent may not save (403)", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const admin = await signedIn(ws.id, "admin");
    const agent = await signedIn(ws.id, "agent");
    const path = `/api/interfaces/${iface.id}/appointment-settings`;
    const saved = await admin.client.put(path, { ...ALWAYS, timeZone: "europe/paris", agentIds: [agent.user.id], bufferMinutes: 10 });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ timeZone: "Europe/Paris", agentIds: [agent.user.id], bufferMinutes: 10 });
    expect((await agent.client.get(path)).json).toEqual(saved.json);
    const refused = await agent.client.put(path, ALWAYS);
    expect(refused.status).toBe(403);
    expect((await admin.client.get(path)).json.bufferMinutes).toBe(10);
  });

  it("another workspace's interface is not found, to read or to save", async () => {
    const iface = await createInterface((await createWorkspace()).id);
    const admin = await signedIn((await createWorkspace()).id, "admin");
    expect((await admin.client.get(`/api/interfaces/${iface.id}/appointment-settings`)).status).toBe(404);
    expect((await admin.client.put(`/api/interfaces/${iface.id}/appointment-settings`, ALWAYS)).status).toBe(404);
  });

  it("an unknown zone, agents of another workspace and overlapping hours are refused 400 with their facts", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const admin = await signedIn(ws.id, "admin");
    const stranger = await signedIn((await createWorkspace()).id, "agent");
    const path = `/api/interfaces/${iface.id}/appointment-settings`;
    expect((await admin.client.put(path, { ...ALWAYS, timeZone: "Mars/Olympus" })).json.error).toMatchObject({ code: "invalid_time_zone", timeZone: "Mars/Olympus" });
    expect((await admin.client.put(path, { ...ALWAYS, agentIds: [admin.user.id, stranger.user.id] })).json.error).toMatchObject({ code: "unknown_agents", agentIds: [stranger.user.id] });
    const overlapping = { ...ALWAYS.days, mon: [{ open: "09:00", close: "12:00" }, { open: "11:00", close: "13:00" }] };
    expect((await admin.client.put(path, { ...ALWAYS, days: overlapping })).json.error).toMatchObject({ code: "invalid_hours", day: "mon" });
    expect((await admin.client.put(path, { ...ALWAYS, slotMinutes: 5 })).status).toBe(400);
  });

  it("an empty zone reads the hours in the workspace's zone", async () => {
    const { ws, session } = await bookingSetup({ timeZone: "" });
    await getDb(env.DB).update(workspaces).set({ timeZone: "America/New_York" }).where(eq(workspaces.id, ws.id));
    const res = await asVisitor(session).slots(Date.now(), Date.now() + HOUR * 24);
    expect(res.json.timeZone).toBe("America/New_York");
  });
});

describe("the agents' list", () => {
  it("upcoming: booked and not over, soonest first, page by page; past: over or cancelled, latest first; each with the agent's call link", async () => {
    const { ws, iface, agent, session } = await bookingSetup();
    const now = Date.now();
    const booked = [];
    for (const hours of [5, 3, 4]) booked.push((await asVisitor(session).book(bookingBody(slotAhead(hours)))).json.appointment);
    const inProgress = await insertAppointment(ws.id, iface.id, now - 10 * 60_000);
    const cancelledLater = await insertAppointment(ws.id, iface.id, slotAhead(6), "cancelled");
    const past = [await insertAppointment(ws.id, iface.id, now - 48 * HOUR), await insertAppointment(ws.id, iface.id, now - 24 * HOUR)];

    const first = await agent.client.get("/api/appointments?when=upcoming&limit=2");
    expect(first.status).toBe(200);
    const upcomingIds = [inProgress, ...[...booked].sort((a, b) => a.startsAt - b.startsAt).map((a) => a.id)];
    expect(first.json.appointments.map((a: { id: string }) => a.id)).toEqual(upcomingIds.slice(0, 2));
    const second = await agent.client.get(`/api/appointments?when=upcoming&limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`);
    expect(second.json.appointments.map((a: { id: string }) => a.id)).toEqual(upcomingIds.slice(2));
    expect(second.json.nextCursor).toBeNull();

    const pastList = await agent.client.get("/api/appointments?when=past");
    expect(pastList.json.appointments.map((a: { id: string }) => a.id)).toEqual([cancelledLater, past[1], past[0]]);

    const [key] = await getDb(env.DB).select({ signingKey: chatInterfaces.signingKey }).from(chatInterfaces).where(eq(chatInterfaces.id, iface.id));
    for (const a of first.json.appointments) {
      const url = new URL(a.agentUrl);
      expect(await readCallToken(key!.signingKey, a.callId, url.searchParams.get("t")!)).toMatchObject({ role: "agent", interfaceId: iface.id });
    }
  });

  it("filters by interface, lists only the workspace's own, and refuses a cursor it did not give", async () => {
    const { ws, iface, agent } = await bookingSetup();
    const other = await createInterface(ws.id);
    const mine = await insertAppointment(ws.id, iface.id, slotAhead(2));
    const theirs = await insertAppointment(ws.id, other.id, slotAhead(2));
    const elsewhere = await bookingSetup();
    await insertAppointment(elsewhere.ws.id, elsewhere.iface.id, slotAhead(2));
    expect((await agent.client.get(`/api/appointments?interfaceId=${iface.id}`)).json.appointments.map((a: { id: string }) => a.id)).toEqual([mine]);
    expect((await agent.client.get("/api/appointments")).json.appointments.map((a: { id: string }) => a.id).sort()).toEqual([mine, theirs].sort());
    expect((await agent.client.get("/api/appointments?cursor=nonsense")).json.error.code).toBe("invalid_cursor");
  });
});

describe("cancelling", () => {
  it("an appointment cancelled while its call is open ends the call on both pages (4004)", async () => {
    const { agent, session } = await bookingSetup();
    const { json } = await asVisitor(session).book(bookingBody(slotAhead()));
    const visitorPage = await joinCall(json.appointment.callId, new URL(json.visitorUrl).searchParams.get("t")!);
    await visitorPage.next((f) => f.type === "welcome");
    const [listed] = (await agent.client.get("/api/appointments")).json.appointments.filter((a: { id: string }) => a.id === json.appointment.id);
    const agentPage = await joinCall(json.appointment.callId, new URL(listed.agentUrl).searchParams.get("t")!);
    await agentPage.next((f) => f.type === "welcome");
    expect((await agent.client.post(`/api/appointments/${json.appointment.id}/cancel`)).status).toBe(200);
    expect(await visitorPage.next((f) => f.type === "ended")).toMatchObject({ type: "ended", by: "agent" });
    expect(await agentPage.closed).toBe(4004);
    expect(await visitorPage.closed).toBe(4004);
  });

  it("an agent cancels: the slot is free again (a new booking of it succeeds), its call links stop, the consoles hear it and the visitor is emailed", async () => {
    const { iface, agent, session } = await bookingSetup();
    const startsAt = slotAhead();
    const body = bookingBody(startsAt);
    const { json } = await asVisitor(session).book(body);
    const lobby = await openSocket("/ws/lobby", { Cookie: agent.client.cookie });
    const cancelled = await agent.client.post(`/api/appointments/${json.appointment.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ id: json.appointment.id, status: "cancelled", cancelledAt: expect.any(Number) });
    expect(await lobby.next((f) => f.type === "appointment" && f.change === "cancelled")).toMatchObject({ appointment: { id: json.appointment.id, status: "cancelled" }, byUserId: agent.user.id });
    lobby.close();
    const [call] = await getDb(env.DB).select().from(calls).where(eq(calls.id, json.appointment.callId));
    expect(call!.expiresAt).toBeLessThanOrEqual(Date.now());
    expect(await getDb(env.DB).select().from(emails).where(eq(emails.to, body.email))).toHaveLength(2);

    const next = await asVisitor(await visitorSession(iface.id)).book(bookingBody(startsAt));
    expect(next.status).toBe(200);
    expect(next.json.appointment.startsAt).toBe(startsAt);
    // Cancelling again answers it as it is, and emails nobody.
    expect((await agent.client.post(`/api/appointments/${json.appointment.id}/cancel`)).json.status).toBe("cancelled");
    expect(await getDb(env.DB).select().from(emails).where(eq(emails.to, body.email))).toHaveLength(2);
  });

  it("another workspace's appointment is not found, and stays booked", async () => {
    const { session } = await bookingSetup();
    const { json } = await asVisitor(session).book(bookingBody(slotAhead()));
    const stranger = await signedIn((await createWorkspace()).id, "admin");
    expect((await stranger.client.post(`/api/appointments/${json.appointment.id}/cancel`)).status).toBe(404);
    const [row] = await getDb(env.DB).select().from(appointments).where(eq(appointments.id, json.appointment.id));
    expect(row!.status).toBe("booked");
  });

  it("the list and cancel need a signed-in agent", async () => {
    expect((await new Client().get("/api/appointments")).status).toBe(401);
    expect((await new Client().post("/api/appointments/x/cancel")).status).toBe(401);
  });
});

describe("rescheduling (the visitor's manage page moves an appointment through it)", () => {
  it("moves a booked appointment to another free slot: the old slot is free again, the call's links last to the new end, the manage key stays", async () => {
    const { iface, session } = await bookingSetup();
    const { json } = await asVisitor(session).book(bookingBody(slotAhead(3)));
    const [row] = await getDb(env.DB).select().from(appointments).where(eq(appointments.id, json.appointment.id));
    const later = slotAhead(5);
    const moved = await rescheduleAppointment(env, { manageKey: row!.manageKey }, later);
    expect(moved).toMatchObject({ ok: true, changed: true, appointment: { id: row!.id, startsAt: later, endsAt: later + HOUR / 2, status: "booked" } });
    const [call] = await getDb(env.DB).select().from(calls).where(eq(calls.id, row!.callId));
    expect(call!.expiresAt).toBe(later + HOUR / 2 + 12 * HOUR);
    expect((await asVisitor(await visitorSession(iface.id)).book(bookingBody(slotAhead(3)))).status).toBe(200);
    // Half an hour on, overlapping its own old place only: its own slot does not count as taken.
    expect(await rescheduleAppointment(env, { manageKey: row!.manageKey }, later + HOUR / 2)).toMatchObject({ ok: true, changed: true });
  });

  it("refuses a slot someone holds (slot_taken), one not offered (slot_unavailable), and a cancelled appointment", async () => {
    const { ws, session } = await bookingSetup();
    const mine = (await asVisitor(session).book(bookingBody(slotAhead(3)))).json.appointment;
    const theirs = (await asVisitor(session).book(bookingBody(slotAhead(4)))).json.appointment;
    const key = { workspaceId: ws.id, id: mine.id };
    expect(await rescheduleAppointment(env, key, theirs.startsAt)).toMatchObject({ ok: false, code: "slot_taken" });
    expect(await rescheduleAppointment(env, key, slotAhead(4) + 7 * 60_000)).toMatchObject({ ok: false, code: "slot_unavailable" });
    expect(await rescheduleAppointment(env, { workspaceId: (await createWorkspace()).id, id: mine.id }, slotAhead(6))).toMatchObject({ ok: false, code: "not_found" });
    await cancelAppointment(env, key, "visitor");
    expect(await rescheduleAppointment(env, key, slotAhead(6))).toMatchObject({ ok: false, code: "cancelled" });
  });
});

describe("the slot's last word", () => {
  it("a booking the free-slot check let through is still refused slot_taken by the unique index, and leaves no call behind", async () => {
    const { ws, iface, session } = await bookingSetup();
    const startsAt = slotAhead();
    // A zero-length booked row at the same start overlaps nothing, so only the index sees it.
    const id = newId();
    await getDb(env.DB).insert(appointments).values({ id, workspaceId: ws.id, interfaceId: iface.id, name: "x", email: "x@example.test", lang: "en", startsAt, endsAt: startsAt, callId: newId(), bookingKey: unique("k"), manageKey: unique("m") });
    const body = bookingBody(startsAt);
    const refused = await asVisitor(session).book(body);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("slot_taken");
    expect(await getDb(env.DB).select().from(calls).where(eq(calls.workspaceId, ws.id))).toHaveLength(0);
  });
});
