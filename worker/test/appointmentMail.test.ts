// An appointment's emails through the real Resend SDK (its HTTP requests intercepted): the slot in
// the visitor's zone and the team's, the Join and manage links, and an .ics read back with ical.js —
// the start in UTC, one UID across a reschedule with SEQUENCE bumped, a cancellation's METHOD and
// STATUS; the dev outbox keeps the attachment, a sent email drops it.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sendBookingConfirmation, sendCancellation, sendRescheduled } from "../src/appointments/mail";
import { getDb } from "../src/db/client";
import { appointments, chatInterfaces, emails } from "../src/db/schema";
import { deliverEmail, queueEmail } from "../src/lib/mailer";
import { appointmentRow, attachmentText, bookedAppointment, parseIcs } from "./appointmentFixtures";
import { signedIn } from "./helpers";
import { accepted, APP, INBOUND, interceptResend, resendEnv } from "./replyFixtures";

afterEach(() => vi.restoreAllMocks());

const emailRow = async (id: string) => (await getDb(env.DB).select().from(emails).where(eq(emails.id, id)))[0]!;

/** Queues and delivers one email through Resend; the request the SDK made. */
async function sent(queue: (config: typeof env) => Promise<string>) {
  const calls = interceptResend(accepted());
  const { env: config } = resendEnv();
  const emailId = await queue(config);
  expect(await deliverEmail(config, emailId)).toBe("done");
  expect(calls).toHaveLength(1);
  vi.restoreAllMocks();
  return { body: calls[0]!.body, emailId };
}

const icsOf = (body: { attachments: Array<{ filename: string; content: string }> }) => parseIcs(attachmentText(body.attachments[0]!));

// 15:00 UTC on a winter day: 10:00 in New York, 16:00 in Paris.
const WINTER_SLOT = Date.UTC(2030, 0, 15, 15, 0);

