// What the visitor's own view says of the Appointment step: what is known of them while the bot
// waits on it (the widget's booking form comes filled in), and once booked the appointment and its
// call link, which follow a cancellation or a new time (the widget confirms it again after a reload).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { rescheduleAppointment } from "../src/appointments/bookings";
import { afterRescheduled } from "../src/appointments/notify";
import { newState, viewOf } from "../src/conversation/state";
import { FlowRunner } from "../src/lib/flowRunner";
import { asVisitor, bookingBody, bookingSetup, slotAhead } from "./bookingFixtures";
import { conversationObject, visitorSocket } from "./helpers";

const NOW = 2_000_000;
const base = newState(
  { id: "c1", workspaceId: "w1", interfaceId: "i1", interfaceName: "Site", visitorId: "v1", visitorName: "Visitor #1", language: "en", signingKey: "k", appOrigin: "https://raibu.example", flowVersion: null },
  NOW - 60_000,
);
const flow = {
  start: "book",
  offerRequestsAnytime: false,
  steps: [
    { id: "book", kind: "appointment", text: "Shall we talk?", durationMinutes: 30, daysAhead: 14, next: "bye" },
    { id: "bye", kind: "message", text: "Bye", delaySeconds: 0, next: "" },
  ],
};
const runner = new FlowRunner(flow as never, "en", () => false);
const known = { ...base, known: { name: "Zoé", email: "zoe@example.test", phone: null } };

describe("the booking form's prefill in the conversation's view", () => {
  it("the visitor's own view on an Appointment step carries their known name and email; the agents' view and other steps do not", () => {
    const waiting = { ...known, cursor: { stepId: "book", waiting: "visitor", dueAt: null } };
    expect(viewOf(waiting as never, "visitor", 3, runner).offlinePrefill).toEqual({ name: "Zoé", email: "zoe@example.test", phone: "" });
    expect(viewOf(waiting as never, "agent", 3, runner).offlinePrefill).toBeUndefined();
    const elsewhere = { ...known, cursor: { stepId: "bye", waiting: null, dueAt: null } };
    expect(viewOf(elsewhere as never, "visitor", 3, runner).offlinePrefill).toBeUndefined();
    expect(viewOf({ ...waiting, status: "open" } as never, "visitor", 3, runner).offlinePrefill).toBeUndefined();
  });
});

describe("the booking in the visitor's view", () => {
  it("a booking puts the appointment, the address and the visitor's call link in the visitor's own view (not the agents'); a cancellation takes it out", async () => {
    const { session, agent } = await bookingSetup();
    const visitor = await visitorSocket(session);
    const startsAt = slotAhead();
    const body = bookingBody(startsAt);
    const booked = await asVisitor(session).book(body);
    expect(booked.status).toBe(200);
    const state = await visitor.next((f) => f.type === "state" && f.conversation.appointment);
    expect(state.conversation.appointment).toEqual({ id: booked.json.appointment.id, startsAt, endsAt: startsAt + 30 * 60_000, email: body.email, visitorUrl: booked.json.visitorUrl });
    expect((await conversationObject(session.conversationId).getView())!.appointment).toBeUndefined();

    expect((await agent.client.post(`/api/appointments/${booked.json.appointment.id}/cancel`, {})).status).toBe(200);
    const after = await visitor.next((f) => f.type === "state" && f.conversation.appointment === null);
    expect(after.conversation.appointment).toBeNull();
  });

  it("a new time moves the visitor's view to it, with a call link good for the new slot", async () => {
    const { ws, session } = await bookingSetup();
    const visitor = await visitorSocket(session);
    const startsAt = slotAhead();
    const booked = await asVisitor(session).book(bookingBody(startsAt));
    const first = await visitor.next((f) => f.type === "state" && f.conversation.appointment);
    const later = startsAt + 24 * 3_600_000;
    const moved = await rescheduleAppointment(env, { workspaceId: ws.id, id: booked.json.appointment.id }, later);
    if (!moved.ok) throw new Error(moved.message);
    await afterRescheduled(env, moved.row, moved.appointment, startsAt, "https://raibu.example");
    const state = await visitor.next((f) => f.type === "state" && f.conversation.appointment?.startsAt === later);
    expect(state.conversation.appointment).toMatchObject({ id: booked.json.appointment.id, startsAt: later, endsAt: later + 30 * 60_000 });
    expect(state.conversation.appointment.visitorUrl).not.toBe(first.conversation.appointment.visitorUrl);
  });
});
