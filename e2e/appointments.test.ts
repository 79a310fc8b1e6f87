// Appointments end to end in real browsers: an admin opens the hours in Settings → Appointments, a
// visitor books a slot through the widget's Appointment step, the confirmation with its .ics is in the
// dev outbox, the agent's Console → Appointments gets it live with « Join » opening the agent's call
// page, and a cancellation takes it out of the upcoming list.
import ICAL from "ical.js";
import type { BrowserContext, FrameLocator, Page, WebSocketRoute } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { apiSession, outboxEmail, type ApiSession, type OutboxEmail } from "./adminApi";
import { browserProfiles, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

interface AppointmentLike {
  id: string;
  email: string;
  startsAt: number;
  status: string;
  callId: string;
  agentUrl?: string;
}
type Attachment = { filename: string; contentType: string; content: string };

/** A new interface on the demo site whose flow starts with an Appointment step, published; answers its id. */
async function interfaceWithAppointmentStep(admin: ApiSession, name: string): Promise<string> {
  const iface = await admin.call<{ id: string }>("POST", "/api/interfaces", { name, language: "en", allowedOrigins: ["http://localhost:*", "http://127.0.0.1:*"] });
  const doc = await admin.call<{ draft: { start: string | null; steps: Array<Record<string, unknown>> } }>("GET", `/api/interfaces/${iface.id}/flow`);
  const flow = doc.draft;
  flow.steps.unshift({ id: "book", kind: "appointment", text: "Book a video call with our team.", durationMinutes: 30, daysAhead: 14, next: flow.start });
  flow.start = "book";
  await admin.call("PUT", `/api/interfaces/${iface.id}/flow`, { flow });
  await admin.call("POST", `/api/interfaces/${iface.id}/flow/publish`);
  return iface.id;
}

/** A visitor books the first free time through the widget's Appointment step; answers the slot's start. */
async function bookFirstSlot(context: BrowserContext, interfaceId: string, name: string, email: string): Promise<number> {
  const visitorPage = await context.newPage();
  await visitorPage.goto(`${baseUrl}/demo?interface=${interfaceId}`);
  await visitorPage.locator("#raibu-widget button").first().click();
  const widget: FrameLocator = visitorPage.frameLocator("#raibu-widget iframe");
  await widget.getByTestId("appointment-book").click();
  const picker = widget.getByTestId("appointment-picker");
  await picker.waitFor();
  await picker.locator('input[name="booking-day"]').first().check();
  await picker.locator('input[name="booking-time"]').first().check();
  const chosenAt = Number(await picker.locator('input[name="booking-time"]').first().getAttribute("value"));
  await picker.getByLabel("Your name").fill(name);
  await picker.getByLabel("Your email").fill(email);
  await picker.getByTestId("appointment-confirm").click();
  await widget.getByTestId("appointment-booked").waitFor();
  await visitorPage.close();
  return chosenAt;
}

/** Opens the range of `day` in Settings → Appointments' week as 00:00 – 00:00 (midnight: the whole day). */
async function wholeDay(settings: ReturnType<Page["getByTestId"]>, day: string) {
  const row = settings.getByTestId(`hours-${day}`);
  await row.getByTestId("hours-add").click();
  await row.getByTestId("hours-open").fill("00:00");
  await row.getByTestId("hours-close").fill("00:00");
}

describe("appointments end to end in real browsers", () => {
  let adminContext: BrowserContext;
  let agentContext: BrowserContext;
  let visitorContext: BrowserContext;
  let admin: ApiSession;
  let interfaceId: string;

  beforeAll(async () => {
    [adminContext, agentContext, visitorContext] = await Promise.all([newContext(), newContext(), newContext()]);
    admin = await apiSession(baseUrl, "admin@raibu.local", "raibu-admin");
    interfaceId = await interfaceWithAppointmentStep(admin, "Appointments e2e");
  });

  it(
    "an admin opens today's hours in Settings → Appointments; a visitor books the first slot in the widget; the confirmation with an .ics starting then is in the dev outbox; the agent's list gets it live with Join opening the agent's call page; cancelled, it leaves the upcoming list for the past one",
    async () => {
      // The admin sets the interface's appointments through the page: the whole of today and tomorrow
      // (UTC), 10-minute slots, no notice, so the first free slot starts within ten minutes.
      const adminPage = await adminContext.newPage();
      await signIn(adminPage, baseUrl, "admin@raibu.local", "raibu-admin");
      await adminPage.getByTestId("main-nav").getByRole("link", { name: "Settings" }).click();
      await adminPage.getByTestId("settings-appointments").click();
      const settings = adminPage.getByTestId("appointment-settings");
      await settings.waitFor();
      await settings.getByTestId("appointment-interface").selectOption(interfaceId);
      await settings.getByTestId("appointments-enabled").check();
      await settings.getByTestId("appointments-time-zone").fill("UTC");
      const today = new Date();
      await wholeDay(settings, WEEKDAYS[today.getUTCDay()]!);
      await wholeDay(settings, WEEKDAYS[(today.getUTCDay() + 1) % 7]!);
      // A number out of bounds is refused on its field before anything is sent.
      await settings.getByTestId("appointments-slotMinutes").fill("5");
      await settings.getByTestId("appointments-save").click();
      await expect.poll(() => settings.getByTestId("appointments-slotMinutes").getAttribute("aria-invalid")).toBe("true");
      await settings.getByTestId("appointments-slotMinutes").fill("10");
      await settings.getByTestId("appointments-bufferMinutes").fill("0");
      await settings.getByTestId("appointments-minNoticeMinutes").fill("0");
      await settings.getByTestId("appointments-daysAhead").fill("7");
      await settings.getByTestId("appointments-save").click();
      await settings.getByTestId("appointments-status").getByText("Appointments saved.").waitFor();
      const saved = await admin.call<{ enabled: boolean; timeZone: string; slotMinutes: number; minNoticeMinutes: number; days: Record<string, Array<{ open: string; close: string }>> }>(
        "GET",
        `/api/interfaces/${interfaceId}/appointment-settings`,
      );
      expect(saved).toMatchObject({ enabled: true, timeZone: "UTC", slotMinutes: 10, minNoticeMinutes: 0 });
      expect(saved.days[WEEKDAYS[today.getUTCDay()]!]).toEqual([{ open: "00:00", close: "24:00" }]);

      // An agent has Console → Appointments open before anything is booked.
      const agent = await agentContext.newPage();
      await signIn(agent, baseUrl, "agent@raibu.local", "raibu-agent");
      await agent.getByTestId("main-nav").getByRole("link", { name: "Appointments" }).click();
      const upcoming = agent.getByTestId("appointments-upcoming");
      await upcoming.waitFor();

      // The visitor books the first free time through the widget's Appointment step.
      const email = `paul.${Date.now()}@durand.example`;
      const chosenAt = await bookFirstSlot(visitorContext, interfaceId, "Paul Durand", email);
      expect(chosenAt - Date.now()).toBeLessThanOrEqual(10 * 60_000);

      const { appointments } = await admin.call<{ appointments: AppointmentLike[] }>("GET", `/api/appointments?when=upcoming&interfaceId=${interfaceId}`);
      const booked = appointments.find((a) => a.email === email)!;
      expect(booked).toMatchObject({ status: "booked", startsAt: chosenAt });

      // The confirmation is in the dev outbox with an .ics whose event starts at the booked time.
      const confirmation = (await outboxEmail(admin, email, () => true)) as OutboxEmail & { attachments: Attachment[] };
      const ics = confirmation.attachments.find((a) => a.filename.endsWith(".ics"));
      expect(ics, "the confirmation carries an .ics").toBeDefined();
      expect(ics!.contentType).toMatch(/^text\/calendar/);
      const calendar = new ICAL.Component(ICAL.parse(Buffer.from(ics!.content, "base64").toString("utf8")));
      const event = calendar.getFirstSubcomponent("vevent")!;
      expect((event.getFirstPropertyValue("dtstart") as ICAL.Time).toJSDate().getTime()).toBe(booked.startsAt);

      // The agent's list got it without a reload, with Join open (it starts within ten minutes).
      const row = upcoming.getByTestId("appointment-row").filter({ hasText: email });
      await row.waitFor({ timeout: 15_000 });
      await row.getByText("Paul Durand").waitFor();
      await row.getByText("Appointments e2e").waitFor();
      const join = row.getByTestId("appointment-join");
      expect(await join.evaluate((el) => el.tagName)).toBe("A");
      const [callPage] = await Promise.all([agentContext.waitForEvent("page"), join.click()]);
      await callPage.waitForLoadState("domcontentloaded");
      const url = new URL(callPage.url());
      expect(url.pathname).toBe(`/call/${booked.callId}`);
      expect(url.searchParams.get("t")).toBeTruthy();
      // The call page's shell loads the call as the agent's (its lobby, not a problem).
      await callPage.locator('[data-testid="join"], [data-testid="join-without-media"]').first().waitFor({ timeout: 15_000 });
      expect(await callPage.getByTestId("call-problem").count()).toBe(0);
      await callPage.close();

      // Cancel, after the confirmation: it leaves the upcoming list for the past one, marked cancelled.
      await row.getByTestId("appointment-cancel").click();
      await agent.getByRole("dialog").getByRole("button", { name: "Cancel the appointment" }).click();
      await row.waitFor({ state: "detached" });
      const pastRow = agent.getByTestId("appointments-past").getByTestId("appointment-row").filter({ hasText: email });
      expect(await pastRow.getAttribute("data-status")).toBe("cancelled");
      expect(await pastRow.getByTestId("appointment-join").count()).toBe(0);
      const after = await admin.call<{ appointments: AppointmentLike[] }>("GET", `/api/appointments?when=upcoming&interfaceId=${interfaceId}`);
      expect(after.appointments.some((a) => a.id === booked.id)).toBe(false);
    },
    120_000,
  );

  it("a booking made while the agent's console was cut off from the lobby shows in Console → Appointments once it reconnects", async () => {
    // The agent's lobby socket goes through the test: cut, it is closed and refused until restored.
    const agent = await agentContext.newPage();
    let cut = false;
    let snapshots = 0;
    const open: WebSocketRoute[] = [];
    await agent.routeWebSocket(/\/ws\/lobby/, (ws) => {
      if (cut) return void ws.close({ code: 1011, reason: "cut" });
      const server = ws.connectToServer();
      server.onMessage((frame) => {
        if (String(frame).startsWith('{"type":"snapshot"')) snapshots++;
        ws.send(frame);
      });
      open.push(ws);
    });
    await agent.goto(`${baseUrl}/app/appointments`);
    await agent.getByTestId("appointments-upcoming").waitFor();
    await expect.poll(() => snapshots).toBeGreaterThan(0);
    cut = true;
    for (const ws of open.splice(0)) await ws.close({ code: 1011, reason: "cut" });

    // Another visitor books meanwhile (the first one's conversation is past its Appointment step).
    const email = `lea.${Date.now()}@martin.example`;
    await bookFirstSlot(await newContext(), interfaceId, "Léa Martin", email);
    const row = agent.getByTestId("appointments-upcoming").getByTestId("appointment-row").filter({ hasText: email });
    expect(await row.count()).toBe(0);

    cut = false;
    await row.waitFor({ timeout: 30_000 });
  }, 90_000);
});
