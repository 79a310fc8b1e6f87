// Appointments in D1: booking a free slot (held by the partial unique index, once per widget id),
// cancelling, rescheduling and the agents' list, each with its call and its signed links. The widget
// route, the agents' routes, the visitor's manage page and the dashboard all go through here.
import { touchContactActivity } from "../contacts/records";
import { and, asc, desc, eq, gt, gte, lt, lte, ne, or, sql, type SQL } from "drizzle-orm";
import type { Appointment, AppointmentList, BookingBody } from "@raibu/protocol/appointments";
import { getDb, type Database } from "../db/client";
import { appointments, calls, chatInterfaces } from "../db/schema";
import type { Env } from "../env";
import { newId, randomToken } from "../lib/crypto";
import { insertMetricEvents, metricEventId } from "../metrics/events";
import { APPOINTMENT_CALL_GRACE_MS, callLink, type CallIssuer } from "../calls/tokens";
import { loadAppointmentSettings, type InterfaceAppointments } from "./settings";
import { offersSlot, type Slot } from "./slots";

const HOUR = 3_600_000;
/** Bookings this close to a slot may overlap it once buffers are counted: more than any slot plus buffer. */
const NEARBY_MS = 24 * HOUR;

export type AppointmentRow = typeof appointments.$inferSelect;

export function toAppointment(row: AppointmentRow, interfaceName: string): Appointment {
  return {
    id: row.id,
    interfaceId: row.interfaceId,
    interfaceName,
    conversationId: row.conversationId,
    visitorId: row.visitorId,
    name: row.name,
    email: row.email,
    lang: row.lang,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: row.status,
    callId: row.callId,
    createdAt: row.createdAt,
    cancelledAt: row.cancelledAt,
  };
}

/** The appointment's call page link for `role` (calls/tokens.ts), good until its call expires: the slot's end plus the grace. */
export function appointmentCallUrl(issuer: CallIssuer, appointment: Pick<Appointment, "callId" | "endsAt">, role: "visitor" | "agent"): Promise<string> {
  return callLink(issuer, appointment.callId, role, appointment.endsAt + APPOINTMENT_CALL_GRACE_MS);
}

// ---- Booking ----

export interface BookingRequest {
  workspaceId: string;
  interfaceId: string;
  conversationId: string | null;
  visitorId: string | null;
  body: BookingBody;
  appOrigin: string;
  now?: number;
}

export type BookingRefusalCode = "appointments_off" | "slot_unavailable" | "slot_taken" | "booking_conflict";
export type BookingResult =
  | { ok: true; created: boolean; appointment: Appointment; visitorUrl: string; row: AppointmentRow; iface: InterfaceAppointments }
  | { ok: false; code: BookingRefusalCode; message: string };

const REFUSALS: Record<BookingRefusalCode, string> = {
  appointments_off: "This chat does not take appointments.",
  slot_unavailable: "This time is not offered any more. Pick another one.",
  slot_taken: "Someone else just booked this time. Pick another one.",
  booking_conflict: "This booking id is already used for another booking.",
};
const refuse = (code: BookingRefusalCode) => ({ ok: false as const, code, message: REFUSALS[code] });

/**
 * Books `body.startsAt` when it is a free slot now. Two bookings of one slot at once: the partial
 * unique index (one booked appointment per interface and start) lets one in, the other is told
 * `slot_taken`. The same widget id again answers the booking it made (`created: false`).
 */
export async function bookSlot(env: Env, req: BookingRequest): Promise<BookingResult> {
  const db = getDb(env.DB);
  const now = req.now ?? Date.now();
  const iface = await loadAppointmentSettings(db, req.interfaceId, req.workspaceId);
  if (!iface) return refuse("appointments_off");
  const again = await byBookingKey(db, req.interfaceId, req.body.id);
  if (again) return answered(again, iface, req);
  if (!iface.settings.enabled) return refuse("appointments_off");

  const check = await slotCheck(db, iface, req.body.startsAt, now, null);
  if (!check.ok) return refuse(check.code);
  const row: AppointmentRow = {
    id: newId(),
    workspaceId: req.workspaceId,
    interfaceId: req.interfaceId,
    conversationId: req.conversationId,
    visitorId: req.visitorId,
    name: req.body.name,
    email: req.body.email,
    lang: iface.language,
    visitorTimeZone: req.body.timeZone,
    startsAt: check.slot.startsAt,
    endsAt: check.slot.endsAt,
    status: "booked",
    callId: newId(),
    bookingKey: req.body.id,
    manageKey: randomToken(24),
    createdAt: now,
    cancelledAt: null,
    cancelledBy: null,
    icsSequence: 0,
  };
  try {
    // One transaction: the appointment first, so a slot someone else holds stops it before its call
    // (and the dashboard's `appointment_booked`) is written.
    await db.batch([
      db.insert(appointments).values(row),
      db.insert(calls).values({ id: row.callId, workspaceId: row.workspaceId, conversationId: row.conversationId, agentId: null, appointmentId: row.id, createdAt: now, expiresAt: row.endsAt + APPOINTMENT_CALL_GRACE_MS }),
      insertMetricEvents(db, [{ id: metricEventId.appointmentBooked(row.id), workspaceId: row.workspaceId, interfaceId: row.interfaceId, kind: "appointment_booked", at: now, visitorId: row.visitorId }]),
    ]);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // The same widget id racing itself made the booking; anyone else's booking holds the slot.
    const raced = await byBookingKey(db, req.interfaceId, req.body.id);
    return raced ? answered(raced, iface, req) : refuse("slot_taken");
  }
  // A contact's « last activity » follows their bookings.
  if (req.visitorId) await touchContactActivity(db, req.workspaceId, req.visitorId, now);
  return { ok: true, created: true, row, iface, appointment: toAppointment(row, iface.interfaceName), visitorUrl: await visitorUrl(iface, req.appOrigin, row) };
}

