// The Appointment step's booking, decided without I/O: the free slots grouped by day in the
// visitor's time zone, how a zone is named and whether the team's differs, the checks of
// protocol/appointments.ts's BookingBodySchema (written again without zod, which the widget does
// not load; the tests hold them to the schema), the body to send, and what a refusal means.
import type { BookingBody, SlotList } from "@raibu/protocol/appointments";
import { ApiError } from "../../../client/apiError";
import { isRateLimited } from "../../../client/rateLimit";
import { newMessageId } from "../../../client/timeline";
import { EMAIL_MAX, EMAIL_PATTERN } from "./offlineForm";

export type Slot = SlotList["slots"][number];

/** One day of free slots, as the visitor's calendar has it. */
export interface SlotDay {
  /** `YYYY-MM-DD` in the visitor's zone. */
  key: string;
  slots: Slot[];
}

/** The days the picker asks about at once: the most one slot list spans (worker/src/routes/widgetAppointments.ts). */
export const SLOT_RANGE_DAYS = 31;
/** The furthest ahead an interface may open bookings (protocol/appointments.ts AppointmentSettings.daysAhead). */
export const MAX_DAYS_AHEAD = 90;
export const DAY_MS = 86_400_000;
/** The longest name BookingBodySchema takes. */
export const BOOKING_NAME_MAX = 80;

/**
 * Every free slot from `now` on: one list spans at most SLOT_RANGE_DAYS, so the next ones are asked in
 * turn, up to the furthest an interface may open (MAX_DAYS_AHEAD), until one comes back empty (past the
 * interface's own « how far ahead »).
 */
export async function allSlots(now: number, list: (from: number, to: number) => Promise<SlotList>): Promise<SlotList> {
  let found: SlotList | null = null;
  for (let from = now; from < now + MAX_DAYS_AHEAD * DAY_MS; from += SLOT_RANGE_DAYS * DAY_MS) {
    const part = await list(from, Math.min(from + SLOT_RANGE_DAYS * DAY_MS, now + MAX_DAYS_AHEAD * DAY_MS));
    // A slot on the boundary may come in both lists.
    found = found ? { ...part, slots: [...found.slots, ...part.slots.filter((s) => s.startsAt > found!.slots.at(-1)!.startsAt)] } : part;
    if (part.slots.length === 0) break;
  }
  return found!;
}

/** The calendar day `at` falls on in `timeZone`, as `YYYY-MM-DD`. */
export function dayKey(at: number, timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** The slots by the day they start on in `timeZone`, soonest first; days without a free slot are not there. */
export function slotDays(slots: readonly Slot[], timeZone: string): SlotDay[] {
  const days = new Map<string, Slot[]>();
  for (const slot of [...slots].sort((a, b) => a.startsAt - b.startsAt)) {
    const key = dayKey(slot.startsAt, timeZone);
    days.set(key, [...(days.get(key) ?? []), slot]);
  }
  return [...days].map(([key, daySlots]) => ({ key, slots: daySlots }));
}

/** The visitor's IANA zone, as their browser says; UTC when it says nothing usable. */
export function visitorZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** A zone's name in `lang` ("Central European Time"), else its IANA name. */
export function zoneName(timeZone: string, lang: string): string {
  try {
    const part = new Intl.DateTimeFormat(lang, { timeZone, timeZoneName: "longGeneric" }).formatToParts().find((p) => p.type === "timeZoneName");
    // Without a name of its own, Intl answers an offset ("GMT+03:00"): the IANA name says more.
    return part && !/^(GMT|UTC)[+−-]/.test(part.value) ? part.value : timeZone;
  } catch {
    return timeZone;
  }
}

/** `timeZone`'s offset from UTC at `at`, as Intl writes it ("GMT+01:00"). */
function offsetAt(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en", { timeZone, timeZoneName: "longOffset" }).formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "";
}

/** Whether the team's clock reads differently from the visitor's at any of these slots (same offset, other name: no). */
export function zonesDiffer(visitor: string, team: string, slots: readonly Slot[]): boolean {
  if (!team || visitor === team) return false;
  try {
    return slots.some((slot) => offsetAt(slot.startsAt, visitor) !== offsetAt(slot.startsAt, team));
  } catch {
    return true;
  }
}

export type BookingField = "name" | "email";
export type BookingValues = Record<BookingField, string>;
/** What is wrong with a field, as facts; the form picks the words. */
export type BookingProblem = { code: "required" } | { code: "email" } | { code: "tooLong"; max: number; over: number };

/** Every field's problem, as BookingBodySchema reads the values (trimmed, email lowercased); empty when the form may be sent. */
export function checkBooking(values: BookingValues): Partial<Record<BookingField, BookingProblem>> {
  const problems: Partial<Record<BookingField, BookingProblem>> = {};
  const max: Record<BookingField, number> = { name: BOOKING_NAME_MAX, email: EMAIL_MAX };
  for (const field of ["name", "email"] as const) {
    const value = values[field].trim();
    if (!value) problems[field] = { code: "required" };
    else if (value.length > max[field]) problems[field] = { code: "tooLong", max: max[field], over: value.length - max[field] };
    else if (field === "email" && !EMAIL_PATTERN.test(value.toLowerCase())) problems[field] = { code: "email" };
  }
  return problems;
}

/** The body to send for `slot`. */
export function bookingBody(id: string, slot: Slot, values: BookingValues, timeZone: string): BookingBody {
  return { id, startsAt: slot.startsAt, name: values.name.trim(), email: values.email.trim().toLowerCase(), timeZone };
}

/** What a failed booking means for the picker: the slot went to someone else, booking is off, or another try may do. */
export type BookingFailure = "slotTaken" | "appointmentsOff" | "bookNetwork" | "bookRateLimited" | "bookFailed";

export function bookingFailure(error: unknown): BookingFailure {
  if (isRateLimited(error)) return "bookRateLimited";
  if (!(error instanceof ApiError)) return "bookFailed";
  // Taken by someone else, or no longer offered (its notice has passed): either way, other times.
  if (error.code === "slot_taken" || error.code === "slot_unavailable") return "slotTaken";
  if (error.code === "appointments_off") return "appointmentsOff";
  return error.code === "network" ? "bookNetwork" : "bookFailed";
}

/**
 * The booking's id for the next try. A try that may have reached the server (no answer, a rate
 * limit, a server error) keeps it, so the server books once; a refusal booked nothing: a new one.
 */
export function nextBookingId(id: string, failure: BookingFailure): string {
  return failure === "slotTaken" || failure === "appointmentsOff" ? newMessageId() : id;
}
