// The console's appointment lists decided without I/O (tested alone): how a lobby frame changes the
// upcoming and past lists, and when « Join » opens.
import type { Appointment } from "@raibu/protocol/appointments";
import type { AppointmentFrame } from "../../stores/createLobby";

/** « Join » opens this long before the start: agents come a little early to check their camera. */
export const JOIN_EARLY_MS = 10 * 60_000;

export type When = "upcoming" | "past";

/** A booked appointment can be joined from a few minutes before its start until its end. */
export function canJoin(appointment: Pick<Appointment, "status" | "startsAt" | "endsAt">, now: number): boolean {
  return appointment.status === "booked" && now >= appointment.startsAt - JOIN_EARLY_MS && now < appointment.endsAt;
}

/** Still to come (or under way): the upcoming list keeps it until it ends. */
export function isUpcoming(appointment: Pick<Appointment, "status" | "endsAt">, now: number): boolean {
  return appointment.status === "booked" && appointment.endsAt > now;
}

const soonestFirst = (a: Appointment, b: Appointment) => a.startsAt - b.startsAt || a.id.localeCompare(b.id);

/**
 * The upcoming list after a frame: a booking comes in at its place (soonest first; a rescheduled one
 * moves), a cancelled one leaves. The list already holds only booked appointments still to come.
 */
export function applyToUpcoming(list: readonly Appointment[], frame: AppointmentFrame, now: number): Appointment[] {
  const others = list.filter((a) => a.id !== frame.appointment.id);
  if (!isUpcoming(frame.appointment, now)) return others;
  // The frame's copy has no agent link: keep the one the list was given.
  const before = list.find((a) => a.id === frame.appointment.id);
  return [...others, { ...frame.appointment, agentUrl: frame.appointment.agentUrl ?? before?.agentUrl }].sort(soonestFirst);
}

/** The past list as shown: those of the upcoming list that ended meanwhile first (latest first), then the pages read. */
export function withEnded(upcoming: readonly Appointment[], past: readonly Appointment[], now: number): Appointment[] {
  const ended = upcoming.filter((a) => !isUpcoming(a, now) && a.status === "booked").reverse();
  return [...ended, ...past.filter((a) => !ended.some((e) => e.id === a.id))];
}

/** A frame about an appointment already in a list updates it there (a cancellation shows as such). */
export function updateIn(list: readonly Appointment[], frame: AppointmentFrame): Appointment[] {
  return list.map((a) => (a.id === frame.appointment.id ? { ...frame.appointment, agentUrl: frame.appointment.agentUrl ?? a.agentUrl } : a));
}