async function answered(row: AppointmentRow, iface: InterfaceAppointments, req: BookingRequest): Promise<BookingResult> {
  if (row.visitorId !== req.visitorId) return refuse("booking_conflict");
  return { ok: true, created: false, row, iface, appointment: toAppointment(row, iface.interfaceName), visitorUrl: await visitorUrl(iface, req.appOrigin, row) };
}

const visitorUrl = (iface: InterfaceAppointments, appOrigin: string, row: AppointmentRow) =>
  appointmentCallUrl({ interfaceId: iface.interfaceId, signingKey: iface.signingKey, appOrigin }, row, "visitor");

async function byBookingKey(db: Database, interfaceId: string, bookingKey: string): Promise<AppointmentRow | null> {
  const [row] = await db.select().from(appointments).where(and(eq(appointments.interfaceId, interfaceId), eq(appointments.bookingKey, bookingKey))).limit(1);
  return row ?? null;
}

function isUniqueViolation(err: unknown): boolean {
  const text = `${err instanceof Error ? err.message : err} ${err instanceof Error && err.cause instanceof Error ? err.cause.message : ""}`;
  return /UNIQUE constraint failed/i.test(text);
}

/** The booked appointments near `startsAt` (except `except`, the one being moved). */
export async function bookedNear(db: Database, interfaceId: string, from: number, to: number, except: string | null = null): Promise<Slot[]> {
  const conditions = [eq(appointments.interfaceId, interfaceId), eq(appointments.status, "booked"), lt(appointments.startsAt, to + NEARBY_MS), gt(appointments.endsAt, from - NEARBY_MS)];
  if (except) conditions.push(ne(appointments.id, except));
  return db.select({ startsAt: appointments.startsAt, endsAt: appointments.endsAt }).from(appointments).where(and(...conditions));
}

/** Whether `startsAt` is free now: offered by the hours, and not held by a booking (`slot_taken`) — else not offered at all. */
async function slotCheck(db: Database, iface: InterfaceAppointments, startsAt: number, now: number, except: string | null) {
  const booked = await bookedNear(db, iface.interfaceId, startsAt, startsAt, except);
  const base = { settings: iface.settings, timeZone: iface.timeZone, now };
  const slot = offersSlot({ ...base, booked }, startsAt);
  if (slot) return { ok: true as const, slot };
  return { ok: false as const, code: offersSlot({ ...base, booked: [] }, startsAt) ? ("slot_taken" as const) : ("slot_unavailable" as const) };
}

// ---- Cancel and reschedule ----

/** Which appointment: the agents name it by id within their workspace, the visitor's links by its manage key. */
export type AppointmentKey = { workspaceId: string; id: string } | { manageKey: string };

function whereKey(key: AppointmentKey): SQL {
  return "manageKey" in key ? eq(appointments.manageKey, key.manageKey) : and(eq(appointments.id, key.id), eq(appointments.workspaceId, key.workspaceId))!;
}

export async function findAppointment(env: Env, key: AppointmentKey): Promise<{ row: AppointmentRow; appointment: Appointment } | null> {
  const db = getDb(env.DB);
  const [found] = await db
    .select({ row: appointments, interfaceName: chatInterfaces.name })
    .from(appointments)
    .innerJoin(chatInterfaces, eq(chatInterfaces.id, appointments.interfaceId))
    .where(whereKey(key))
    .limit(1);
  return found ? { row: found.row, appointment: toAppointment(found.row, found.interfaceName) } : null;
}

export type ChangeResult = { ok: true; changed: boolean; appointment: Appointment; row: AppointmentRow } | { ok: false; code: "not_found" | "cancelled" | BookingRefusalCode; message: string };

/**
 * Cancels a booked appointment: its slot is free again at once and its call links stop working.
 * Cancelling one already cancelled changes nothing (`changed: false`).
 */
