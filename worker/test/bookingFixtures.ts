// Booking fixtures: an interface whose flow waits on an Appointment step, with every hour bookable,
// a visitor's widget calls for slots and bookings, and a booking body.
import type { AppointmentSettings } from "@raibu/protocol/appointments";
import { Client, createInterface, createWorkspace, signedIn, unique, visitorSession } from "./helpers";

const HOUR = 3_600_000;

/** Every hour of every day is bookable in UTC, 30-minute slots, no notice. */
export const ALWAYS: AppointmentSettings = {
  enabled: true,
  timeZone: "UTC",
  days: Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "00:00", close: "24:00" }]])) as AppointmentSettings["days"],
  slotMinutes: 30,
  bufferMinutes: 0,
  daysAhead: 7,
  minNoticeMinutes: 0,
  agentIds: [],
};

/** A flow that greets, waits on an Appointment step, then thanks. */
export const APPOINTMENT_FLOW = {
  start: "book",
  offerRequestsAnytime: false,
  steps: [
    { id: "book", kind: "appointment", text: "Shall we talk?", durationMinutes: 30, daysAhead: 14, next: "thanks" },
    { id: "thanks", kind: "message", text: "Thanks, see you then.", next: null },
  ],
};

export async function bookingSetup(settings: Partial<AppointmentSettings> = {}) {
  const ws = await createWorkspace();
  const iface = await createInterface(ws.id, { flow: APPOINTMENT_FLOW });
  const admin = await signedIn(ws.id, "admin");
  const agent = await signedIn(ws.id, "agent");
  const saved = await admin.client.put(`/api/interfaces/${iface.id}/appointment-settings`, { ...ALWAYS, ...settings });
  if (saved.status !== 200) throw new Error(`settings: ${JSON.stringify(saved.json)}`);
  const session = await visitorSession(iface.id);
  return { ws, iface, admin, agent, session };
}

type Session = { visitorToken: string; conversationId: string };

export function asVisitor(session: Session, client = new Client()) {
  const auth = { authorization: `Bearer ${session.visitorToken}` };
  return {
    slots: (from: number, to: number, conversationId = session.conversationId) => client.request("GET", `/api/widget/conversations/${conversationId}/slots?from=${from}&to=${to}`, undefined, auth),
    book: (body: Record<string, unknown>, conversationId = session.conversationId) => client.request("POST", `/api/widget/conversations/${conversationId}/bookings`, body, auth),
  };
}

export const bookingBody = (startsAt: number, overrides: Record<string, unknown> = {}) => ({ id: unique("bk").replace(/[^A-Za-z0-9_-]/g, ""), startsAt, name: "Zoé Martin", email: `${unique("zoe")}@example.test`, timeZone: "Europe/Paris", ...overrides });

/** A free slot a few hours ahead (a whole-hour start, so it is on any 30-minute grid). */
export const slotAhead = (hours = 3) => Math.ceil((Date.now() + hours * HOUR) / HOUR) * HOUR;