describe("the booking confirmation", () => {
  it("reaches Resend with an .ics the visitor's calendar adds: METHOD:REQUEST, the start in UTC, the call link as URL and LOCATION, the workspace as ORGANIZER", async () => {
    const { appointment, workspace } = await bookedAppointment({ startsAt: WINTER_SLOT, email: "ada@example.test" });
    const { body } = await sent((config) => sendBookingConfirmation(config, appointment));

    expect(body.to).toBe("ada@example.test");
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0]).toMatchObject({ filename: "invite.ics", content_type: "text/calendar; charset=utf-8; method=REQUEST" });
    const ics = icsOf(body);
    expect(attachmentText(body.attachments[0])).toContain("DTSTART:20300115T150000Z");
    expect(ics.method).toBe("REQUEST");
    expect(ics.status).toBe("CONFIRMED");
    expect(ics.start.toJSDate().getTime()).toBe(WINTER_SLOT);
    expect(ics.start.zone.tzid).toBe("UTC");
    expect(ics.end.toJSDate().getTime()).toBe(WINTER_SLOT + 30 * 60_000);
    expect(ics.uid).toBe(`appointment-${appointment.id}@${INBOUND}`);
    expect(ics.sequence).toBe(0);
    expect(ics.url).toMatch(new RegExp(`^${APP}/call/${appointment.callId}\\?t=`));
    expect(ics.location).toBe(ics.url);
    expect(ics.organizer.toLowerCase()).toBe("mailto:no-reply@raibu.local");
    expect(ics.organizerName).toBe(workspace.name);
    expect(ics.attendee.toLowerCase()).toBe("mailto:ada@example.test");
  });

  it("shows the slot in the visitor's zone, named, and in the team's, with the Join link and links to reschedule and cancel", async () => {
    const { appointment, interfaceName } = await bookedAppointment({ startsAt: WINTER_SLOT, visitorTimeZone: "America/New_York", workspaceZone: "Europe/Paris" });
    const { body } = await sent((config) => sendBookingConfirmation(config, appointment));
    expect(body.subject).toBe(`Your appointment with ${interfaceName}: Tue 15 Jan, 10:00`);
    for (const part of [body.text, body.html]) {
      expect(part).toContain("Tuesday, 15 January 2030, 10:00–10:30 (Eastern Time, America/New_York)");
      expect(part).toContain("For the team: Tuesday, 15 January 2030, 16:00–16:30 (Central European Time, Europe/Paris)");
      expect(part).toContain(`${APP}/call/${appointment.callId}?t=`);
      expect(part).toMatch(new RegExp(`${APP}/a/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\?step=reschedule`));
      expect(part).toMatch(new RegExp(`${APP}/a/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\?step=cancel`));
    }
    expect(body.text).toContain("Join: http");
    expect(body.html).toContain(">Join</a>");
  });

  it("is in French for a French appointment, with « Rejoindre », and names only one zone when the visitor is in the team's", async () => {
    const { appointment, interfaceName } = await bookedAppointment({ lang: "fr", startsAt: WINTER_SLOT, visitorTimeZone: "Europe/Paris" });
    const { body } = await sent((config) => sendBookingConfirmation(config, appointment));
    expect(body.subject).toBe(`Votre rendez-vous avec ${interfaceName} : mar. 15 janv., 16:00`);
    expect(body.text).toContain("Votre rendez-vous vidéo avec");
    expect(body.text).toContain("mardi 15 janvier 2030, 16:00 – 16:30 (heure d’Europe centrale, Europe/Paris)");
    expect(body.text).toContain("Quand\u00a0: mardi");
    expect(body.text).toContain("Rejoindre\u00a0: http");
    expect(body.text).not.toContain("Pour l’équipe");
    expect(body.html).toContain(">Rejoindre</a>");
    expect(icsOf(body).summary).toBe(`Appel vidéo avec ${interfaceName}`);
  });

  it("takes the team's zone for a visitor whose zone is unknown, and escapes an interface name with markup in the HTML", async () => {
    const { appointment, iface } = await bookedAppointment({ startsAt: WINTER_SLOT, visitorTimeZone: "", workspaceZone: "Europe/Paris" });
    await getDb(env.DB).update(chatInterfaces).set({ name: `<b>Acme</b> & co` }).where(eq(chatInterfaces.id, iface.id));
    const { body } = await sent((config) => sendBookingConfirmation(config, appointment));
    expect(body.text).toContain("Tuesday, 15 January 2030, 16:00–16:30 (Central European Time, Europe/Paris)");
    expect(body.text).not.toContain("For the team");
    expect(body.html).not.toContain("<b>Acme");
    expect(body.html).toContain("&#60;b&#62;Acme&#60;/b&#62; &#38; co");
  });

  it("needs the public origin for its links: APP_ORIGIN, or the request's when the caller passes it", async () => {
    const { appointment } = await bookedAppointment();
    const { env: config } = resendEnv({ APP_ORIGIN: "" });
    await expect(sendBookingConfirmation(config, appointment)).rejects.toThrow(/origin/);
    const { body } = await sent((c) => sendBookingConfirmation({ ...c, APP_ORIGIN: "" }, appointment, "http://localhost:8787"));
    expect(body.text).toContain("http://localhost:8787/call/");
  });
});

