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

const latestFirst = (a: Appointment, b: Appointment) => b.startsAt - a.startsAt || b.id.localeCompare(a.id);

/** The past list as shown (the API's order: latest start first): with those of the upcoming list that ended meanwhile. */
export function withEnded(upcoming: readonly Appointment[], past: readonly Appointment[], now: number): Appointment[] {
  const ended = upcoming.filter((a) => !isUpcoming(a, now) && a.status === "booked");
  return [...ended, ...past.filter((a) => !ended.some((e) => e.id === a.id))].sort(latestFirst);
}

/**
 * The past list after a frame: a cancelled (or ended) appointment comes in at its place, one booked
 * again leaves. Below the pages read it waits for its page (`complete`: every page is read).
 */
export function applyToPast(list: readonly Appointment[], frame: AppointmentFrame, now: number, complete: boolean): Appointment[] {
  const before = list.find((a) => a.id === frame.appointment.id);
  const others = list.filter((a) => a.id !== frame.appointment.id);
  if (isUpcoming(frame.appointment, now)) return others;
  const last = list[list.length - 1];
  if (!before && !complete && last && frame.appointment.startsAt < last.startsAt) return others;
  return [...others, { ...frame.appointment, agentUrl: frame.appointment.agentUrl ?? before?.agentUrl }].sort(latestFirst);
}
