// Appointments written straight into D1 (an interface with its availability, a booked slot and
// its call), and an .ics read back with ical.js, for the tests of an appointment's emails and page.
import { env } from "cloudflare:workers";
import ICAL from "ical.js";
import { eq } from "drizzle-orm";
import type { AppointmentSettings } from "@raibu/protocol/appointments";
import type { Lang } from "@raibu/protocol/lang";
import { getDb } from "../src/db/client";
import { appointments, appointmentSettings, calls, workspaces, type EmailAttachment } from "../src/db/schema";
import { newId } from "../src/lib/crypto";
import { createInterface, createWorkspace, unique } from "./helpers";

const HOUR = 60 * 60 * 1000;

/** Monday to Sunday, 09:00–17:00 in the team's zone, 30-minute slots, no notice: slots every day. */
export const EVERY_DAY: Partial<AppointmentSettings> = {
  enabled: true,
  days: Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [{ open: "09:00", close: "17:00" }]])) as AppointmentSettings["days"],
  slotMinutes: 30,
  bufferMinutes: 0,
  daysAhead: 7,
  minNoticeMinutes: 0,
};

export interface AppointmentOptions {
  lang: Lang;
  name: string;
  email: string;
  visitorTimeZone: string;
  /** The workspace's zone (the team's when the settings name none). */
  workspaceZone: string;
  settings: Partial<AppointmentSettings>;
  startsAt: number;
  minutes: number;
  status: "booked" | "cancelled";
}

/** The next whole hour at least `hoursAhead` from now. */
export const hoursFromNow = (hoursAhead: number) => Math.ceil((Date.now() + hoursAhead * HOUR) / HOUR) * HOUR;

export async function bookedAppointment(options: Partial<AppointmentOptions> = {}) {
  const workspace = await createWorkspace();
  const db = getDb(env.DB);
  await db.update(workspaces).set({ timeZone: options.workspaceZone ?? "Europe/Paris" }).where(eq(workspaces.id, workspace.id));
  const iface = await createInterface(workspace.id, { language: options.lang ?? "en" });
  await db.insert(appointmentSettings).values({
    interfaceId: iface.id,
    workspaceId: workspace.id,
    settings: { ...EVERY_DAY, ...options.settings } as AppointmentSettings,
    updatedAt: Date.now(),
  });
  const startsAt = options.startsAt ?? hoursFromNow(48);
  const endsAt = startsAt + (options.minutes ?? 30) * 60_000;
  const id = newId();
  const callId = newId();
  const row = {
    id,
    workspaceId: workspace.id,
    interfaceId: iface.id,
    conversationId: null,
    visitorId: null,
    name: options.name ?? "Ada Lovelace",
    email: options.email ?? `${unique("ada")}@example.test`,
    lang: options.lang ?? "en",
    visitorTimeZone: options.visitorTimeZone ?? "America/New_York",
    startsAt,
    endsAt,
    status: options.status ?? "booked",
    callId,
    bookingKey: unique("booking"),
    manageKey: `mk${crypto.randomUUID().replace(/-/g, "")}`,
    ...(options.status === "cancelled" ? { cancelledAt: Date.now(), cancelledBy: "agent" as const } : {}),
  };
  await db.batch([
    db.insert(appointments).values(row),
    db.insert(calls).values({ id: callId, workspaceId: workspace.id, conversationId: null, agentId: null, appointmentId: id, expiresAt: endsAt + 12 * HOUR }),
  ]);
  return { workspace, iface, appointment: row, interfaceName: `Site ${iface.id}` };
}

export const appointmentRow = async (id: string) => (await getDb(env.DB).select().from(appointments).where(eq(appointments.id, id)))[0]!;

/** The one VEVENT of an .ics, read by ical.js, with the calendar's METHOD. */
export function parseIcs(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent("vevent")!;
  const event = new ICAL.Event(vevent);
  return {
    method: calendar.getFirstPropertyValue("method") as string,
    uid: event.uid,
    sequence: event.sequence,
    status: vevent.getFirstPropertyValue("status") as string,
    start: event.startDate,
    end: event.endDate,
    url: vevent.getFirstPropertyValue("url") as string,
    location: event.location,
    organizer: vevent.getFirstPropertyValue("organizer") as string,
    organizerName: vevent.getFirstProperty("organizer")?.getParameter("cn") as string | undefined,
    attendee: vevent.getFirstPropertyValue("attendee") as string,
    summary: event.summary,
  };
}

/** An attachment's content (base64) as text. */
export const attachmentText = (file: Pick<EmailAttachment, "content">) => new TextDecoder().decode(Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)));
