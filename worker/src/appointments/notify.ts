// Who hears of an appointment once D1 has it: the consoles (the lobby's appointment frame, with the
// agent's call link), the visitor's conversation (the booking notice), and the visitor by email
// (./mail.ts). None of them can undo a booking: a failure is logged, the appointment stands.
import type { Appointment } from "@raibu/protocol/appointments";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { chatInterfaces } from "../db/schema";
import type { Env } from "../env";
import { conversationStub, lobbyStub } from "../lib/conversationService";
import { appointmentCallUrl, type AppointmentRow } from "./bookings";
import { sendBookingConfirmation, sendCancellation, sendRescheduled } from "./mail";


async function quietly(what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    console.error(`appointment: ${what} failed`, err);
  }
}

/** Every console tab of the workspace hears the change, with the agent's link to join. */
export async function tellLobby(env: Env, workspaceId: string, appointment: Appointment, change: "booked" | "cancelled", appOrigin: string): Promise<void> {
  await quietly("lobby frame", async () => {
    const [iface] = await getDb(env.DB).select({ signingKey: chatInterfaces.signingKey }).from(chatInterfaces).where(eq(chatInterfaces.id, appointment.interfaceId)).limit(1);
    if (!iface) return;
    const agentUrl = await appointmentCallUrl({ interfaceId: appointment.interfaceId, signingKey: iface.signingKey, appOrigin }, appointment, "agent");
    await lobbyStub(env, workspaceId).appointmentChanged({ type: "appointment", change, appointment: { ...appointment, agentUrl } });
  });
}

/** The conversation it was booked from shows the notice (once) and moves past its Appointment step. */
export async function tellConversation(env: Env, row: AppointmentRow): Promise<void> {
  const { conversationId, visitorId } = row;
  if (!conversationId || !visitorId) return;
  await quietly("conversation notice", () => conversationStub(env, conversationId).appointmentBooked(visitorId, { appointmentId: row.id, startsAt: row.startsAt, name: row.name, email: row.email }));
}

/** A new booking: the conversation's notice and flow, the consoles, the confirmation email. */
export async function afterBooked(env: Env, row: AppointmentRow, appointment: Appointment, appOrigin: string): Promise<void> {
  await tellConversation(env, row);
  await tellLobby(env, row.workspaceId, appointment, "booked", appOrigin);
  await quietly("confirmation email", () => sendBookingConfirmation(env, appointment, appOrigin));
}

/** A cancellation (by an agent or the visitor): the consoles, and the visitor's email. */
export async function afterCancelled(env: Env, row: AppointmentRow, appointment: Appointment, by: "visitor" | "agent", appOrigin: string): Promise<void> {
  await tellLobby(env, row.workspaceId, appointment, "cancelled", appOrigin);
  await quietly("cancellation email", () => sendCancellation(env, appointment, by, appOrigin));
}

/** A new time (the visitor's manage page): the consoles see it as booked at its new time, and the visitor's email. */
export async function afterRescheduled(env: Env, row: AppointmentRow, appointment: Appointment, previousStartsAt: number, appOrigin: string): Promise<void> {
  await tellLobby(env, row.workspaceId, appointment, "booked", appOrigin);
  await quietly("rescheduled email", () => sendRescheduled(env, appointment, previousStartsAt, appOrigin));
}
