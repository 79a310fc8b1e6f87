// An appointment's emails to the visitor, queued through the mailer: the confirmation of a booking,
// a new time, a cancellation. Each carries the slot in the visitor's zone and the team's, and an
// .ics that adds, updates (same UID, SEQUENCE bumped) or removes the event in their calendar.
import type { Appointment } from "@raibu/protocol/appointments";
import { canonicalTimeZone } from "@raibu/protocol/businessHours";
import type { Lang } from "@raibu/protocol/lang";
import { eq, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { findInterface, type ChatInterface } from "../db/interfaces";
import { appointments, workspaces } from "../db/schema";
import type { Env } from "../env";
import { translate } from "../lib/i18n";
import { queueEmail } from "../lib/mailer";
import { messageIdDomain } from "../offline/mail";
import { appointmentCallUrl } from "./bookings";
import { appointmentIcs, appointmentUid, icsAttachment } from "./ics";
import { appointmentMail, type AppointmentMailArgs } from "./mailBodies";
import { signManageToken, type AppointmentRow } from "./manageTokens";
import { loadAppointmentSettings } from "./settings";

/** The sender's address in MAIL_FROM ("Raibu <no-reply@x>" → "no-reply@x"). */
function senderAddress(env: Pick<Env, "MAIL_FROM">): string {
  const from = env.MAIL_FROM ?? "";
  return /<([^>\s]+)>/.exec(from)?.[1] ?? (from.includes("@") ? from.trim() : "no-reply@raibu.invalid");
}

/** The visitor's page for the appointment (`/a/<token>`). */
export async function manageUrl(iface: Pick<ChatInterface, "signingKey">, row: AppointmentRow, origin: string): Promise<string> {
  return `${origin}/a/${await signManageToken(iface.signingKey, row)}`;
}

interface Loaded {
  row: AppointmentRow;
  iface: ChatInterface;
  workspaceName: string;
  teamZone: string;
}

async function load(env: Env, appointmentId: string): Promise<Loaded> {
  const db = getDb(env.DB);
  const [row] = await db.select().from(appointments).where(eq(appointments.id, appointmentId)).limit(1);
  if (!row) throw new Error(`appointment ${appointmentId} not found`);
  const [iface, settings, [workspace]] = await Promise.all([
    findInterface(db, row.interfaceId, row.workspaceId),
    loadAppointmentSettings(db, row.interfaceId, row.workspaceId),
    db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, row.workspaceId)).limit(1),
  ]);
  if (!iface || !settings || !workspace) throw new Error(`appointment ${appointmentId}: its interface or workspace is gone`);
  // The team's zone: the one its weekly hours are read in (the settings', else the workspace's).
  return { row, iface, workspaceName: workspace.name, teamZone: settings.timeZone };
}

/** The next SEQUENCE of the appointment's calendar event, counted in D1 so two changes never share one. */
async function bumpSequence(env: Env, appointmentId: string): Promise<number> {
  const [row] = await getDb(env.DB)
    .update(appointments)
    .set({ icsSequence: sql`${appointments.icsSequence} + 1` })
    .where(eq(appointments.id, appointmentId))
    .returning({ sequence: appointments.icsSequence });
  return row?.sequence ?? 0;
}

function requireOrigin(origin: string): string {
  if (!origin) throw new Error("an appointment's email needs the public origin for its links: set APP_ORIGIN or pass the request's origin");
  return origin.replace(/\/$/, "");
}

async function queueAppointmentEmail(
  env: Env,
  loaded: Loaded,
  kind: AppointmentMailArgs["kind"],
  origin: string,
  sequence: number,
  extra: Pick<AppointmentMailArgs, "previousStartsAt" | "previousEndsAt" | "cancelledBy"> = {},
): Promise<string> {
  const { row, iface, workspaceName, teamZone } = loaded;
  const lang: Lang = row.lang;
  const site = iface.name;
  const callUrl = await appointmentCallUrl({ interfaceId: iface.id, signingKey: iface.signingKey, appOrigin: origin }, row, "visitor");
  const manage = kind === "cancelled" ? null : await manageUrl(iface, row, origin);
  const visitorZone = canonicalTimeZone(row.visitorTimeZone) ?? teamZone;
  const body = appointmentMail(lang, { kind, site, startsAt: row.startsAt, endsAt: row.endsAt, visitorZone, teamZone, callUrl, manageUrl: manage, ...extra });
  const method = kind === "cancelled" ? "cancel" : "request";
  const ics = appointmentIcs(method, {
    uid: appointmentUid(row.id, messageIdDomain(env)),
    appointmentId: row.id,
    sequence,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    summary: translate(lang, "email.appointment.eventTitle", { site }),
    description: translate(lang, "email.appointment.eventDescription", { link: callUrl }),
    callUrl,
    organizer: { name: workspaceName, email: senderAddress(env) },
    attendee: { name: row.name, email: row.email },
  });
  return queueEmail(env, { workspaceId: row.workspaceId, to: row.email, ...body, attachments: [icsAttachment(method, ics)] });
}

/** The confirmation of a new booking. Returns the email's id. */
export async function sendBookingConfirmation(env: Env, appointment: Pick<Appointment, "id">, origin: string = env.APP_ORIGIN): Promise<string> {
  const loaded = await load(env, appointment.id);
  return queueAppointmentEmail(env, loaded, "booked", requireOrigin(origin), loaded.row.icsSequence);
}

/** The appointment moved (already written in D1): the new time, the old one named, the same calendar event updated. */
export async function sendRescheduled(env: Env, appointment: Pick<Appointment, "id">, previousStartsAt: number, origin: string = env.APP_ORIGIN): Promise<string> {
  const base = requireOrigin(origin);
  const sequence = await bumpSequence(env, appointment.id);
  const loaded = await load(env, appointment.id);
  const length = loaded.row.endsAt - loaded.row.startsAt;
  return queueAppointmentEmail(env, loaded, "rescheduled", base, sequence, { previousStartsAt, previousEndsAt: previousStartsAt + length });
}

/** The appointment is cancelled (already written in D1), by the visitor or by an agent: the event removed from their calendar. */
export async function sendCancellation(env: Env, appointment: Pick<Appointment, "id">, by: "visitor" | "agent", origin: string = env.APP_ORIGIN): Promise<string> {
  const base = requireOrigin(origin);
  const sequence = await bumpSequence(env, appointment.id);
  const loaded = await load(env, appointment.id);
  return queueAppointmentEmail(env, loaded, "cancelled", base, sequence, { cancelledBy: by });
}
