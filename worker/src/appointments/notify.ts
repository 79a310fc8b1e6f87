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
import { appointmentBooked, appointmentCancelled } from "../integrations/emitters";


async function quietly(what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    console.error(`appointment: ${what} failed`, err);
  }
}

/** Every console tab of the workspace hears the change, with the agent's link to join. */
export async function tellLobby(env: Env, workspaceId: string, appointment: Appointment, change: "booked" | "cancelled", appOrigin: string, byUserId: string | null = null): Promise<void> {
  await quietly("lobby frame", async () => {
    const [iface] = await getDb(env.DB).select({ signingKey: chatInterfaces.signingKey }).from(chatInterfaces).where(eq(chatInterfaces.id, appointment.interfaceId)).limit(1);
    if (!iface) return;
    const agentUrl = await appointmentCallUrl({ interfaceId: appointment.interfaceId, signingKey: iface.signingKey, appOrigin }, appointment, "agent");
    await lobbyStub(env, workspaceId).appointmentChanged({ type: "appointment", change, appointment: { ...appointment, agentUrl }, byUserId });
  });
}

/** The conversation it was booked from shows the notice (once), keeps the booking and its call link for the visitor's view, and moves past its Appointment step. */
export async function tellConversation(env: Env, row: AppointmentRow, visitorUrl: string): Promise<void> {
  const { conversationId, visitorId } = row;
  if (!conversationId || !visitorId) return;
  await quietly("conversation notice", () =>
    conversationStub(env, conversationId).appointmentBooked(visitorId, { appointmentId: row.id, startsAt: row.startsAt, endsAt: row.endsAt, name: row.name, email: row.email, visitorUrl }),
  );
}

/** The conversation it was booked from follows a cancellation or a new time (its call link too: it expires after the slot), for the visitor's view. */
async function tellConversationChanged(env: Env, row: AppointmentRow, cancelled: boolean, appOrigin: string): Promise<void> {
  const { conversationId } = row;
  if (!conversationId) return;
  await quietly("conversation change", async () => {
    if (cancelled) return conversationStub(env, conversationId).appointmentChanged(row.id, null);
    const [iface] = await getDb(env.DB).select({ signingKey: chatInterfaces.signingKey }).from(chatInterfaces).where(eq(chatInterfaces.id, row.interfaceId)).limit(1);
    if (!iface) return;
    const visitorUrl = await appointmentCallUrl({ interfaceId: row.interfaceId, signingKey: iface.signingKey, appOrigin }, row, "visitor");
    await conversationStub(env, conversationId).appointmentChanged(row.id, { startsAt: row.startsAt, endsAt: row.endsAt, visitorUrl });
  });
}

/** A new booking: the conversation's notice and flow, the consoles, the confirmation email. */
export async function afterBooked(env: Env, row: AppointmentRow, appointment: Appointment, appOrigin: string, visitorUrl: string): Promise<void> {
  await tellConversation(env, row, visitorUrl);
  await tellLobby(env, row.workspaceId, appointment, "booked", appOrigin);
  await appointmentBooked(env, row.workspaceId, appointment);
  await quietly("confirmation email", () => sendBookingConfirmation(env, appointment, appOrigin));
}

/** A cancellation (by an agent, `byUserId`, or the visitor): the consoles, and the visitor's email. */
export async function afterCancelled(env: Env, row: AppointmentRow, appointment: Appointment, by: "visitor" | "agent", appOrigin: string, byUserId: string | null = null): Promise<void> {
  await tellConversationChanged(env, row, true, appOrigin);
  // Its call links stop working; a call open right now ends for whoever is in it.
  await quietly("call end", () => env.CALLS.get(env.CALLS.idFromName(row.callId)).cancel(by));
  await tellLobby(env, row.workspaceId, appointment, "cancelled", appOrigin, byUserId);
  await appointmentCancelled(env, row.workspaceId, appointment, by);
  await quietly("cancellation email", () => sendCancellation(env, appointment, by, appOrigin));
}

/** A new time (the visitor's manage page): the consoles see it as booked at its new time, and the visitor's email. */
export async function afterRescheduled(env: Env, row: AppointmentRow, appointment: Appointment, previousStartsAt: number, appOrigin: string): Promise<void> {
  await tellConversationChanged(env, row, false, appOrigin);
  await tellLobby(env, row.workspaceId, appointment, "booked", appOrigin);
  await quietly("rescheduled email", () => sendRescheduled(env, appointment, previousStartsAt, appOrigin));
}
