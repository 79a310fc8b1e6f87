// Booking from the widget: the free slots, a booking with its call, what the conversation and the
// consoles hear, a retry, two visitors racing for one slot, slots not offered, and who may do it.
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { readCallToken } from "../src/calls/tokens";
import { getDb } from "../src/db/client";
import { appointments, calls, chatInterfaces, emails, visitors } from "../src/db/schema";
import { asVisitor, bookingBody, bookingSetup, slotAhead } from "./bookingFixtures";
import { Client, conversationObject, createWorkspace, openSocket, signedIn, visitorSession } from "./helpers";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const GRACE = 12 * HOUR;

describe("the free slots", () => {
  it("the widget lists the interface's free slots in [from, to] with the team's zone and slot length", async () => {
    const { session } = await bookingSetup({ timeZone: "Europe/Paris" });
    const from = slotAhead(2);
    const res = await asVisitor(session).slots(from, from + 2 * HOUR);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      timeZone: "Europe/Paris",
      slotMinutes: 30,
      slots: [0, 1, 2, 3].map((i) => ({ startsAt: from + i * 30 * 60_000, endsAt: from + (i + 1) * 30 * 60_000 })),
    });
  });

  it("a booked slot is no longer listed", async () => {
    const { iface, session } = await bookingSetup();
    const startsAt = slotAhead();
    expect((await asVisitor(session).book(bookingBody(startsAt))).status).toBe(200);
    const other = await visitorSession(iface.id);
    const listed = await asVisitor(other).slots(startsAt - HOUR, startsAt + HOUR);
    expect(listed.json.slots.map((s: { startsAt: number }) => s.startsAt)).toEqual([startsAt - HOUR, startsAt - HOUR / 2, startsAt + HOUR / 2]);
  });

  it("an interface that takes no appointments answers 409 appointments_off to the slots and to a booking", async () => {
    const { session } = await bookingSetup({ enabled: false });
    const visitor = asVisitor(session);
    expect((await visitor.slots(Date.now(), Date.now() + DAY)).json.error.code).toBe("appointments_off");
    const refused = await visitor.book(bookingBody(slotAhead()));
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("appointments_off");
  });

  it("a range longer than 31 days or backwards is refused as invalid_range", async () => {
    const { session } = await bookingSetup();
    expect((await asVisitor(session).slots(Date.now(), Date.now() + 32 * DAY)).json.error.code).toBe("invalid_range");
    expect((await asVisitor(session).slots(Date.now(), Date.now() - 1)).json.error.code).toBe("invalid_range");
  });
});