export async function cancelAppointment(env: Env, key: AppointmentKey, by: "visitor" | "agent", now = Date.now()): Promise<ChangeResult> {
  const db = getDb(env.DB);
  const found = await findAppointment(env, key);
  if (!found) return { ok: false, code: "not_found", message: "Appointment not found." };
  const [updated] = await db
    .update(appointments)
    .set({ status: "cancelled", cancelledAt: now, cancelledBy: by })
    .where(and(eq(appointments.id, found.row.id), eq(appointments.status, "booked")))
    .returning();
  if (!updated) {
    const latest = (await findAppointment(env, key))!;
    return { ok: true, changed: false, ...latest };
  }
  await db.update(calls).set({ expiresAt: sql`min(${calls.expiresAt}, ${now})` }).where(eq(calls.id, updated.callId));
  return { ok: true, changed: true, row: updated, appointment: toAppointment(updated, found.appointment.interfaceName) };
}

/**
 * Moves a booked appointment to another free slot (its own slot does not count as taken); its call
 * and manage key stay, the call's links last until the new slot's end plus the grace.
 */
export async function rescheduleAppointment(env: Env, key: AppointmentKey, startsAt: number, now = Date.now()): Promise<ChangeResult> {
  const db = getDb(env.DB);
  const found = await findAppointment(env, key);
  if (!found) return { ok: false, code: "not_found", message: "Appointment not found." };
  if (found.row.status !== "booked") return { ok: false, code: "cancelled", message: "This appointment was cancelled." };
  if (found.row.startsAt === startsAt) return { ok: true, changed: false, ...found };
  const iface = await loadAppointmentSettings(db, found.row.interfaceId, found.row.workspaceId);
  if (!iface?.settings.enabled) return refuse("appointments_off");
  const check = await slotCheck(db, iface, startsAt, now, found.row.id);
  if (!check.ok) return refuse(check.code);
  try {
    const [moved] = await db.batch([
      db
        .update(appointments)
        .set({ startsAt: check.slot.startsAt, endsAt: check.slot.endsAt })
        .where(and(eq(appointments.id, found.row.id), eq(appointments.status, "booked")))
        .returning(),
      db.update(calls).set({ expiresAt: check.slot.endsAt + APPOINTMENT_CALL_GRACE_MS }).where(eq(calls.id, found.row.callId)),
    ]);
    const row = moved[0];
    if (!row) return { ok: false, code: "cancelled", message: "This appointment was cancelled." };
    return { ok: true, changed: true, row, appointment: toAppointment(row, found.appointment.interfaceName) };
  } catch (err) {
    if (isUniqueViolation(err)) return refuse("slot_taken");
    throw err;
  }
}

// ---- The agents' list ----

export interface ListQuery {
  when: "upcoming" | "past";
  interfaceId?: string;
  limit: number;
  cursor?: string;
}

export class InvalidCursor extends Error {}

/** A page's last appointment, as the next page's start: its start and id. */
const encodeCursor = (row: Pick<AppointmentRow, "startsAt" | "id">) => `${row.startsAt}.${row.id}`;
function decodeCursor(cursor: string): { startsAt: number; id: string } {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{1,64})$/.exec(cursor);
  if (!match) throw new InvalidCursor("This cursor is not one the list gave.");
  return { startsAt: Number(match[1]), id: match[2]! };
}

/**
 * The workspace's appointments for agents, each with the agent's call link. Upcoming: booked and
 * not over yet, soonest first (one under way is still there to join). Past: over or cancelled,
 * latest first. Pages follow (starts_at, id), so a booking made meanwhile never shifts a page.
 */
export async function listAppointments(env: Env, workspaceId: string, query: ListQuery, appOrigin: string, now = Date.now()): Promise<AppointmentList> {
  const db = getDb(env.DB);
  const upcoming = query.when === "upcoming";
  const conditions: (SQL | undefined)[] = [eq(appointments.workspaceId, workspaceId)];
  if (query.interfaceId) conditions.push(eq(appointments.interfaceId, query.interfaceId));
  conditions.push(upcoming ? and(eq(appointments.status, "booked"), gt(appointments.endsAt, now)) : or(eq(appointments.status, "cancelled"), lte(appointments.endsAt, now)));
  if (query.cursor) {
    const after = decodeCursor(query.cursor);
    const [cmp, cmpOrEq] = upcoming ? [gt, gte] : [lt, lte];
    conditions.push(or(cmp(appointments.startsAt, after.startsAt), and(eq(appointments.startsAt, after.startsAt), cmp(appointments.id, after.id))));
    conditions.push(cmpOrEq(appointments.startsAt, after.startsAt));
  }
  const order = upcoming ? [asc(appointments.startsAt), asc(appointments.id)] : [desc(appointments.startsAt), desc(appointments.id)];
  const rows = await db
    .select({ row: appointments, interfaceName: chatInterfaces.name, signingKey: chatInterfaces.signingKey })
    .from(appointments)
    .innerJoin(chatInterfaces, eq(chatInterfaces.id, appointments.interfaceId))
    .where(and(...conditions))
    .orderBy(...order)
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const list = await Promise.all(
    page.map(async ({ row, interfaceName, signingKey }) => ({
      ...toAppointment(row, interfaceName),
      agentUrl: await appointmentCallUrl({ interfaceId: row.interfaceId, signingKey, appOrigin }, row, "agent"),
    })),
  );
  return { appointments: list, nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1]!.row) : null };
}
