// The visitor's appointment page from its emails (/a/<token>): the appointment in their zone with
// Join, cancel after a confirmation, another time from the free slots (a slot taken meanwhile says
// so and lists them again), PRG, clear pages for altered, foreign and expired links, the Origin
// check, and the per-address limits.
import { env, exports } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { signManageToken } from "../src/appointments/manageTokens";
import { getDb } from "../src/db/client";
import { appointments, chatInterfaces, emails } from "../src/db/schema";
import { newId } from "../src/lib/crypto";
import { signToken } from "../src/lib/signedTokens";
import { appointmentRow, attachmentText, bookedAppointment, parseIcs } from "./appointmentFixtures";
import { issueReplyToken } from "../src/offline/replyTokens";
import { openSocket, ORIGIN, signedIn, unique } from "./helpers";
import { offlineThread } from "./replyFixtures";

async function get(path: string, ip = unique("ip"), headers: Record<string, string> = {}) {
  const res = await exports.default.fetch(`${ORIGIN}${path}`, { headers: { "CF-Connecting-IP": ip, ...headers } });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

async function post(path: string, fields: Record<string, string>, { ip = unique("ip"), origin = ORIGIN as string | null } = {}) {
  const res = await exports.default.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { "CF-Connecting-IP": ip, "Content-Type": "application/x-www-form-urlencoded", ...(origin ? { Origin: origin } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

const signingKey = async (interfaceId: string) => (await getDb(env.DB).select().from(chatInterfaces).where(eq(chatInterfaces.id, interfaceId)))[0]!.signingKey;

async function opened(options: Parameters<typeof bookedAppointment>[0] = {}) {
  const booked = await bookedAppointment(options);
  const token = await signManageToken(await signingKey(booked.iface.id), booked.appointment);
  return { ...booked, token, path: `/a/${token}` };
}

const slotValues = (html: string) => [...html.matchAll(/name="startsAt" value="(\d+)"/g)].map((m) => Number(m[1]));
const emailsTo = (to: string) => getDb(env.DB).select().from(emails).where(eq(emails.to, to));

describe("the appointment page", () => {
  it("shows the appointment in the visitor's zone, named, with Join to their call, as a page without script under a strict CSP", async () => {
    const startsAt = Date.UTC(2030, 0, 15, 15, 0);
    const { path, appointment, interfaceName } = await opened({ startsAt, visitorTimeZone: "America/New_York" });
    const page = await get(path);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html lang="en">');
    expect(page.html).toContain(`Your appointment with ${interfaceName}`);
    expect(page.html).toContain("10:00–10:30 (Eastern Time, America/New_York)");
    expect(page.html).toMatch(new RegExp(`href="${ORIGIN}/call/${appointment.callId}\\?t=[^"]+"[^>]*>Join</a>`));
    expect(page.html).toContain(`href="${path}?step=reschedule"`);
    expect(page.html).toContain(`href="${path}?step=cancel"`);
    expect(page.html).not.toMatch(/<script/i);
    const csp = page.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
    expect(csp).toContain("form-action 'self'");
    expect(page.headers.get("X-Frame-Options")).toBe("DENY");
    expect(page.headers.get("Cache-Control")).toBe("no-store");
  });

  it("is in French for a French appointment, with « Rejoindre », whatever the browser asks for", async () => {
    const { path } = await opened({ lang: "fr", visitorTimeZone: "Europe/Paris" });
    const page = await get(path, unique("ip"), { "Accept-Language": "en-US" });
    expect(page.html).toContain('<html lang="fr">');
    expect(page.html).toContain(">Rejoindre</a>");
    expect(page.html).toContain("Choisir un autre créneau");
  });

  it("an altered link, another appointment's key under this one's signature, or another interface's signature get a 404 page; a link past the appointment's end a 410", async () => {
    const { token, appointment, iface } = await opened();
    const other = await opened();
    const [body, mac] = token.split(".");
    expect((await get(`/a/${body}.${mac!.slice(0, -2)}xx`)).status).toBe(404);
    const swapped = `${other.token.split(".")[0]}.${mac}`;
    expect((await get(`/a/${swapped}`)).status).toBe(404);
    const foreign = await signToken(await signingKey(other.iface.id), { scope: "appointment", exp: appointment.endsAt, m: appointment.manageKey, i: iface.id });
    const refused = await get(`/a/${foreign}`);
    expect(refused.status).toBe(404);
    expect(refused.html).toContain("This link does not work");
    // A token of another scope (a call link's) with the right key opens nothing either.
    const callToken = await signToken(await signingKey(iface.id), { scope: "call", exp: appointment.endsAt, m: appointment.manageKey, i: iface.id });
    expect((await get(`/a/${callToken}`)).status).toBe(404);

    const past = await opened({ startsAt: Date.now() - 2 * 60 * 60 * 1000, lang: "fr" });
    const expired = await get(past.path);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain("Ce rendez-vous est passé");
  });

  it("a cancelled appointment's page says so and offers neither Join nor a change", async () => {
    const { path } = await opened({ status: "cancelled" });
    const page = await get(`${path}?step=reschedule`);
    expect(page.status).toBe(200);
    expect(page.html).toContain("This appointment was cancelled.");
    expect(page.html).not.toContain(">Join</a>");
    expect(page.html).not.toContain("<form");
  });
});

describe("cancelling from the page", () => {
  it("asks to confirm, then cancels: the visitor gets a METHOD:CANCEL email, and the page it redirects to says so; posting again sends nothing", async () => {
    const { path, token, appointment } = await opened();
    const confirm = await get(`${path}?step=cancel`);
    expect(confirm.html).toContain("Cancel this appointment?");
    expect(confirm.html).toContain(`<form method="post" action="${path}/cancel"`);

    const done = await post(`${path}/cancel`, {});
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe(`/a/${token}?done=cancelled`);
    expect(await appointmentRow(appointment.id)).toMatchObject({ status: "cancelled", cancelledBy: "visitor" });
    const after = await get(done.headers.get("Location")!);
    expect(after.html).toContain("Your appointment is cancelled. We have emailed you a confirmation.");
    expect(after.html).not.toContain("<form");

    const sent = await emailsTo(appointment.email);
    expect(sent).toHaveLength(1);
    const ics = parseIcs(attachmentText(sent[0]!.attachments![0]!));
    expect(ics.method).toBe("CANCEL");
    expect(ics.status).toBe("CANCELLED");

    expect((await post(`${path}/cancel`, {})).status).toBe(303);
    expect(await emailsTo(appointment.email)).toHaveLength(1);
  });

  it("refuses a form posted from another site: 403, nothing cancelled", async () => {
    const { path, appointment } = await opened();
    const refused = await post(`${path}/cancel`, {}, { origin: "https://evil.example" });
    expect(refused.status).toBe(403);
    expect(refused.html).toContain("Nothing was changed");
    expect((await post(`${path}/cancel`, {}, { origin: null })).status).toBe(403);
    expect((await appointmentRow(appointment.id)).status).toBe("booked");
  });
});

describe("rescheduling from the page", () => {
  it("lists the free slots of the next days in the visitor's zone without its own; one picked moves it, emails the new time on the same calendar event, and redirects to a fresh link", async () => {
    const { path, appointment } = await opened({ visitorTimeZone: "Asia/Tokyo" });
    const list = await get(`${path}?step=reschedule`);
    expect(list.status).toBe(200);
    const values = slotValues(list.html);
    expect(values.length).toBeGreaterThan(10);
    expect(values).not.toContain(appointment.startsAt);
    expect(Math.max(...values)).toBeLessThan(Date.now() + 7 * 24 * 60 * 60 * 1000);
    expect(list.html).toContain("Times in Japan Standard Time, Asia/Tokyo.");

    const target = values.find((v) => v > appointment.startsAt) ?? values.at(-1)!;
    const moved = await post(`${path}/reschedule`, { startsAt: String(target) });
    expect(moved.status).toBe(303);
    const location = moved.headers.get("Location")!;
    expect(location).toMatch(/^\/a\/[^?]+\?done=rescheduled$/);
    expect(location).not.toBe(`${path}?done=rescheduled`);
    expect(await appointmentRow(appointment.id)).toMatchObject({ startsAt: target, endsAt: target + 30 * 60_000, status: "booked", icsSequence: 1 });
    const page = await get(location);
    expect(page.html).toContain("Your appointment has moved. We have emailed you the new time.");

    const [email] = await emailsTo(appointment.email);
    expect(email!.subject).toContain("moved to");
    const ics = parseIcs(attachmentText(email!.attachments![0]!));
    expect(ics).toMatchObject({ method: "REQUEST", sequence: 1, uid: expect.stringContaining(appointment.id) });
    expect(ics.start.toJSDate().getTime()).toBe(target);
  });

  it("a slot someone took meanwhile gets a clear message and the list again, and the appointment stays", async () => {
    const { path, appointment, workspace, iface } = await opened();
    const values = slotValues((await get(`${path}?step=reschedule`)).html);
    const taken = values[0]!;
    await getDb(env.DB).insert(appointments).values({
      ...appointment,
      id: newId(),
      workspaceId: workspace.id,
      interfaceId: iface.id,
      startsAt: taken,
      endsAt: taken + 30 * 60_000,
      callId: newId(),
      bookingKey: unique("booking"),
      manageKey: unique("mk"),
    });
    const refused = await post(`${path}/reschedule`, { startsAt: String(taken) });
    expect(refused.status).toBe(409);
    expect(refused.html).toContain("Someone has just booked that time. Please choose another one.");
    expect(slotValues(refused.html)).not.toContain(taken);
    expect(slotValues(refused.html).length).toBeGreaterThan(0);
    expect((await appointmentRow(appointment.id)).startsAt).toBe(appointment.startsAt);
    expect(await emailsTo(appointment.email)).toHaveLength(0);
  });

  it("a time that is not one of the free slots is refused with the list again (400)", async () => {
    const { path, appointment } = await opened();
    for (const startsAt of ["", "soon", String(appointment.startsAt + 7 * 60_000)]) {
      const refused = await post(`${path}/reschedule`, { startsAt });
      expect(refused.status).toBe(400);
      expect(refused.html).toContain("Choose one of the times in the list.");
      expect(slotValues(refused.html).length).toBeGreaterThan(0);
    }
    expect((await appointmentRow(appointment.id)).startsAt).toBe(appointment.startsAt);
  });

  it("refuses a reschedule posted from another site (403)", async () => {
    const { path, appointment } = await opened();
    const values = slotValues((await get(`${path}?step=reschedule`)).html);
    expect((await post(`${path}/reschedule`, { startsAt: String(values[0]) }, { origin: "https://evil.example" })).status).toBe(403);
    expect((await appointmentRow(appointment.id)).startsAt).toBe(appointment.startsAt);
  });
});

describe("the consoles", () => {
  it("hear the visitor's new time and cancellation from the page as the lobby's appointment frames", async () => {
    const { path, appointment, workspace } = await opened();
    const { client } = await signedIn(workspace.id, "agent");
    const lobby = await openSocket("/ws/lobby", { Cookie: client.cookie });
    const target = slotValues((await get(`${path}?step=reschedule`)).html)[0]!;
    const moved = await post(`${path}/reschedule`, { startsAt: String(target) });
    expect(await lobby.next((f) => f.type === "appointment" && f.change === "booked")).toMatchObject({ appointment: { id: appointment.id, startsAt: target, agentUrl: expect.stringContaining(`/call/${appointment.callId}?t=`) } });
    await post(`${moved.headers.get("Location")!.split("?")[0]}/cancel`, {});
    expect(await lobby.next((f) => f.type === "appointment" && f.change === "cancelled")).toMatchObject({ appointment: { id: appointment.id, status: "cancelled" } });
    lobby.close();
  });
});

describe("the page's limits per address", () => {
  it("one address reading more than 60 pages a minute gets 429 with Retry-After; another address still reads", async () => {
    const { path } = await opened();
    const ip = unique("ip");
    for (let i = 0; i < 60; i++) expect((await get(path, ip)).status).toBe(200);
    const over = await get(path, ip);
    expect(over.status).toBe(429);
    expect(over.headers.get("Retry-After")).toBe("60");
    expect(over.html).toContain("Too many requests");
    expect((await get(path)).status).toBe(200);
  });

  it("one address posting more than 10 changes a minute gets 429, and nothing more is changed", async () => {
    const { path, appointment } = await opened();
    const ip = unique("ip");
    for (let i = 0; i < 10; i++) expect((await post(`${path}/reschedule`, { startsAt: "bad" }, { ip })).status).toBe(400);
    expect((await post(`${path}/cancel`, {}, { ip })).status).toBe(429);
    expect((await appointmentRow(appointment.id)).status).toBe("booked");
    const rows = await getDb(env.DB).select().from(appointments).where(and(eq(appointments.id, appointment.id), eq(appointments.status, "booked")));
    expect(rows).toHaveLength(1);
  });

  it("has counters of its own: an address that used up the reply page's reads still reads its appointment page", async () => {
    const { path } = await opened();
    const { thread } = await offlineThread();
    const { token } = await issueReplyToken(env, thread);
    const ip = unique("ip");
    for (let i = 0; i < 60; i++) await get(`/r/${token}`, ip);
    expect((await get(`/r/${token}`, ip)).status).toBe(429);
    expect((await get(path, ip)).status).toBe(200);
  });
});
