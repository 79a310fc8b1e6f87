// After booking, in real browsers: the console's dev outbox shows the confirmation's .ics by name; the
// visitor opens the email's reschedule link on a phone-sized page, picks another time and sees it moved
// (the new email's .ics: same UID, SEQUENCE 1, the new start), then cancels after confirming (the
// email's .ics: METHOD:CANCEL) and the appointment leaves the agents' upcoming list.
import ICAL from "ical.js";
import type { BrowserContext, FrameLocator } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { apiSession, outboxEmail, type ApiSession, type OutboxEmail } from "./adminApi";
import { browserProfiles, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();

type Attachment = { filename: string; contentType: string; content: string };
type Email = OutboxEmail & { attachments: Attachment[] };

/** A new interface on the demo site that takes appointments every day, whose flow starts with an Appointment step. */
async function bookableInterface(admin: ApiSession, name: string): Promise<string> {
  const iface = await admin.call<{ id: string }>("POST", "/api/interfaces", { name, language: "en", allowedOrigins: ["http://localhost:*", "http://127.0.0.1:*"] });
  const doc = await admin.call<{ draft: { start: string | null; steps: Array<Record<string, unknown>> } }>("GET", `/api/interfaces/${iface.id}/flow`);
  const flow = doc.draft;
  flow.steps.unshift({ id: "book", kind: "appointment", text: "Book a video call with our team.", durationMinutes: 30, daysAhead: 3, next: flow.start });
  flow.start = "book";
  await admin.call("PUT", `/api/interfaces/${iface.id}/flow`, { flow });
  await admin.call("POST", `/api/interfaces/${iface.id}/flow/publish`);
  const day = [{ open: "00:00", close: "23:59" }];
  await admin.call("PUT", `/api/interfaces/${iface.id}/appointment-settings`, {
    enabled: true,
    days: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    slotMinutes: 30,
    bufferMinutes: 0,
    daysAhead: 3,
    minNoticeMinutes: 0,
  });
  return iface.id;
}

function calendarOf(email: Email) {
  const file = email.attachments.find((a) => a.filename.endsWith(".ics"))!;
  const calendar = new ICAL.Component(ICAL.parse(Buffer.from(file.content, "base64").toString("utf8")));
  const event = calendar.getFirstSubcomponent("vevent")!;
  return {
    filename: file.filename,
    method: calendar.getFirstPropertyValue("method"),
    uid: event.getFirstPropertyValue("uid"),
    sequence: Number(event.getFirstPropertyValue("sequence")),
    status: event.getFirstPropertyValue("status"),
    start: (event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().getTime(),
  };
}

describe("after booking, in real browsers", () => {
  let adminContext: BrowserContext;
  let visitorContext: BrowserContext;
  let admin: ApiSession;
  let interfaceId: string;

  beforeAll(async () => {
    [adminContext, visitorContext] = await Promise.all([newContext(), newContext()]);
    admin = await apiSession(baseUrl, "admin@raibu.local", "raibu-admin");
    interfaceId = await bookableInterface(admin, "After booking e2e");
  });

  it(
    "the dev outbox shows the confirmation's .ics; the visitor moves the appointment from the email's link on a phone, then cancels it, and each email's .ics updates then removes the same event",
    async () => {
      const email = `lea.${Date.now()}@martin.example`;
      const visitor = await visitorContext.newPage();
      await visitor.goto(`${baseUrl}/demo?interface=${interfaceId}`);
      await visitor.locator("#raibu-widget button").first().click();
      const widget: FrameLocator = visitor.frameLocator("#raibu-widget iframe");
      await widget.getByTestId("appointment-book").click();
      const picker = widget.getByTestId("appointment-picker");
      await picker.waitFor();
      await picker.locator('input[name="booking-day"]').first().check();
      await picker.locator('input[name="booking-time"]').first().check();
      await picker.getByLabel("Your name").fill("Léa Martin");
      await picker.getByLabel("Your email").fill(email);
      await picker.getByTestId("appointment-confirm").click();
      await widget.getByTestId("appointment-booked").waitFor();

      const confirmation = (await outboxEmail(admin, email, (e) => e.subject.startsWith("Your appointment with"))) as Email;
      const booked = calendarOf(confirmation);
      expect(booked).toMatchObject({ filename: "invite.ics", method: "REQUEST", sequence: 0, status: "CONFIRMED" });

      // The console's dev outbox names the attachment.
      const console_ = await adminContext.newPage();
      await signIn(console_, baseUrl, "admin@raibu.local", "raibu-admin");
      await console_.goto(`${baseUrl}/app/dev/outbox`);
      await console_.getByTestId("outbox-item").filter({ hasText: confirmation.subject }).first().click();
      const attachments = console_.getByTestId("outbox-attachments");
      await attachments.waitFor();
      expect(await attachments.getByRole("link", { name: "invite.ics" }).getAttribute("download")).toBe("invite.ics");

      // The visitor opens the email's reschedule link on a phone-sized page and picks another time.
      const link = /(http\S+\/a\/\S+\?step=reschedule)/.exec(confirmation.text)![1]!;
      const phone = await visitorContext.newPage();
      await phone.setViewportSize({ width: 390, height: 844 });
      await phone.goto(link);
      await phone.getByRole("heading", { name: "Your appointment with After booking e2e" }).waitFor();
      expect(await phone.getByRole("link", { name: "Join" }).getAttribute("href")).toMatch(/\/call\/[^?]+\?t=/);
      const choice = phone.locator('input[name="startsAt"]').first();
      const movedTo = Number(await choice.getAttribute("value"));
      expect(movedTo).not.toBe(booked.start);
      await choice.check();
      await phone.getByRole("button", { name: "Move my appointment" }).click();
      await phone.getByText("Your appointment has moved. We have emailed you the new time.").waitFor();
      expect(new URL(phone.url()).searchParams.get("done")).toBe("rescheduled");
      // The page fits a phone: nothing wider than the screen.
      expect(await phone.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);

      const moved = calendarOf((await outboxEmail(admin, email, (e) => e.subject.includes("moved to"))) as Email);
      expect(moved).toMatchObject({ method: "REQUEST", uid: booked.uid, sequence: 1, start: movedTo });

      // Then cancels it, after confirming.
      await phone.getByRole("link", { name: "Cancel the appointment" }).click();
      await phone.getByText("Cancel this appointment?").waitFor();
      await phone.getByRole("button", { name: "Yes, cancel it" }).click();
      await phone.getByText("Your appointment is cancelled. We have emailed you a confirmation.").waitFor();
      expect(await phone.getByRole("link", { name: "Join" }).count()).toBe(0);

      const cancelled = calendarOf((await outboxEmail(admin, email, (e) => e.subject.startsWith("Appointment cancelled"))) as Email);
      expect(cancelled).toMatchObject({ filename: "cancel.ics", method: "CANCEL", status: "CANCELLED", uid: booked.uid, sequence: 2 });
      const { appointments } = await admin.call<{ appointments: Array<{ email: string }> }>("GET", `/api/appointments?when=upcoming&interfaceId=${interfaceId}`);
      expect(appointments.some((a) => a.email === email)).toBe(false);
    },
    120_000,
  );
});