describe("a booking", () => {
  it("creates the appointment and its call (the appointment's, no agent, its links good until 12 h after the slot) and gives the visitor's call link", async () => {
    const { ws, iface, session } = await bookingSetup();
    const startsAt = slotAhead();
    const body = bookingBody(startsAt);
    const res = await asVisitor(session).book(body);
    expect(res.status).toBe(200);
    const { appointment, visitorUrl } = res.json;
    expect(appointment).toMatchObject({ interfaceId: iface.id, conversationId: session.conversationId, name: "Zoé Martin", email: body.email, lang: "en", startsAt, endsAt: startsAt + HOUR / 2, status: "booked", cancelledAt: null });
    expect(appointment.agentUrl).toBeUndefined();
    const db = getDb(env.DB);
    const [call] = await db.select().from(calls).where(eq(calls.id, appointment.callId));
    expect(call).toMatchObject({ workspaceId: ws.id, appointmentId: appointment.id, agentId: null, expiresAt: startsAt + HOUR / 2 + GRACE });
    const [key] = await db.select({ signingKey: chatInterfaces.signingKey }).from(chatInterfaces).where(eq(chatInterfaces.id, iface.id));
    const url = new URL(visitorUrl);
    expect(url.pathname).toBe(`/call/${appointment.callId}`);
    expect(await readCallToken(key!.signingKey, appointment.callId, url.searchParams.get("t")!)).toMatchObject({ role: "visitor", interfaceId: iface.id, expiresAt: call!.expiresAt });
  });

  it("tells the conversation: one appointment_booked notice, the flow past its Appointment step, and the visitor's name and email on their record", async () => {
    const { session } = await bookingSetup();
    const startsAt = slotAhead();
    const body = bookingBody(startsAt);
    expect((await asVisitor(session).book(body)).status).toBe(200);
    const object = conversationObject(session.conversationId);
    const messages = await object.transcript(50);
    expect(messages.filter((m) => m.notice?.code === "appointment_booked").map((m) => m.notice)).toEqual([{ code: "appointment_booked", startsAt }]);
    // The bot went on to the step after the Appointment one.
    expect(messages.at(-1)).toMatchObject({ author: { kind: "bot" }, text: "Thanks, see you then." });
    expect((await object.getView())!.prompt ?? null).toBeNull();
    await vi.waitFor(
      async () => {
        const [visitor] = await getDb(env.DB).select().from(visitors).where(eq(visitors.id, session.visitorId));
        expect(visitor).toMatchObject({ name: "Zoé Martin", email: body.email });
      },
      { timeout: 3000, interval: 50 },
    );
  });

  it("every console tab of the workspace hears the booking, with the agent's call link", async () => {
    const { agent, admin, session } = await bookingSetup();
    const tabs = [await openSocket("/ws/lobby", { Cookie: agent.client.cookie }), await openSocket("/ws/lobby", { Cookie: admin.client.cookie })];
    const startsAt = slotAhead();
    const { json } = await asVisitor(session).book(bookingBody(startsAt));
    for (const tab of tabs) {
      const frame = await tab.next((f) => f.type === "appointment");
      expect(frame).toMatchObject({ type: "appointment", change: "booked", appointment: { id: json.appointment.id, startsAt, agentUrl: expect.stringContaining(`/call/${json.appointment.callId}?t=`) } });
      tab.close();
    }
    // Another workspace's console hears nothing of it.
    const elsewhere = await signedIn((await createWorkspace()).id, "agent");
    const stranger = await openSocket("/ws/lobby", { Cookie: elsewhere.client.cookie });
    await asVisitor((await bookingSetup()).session).book(bookingBody(startsAt));
    await new Promise((r) => setTimeout(r, 200));
    expect(stranger.frames.some((f) => f.type === "appointment")).toBe(false);
    stranger.close();
  });

  it("queues the visitor's confirmation email", async () => {
    const { session } = await bookingSetup();
    const body = bookingBody(slotAhead());
    expect((await asVisitor(session).book(body)).status).toBe(200);
    const sent = await getDb(env.DB).select().from(emails).where(eq(emails.to, body.email));
    expect(sent).toHaveLength(1);
  });

  it("the same booking id again answers the same booking: one appointment, one call, one notice, one email", async () => {
    const { session } = await bookingSetup();
    const body = bookingBody(slotAhead());
    const visitor = asVisitor(session);
    const first = await visitor.book(body);
    const [again, concurrent] = await Promise.all([visitor.book(body), visitor.book(body)]);
    for (const res of [again, concurrent]) {
      expect(res.status).toBe(200);
      expect(res.json.appointment.id).toBe(first.json.appointment.id);
    }
    const db = getDb(env.DB);
    expect(await db.select().from(appointments).where(eq(appointments.bookingKey, body.id))).toHaveLength(1);
    expect(await db.select().from(calls).where(eq(calls.appointmentId, first.json.appointment.id))).toHaveLength(1);
    expect(await db.select().from(emails).where(eq(emails.to, body.email))).toHaveLength(1);
    const messages = await conversationObject(session.conversationId).transcript(50);
    expect(messages.filter((m) => m.notice?.code === "appointment_booked")).toHaveLength(1);
  });

  it("two visitors booking the same slot at once: exactly one gets it, the other is told slot_taken", async () => {
    const { iface } = await bookingSetup();
    for (let round = 0; round < 3; round++) {
      const startsAt = slotAhead(3 + round);
      const racers = await Promise.all([visitorSession(iface.id), visitorSession(iface.id)]);
      const answers = await Promise.all(racers.map((s) => asVisitor(s).book(bookingBody(startsAt))));
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      expect(answers.find((a) => a.status === 409)!.json.error.code).toBe("slot_taken");
      const booked = await getDb(env.DB).select().from(appointments).where(and(eq(appointments.interfaceId, iface.id), eq(appointments.startsAt, startsAt)));
      expect(booked).toHaveLength(1);
      // The loser's call was never written.
      expect(await getDb(env.DB).select().from(calls).where(eq(calls.id, booked[0]!.callId))).toHaveLength(1);
    }
  });

  it("a booking of a slot someone holds is slot_taken; one the hours do not offer (off the grid, past, too far ahead) is slot_unavailable", async () => {
    const { iface, session } = await bookingSetup({ daysAhead: 2 });
    const startsAt = slotAhead();
    expect((await asVisitor(session).book(bookingBody(startsAt))).status).toBe(200);
    const other = asVisitor(await visitorSession(iface.id));
    expect((await other.book(bookingBody(startsAt))).json.error.code).toBe("slot_taken");
    for (const when of [startsAt + 10 * 60_000, slotAhead(-3), slotAhead(24 * 5)]) {
      const refused = await other.book(bookingBody(when));
      expect(refused.status).toBe(409);
      expect(refused.json.error.code).toBe("slot_unavailable");
    }
  });

  it("a body that is not a booking is refused 400", async () => {
    const { session } = await bookingSetup();
    const res = await asVisitor(session).book(bookingBody(slotAhead(), { email: "not an email" }));
    expect(res.status).toBe(400);
    expect((await asVisitor(session).book(bookingBody(slotAhead(), { id: "short" }))).status).toBe(400);
  });
});

describe("who may list and book", () => {
  it("another visitor's conversation is not found for its slots or a booking; no token is 401", async () => {
    const { iface, session } = await bookingSetup();
    const other = await visitorSession(iface.id);
    const asOther = asVisitor(other);
    expect((await asOther.slots(Date.now(), Date.now() + DAY, session.conversationId)).status).toBe(404);
    expect((await asOther.book(bookingBody(slotAhead()), session.conversationId)).status).toBe(404);
    expect((await new Client().get(`/api/widget/conversations/${session.conversationId}/slots?from=0&to=1`)).status).toBe(401);
    expect(await getDb(env.DB).select().from(appointments).where(eq(appointments.conversationId, session.conversationId))).toHaveLength(0);
  });
});