describe("a reschedule and a cancellation", () => {
  it("a reschedule updates the same calendar event: the same UID, SEQUENCE one higher, the new start in UTC, and the email names the old time", async () => {
    const { appointment } = await bookedAppointment({ startsAt: WINTER_SLOT, visitorTimeZone: "America/New_York" });
    const first = icsOf((await sent((config) => sendBookingConfirmation(config, appointment))).body);

    const moved = WINTER_SLOT + 24 * 60 * 60 * 1000;
    await getDb(env.DB).update(appointments).set({ startsAt: moved, endsAt: moved + 30 * 60_000 }).where(eq(appointments.id, appointment.id));
    const { body } = await sent((config) => sendRescheduled(config, appointment, WINTER_SLOT));
    const second = icsOf(body);

    expect(second.method).toBe("REQUEST");
    expect(second.uid).toBe(first.uid);
    expect(second.sequence).toBe(first.sequence + 1);
    expect(second.start.toJSDate().getTime()).toBe(moved);
    expect(body.subject).toContain("moved to Wed 16 Jan, 10:00");
    expect(body.text).toContain("It was planned for Tuesday, 15 January 2030, 10:00–10:30 (Eastern Time, America/New_York).");
    expect(body.text).toContain("Wednesday, 16 January 2030, 10:00–10:30");
    expect((await appointmentRow(appointment.id)).icsSequence).toBe(1);

    // A second move bumps it again.
    const third = icsOf((await sent((config) => sendRescheduled(config, appointment, moved))).body);
    expect(third.sequence).toBe(2);
    expect(third.uid).toBe(first.uid);
  });

  it("a cancellation removes the event: METHOD:CANCEL, STATUS:CANCELLED, the same UID, a higher SEQUENCE, and no manage links", async () => {
    const { appointment } = await bookedAppointment({ startsAt: WINTER_SLOT });
    const booked = icsOf((await sent((config) => sendBookingConfirmation(config, appointment))).body);
    await getDb(env.DB).update(appointments).set({ status: "cancelled", cancelledAt: Date.now(), cancelledBy: "visitor" }).where(eq(appointments.id, appointment.id));
    const { body } = await sent((config) => sendCancellation(config, appointment, "visitor"));

    expect(body.attachments[0]).toMatchObject({ filename: "cancel.ics", content_type: "text/calendar; charset=utf-8; method=CANCEL" });
    const cancel = icsOf(body);
    expect(cancel.method).toBe("CANCEL");
    expect(cancel.status).toBe("CANCELLED");
    expect(cancel.uid).toBe(booked.uid);
    expect(cancel.sequence).toBeGreaterThan(booked.sequence);
    expect(cancel.start.toJSDate().getTime()).toBe(WINTER_SLOT);
    expect(body.subject).toMatch(/^Appointment cancelled: /);
    expect(body.text).toContain("You cancelled your video appointment");
    expect(body.text).not.toContain("/a/");
  });

  it("says the team cancelled it when an agent did, in the appointment's language", async () => {
    const { appointment, interfaceName } = await bookedAppointment({ lang: "fr" });
    const { body } = await sent((config) => sendCancellation(config, appointment, "agent"));
    expect(body.text).toContain(`${interfaceName} a dû annuler votre rendez-vous vidéo.`);
    expect(body.subject).toMatch(/^Rendez-vous annulé : /);
  });
});

describe("the attachment in D1", () => {
  it("the dev outbox keeps the .ics with the email, and the outbox's email carries its name, type and content", async () => {
    const { appointment } = await bookedAppointment();
    const config = { ...env, DEV_OUTBOX: "1", RESEND_API_KEY: undefined, APP_ORIGIN: APP, EMAIL_QUEUE: { send: async () => {} } as never };
    const emailId = await sendBookingConfirmation(config, appointment);
    expect(await deliverEmail(config, emailId)).toBe("done");
    const row = await emailRow(emailId);
    expect(row.status).toBe("dev_outbox");
    expect(row.attachments).toHaveLength(1);
    expect(row.attachments![0]!.filename).toBe("invite.ics");
    expect(parseIcs(attachmentText(row.attachments![0]!)).uid).toContain(appointment.id);
  });

  it("a sent email's attachment is cleared with its body: its links are not kept in D1", async () => {
    const { appointment } = await bookedAppointment();
    const { emailId } = await sent((config) => sendBookingConfirmation(config, appointment));
    expect(await emailRow(emailId)).toMatchObject({ status: "sent", text: "", html: "", attachments: null });
  });

  it("the dev outbox API lists an email's attachments to an admin of its workspace (name, type, content), and none for an email without", async () => {
    const { appointment, workspace } = await bookedAppointment();
    const config = { ...env, APP_ORIGIN: APP };
    const emailId = await sendBookingConfirmation(config, appointment);
    await deliverEmail(config, emailId);
    const { client: admin } = await signedIn(workspace.id, "admin");
    const listed = (await admin.get("/api/dev/outbox")).json.emails.find((e: { id: string }) => e.id === emailId);
    expect(listed.attachments).toHaveLength(1);
    expect(listed.attachments[0]).toMatchObject({ filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=REQUEST" });
    expect(parseIcs(attachmentText(listed.attachments[0])).start.toJSDate().getTime()).toBe(appointment.startsAt);
    const one = (await admin.get(`/api/dev/outbox/${emailId}`)).json;
    expect(one.attachments.map((a: { filename: string }) => a.filename)).toEqual(["invite.ics"]);

    const { client: stranger } = await signedIn((await bookedAppointment()).workspace.id, "admin");
    expect((await stranger.get(`/api/dev/outbox/${emailId}`)).status).toBe(404);
    const plainId = await queueEmail(config, { workspaceId: workspace.id, to: "plain@example.test", subject: "Plain", text: "Hi", html: "<p>Hi</p>" });
    expect((await admin.get(`/api/dev/outbox/${plainId}`)).json.attachments).toEqual([]);
  });
});
