// A visitor books an appointment through the widget's Appointment step, in a real browser: the free
// days and times in the visitor's own zone (named, the team's noted), name and email filled in from
// what the bot collected, a bad address pointed out, the confirmation with the call's link, again
// after a reload; a second visitor who had that time on screen is told it was just taken, and books another.
import type { FrameLocator, Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { apiSession } from "./adminApi";
import { browserProfiles } from "./browser";
import { openWidget } from "./visitor";

const baseUrl = inject("baseUrl");
const newContext = browserProfiles();
const VISITOR_ZONE = "America/New_York";
const ALL_DAY = [{ open: "00:00", close: "24:00" }];

/** A new interface on the demo site taking 30-minute appointments at any hour of the next 14 days (team in Paris), and a flow with an Appointment step after a name and an email. */
async function interfaceWithAppointments(): Promise<string> {
  const admin = await apiSession(baseUrl, "admin@raibu.local", "raibu-admin");
  const iface = await admin.call<{ id: string }>("POST", "/api/interfaces", { name: "Appointments test", language: "en", allowedOrigins: ["http://localhost:*", "http://127.0.0.1:*"] });
  await admin.call("PUT", `/api/interfaces/${iface.id}/appointment-settings`, {
    enabled: true,
    timeZone: "Europe/Paris",
    days: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
    slotMinutes: 30,
    bufferMinutes: 0,
    daysAhead: 14,
    // Never a time that starts while the test books it.
    minNoticeMinutes: 60,
    agentIds: [],
  });
  const flow = {
    schemaVersion: 1,
    start: "ask-name",
    offerRequestsAnytime: false,
    steps: [
      { id: "ask-name", kind: "question", text: "What is your name?", field: "name", retryText: "", next: "ask-email" },
      { id: "ask-email", kind: "question", text: "And your email address?", field: "email", retryText: "", next: "book" },
      { id: "book", kind: "appointment", text: "Would you like to talk with us by video?", durationMinutes: 30, daysAhead: 14, next: "after" },
      // A step that waits: the conversation stays open, so a reload comes back to it.
      { id: "after", kind: "buttons", text: "Anything else?", choices: [{ id: "no", label: "No, thanks", next: "bye" }] },
      { id: "bye", kind: "end", text: "See you soon." },
    ],
  };
  await admin.call("PUT", `/api/interfaces/${iface.id}/flow`, { flow });
  await admin.call("POST", `/api/interfaces/${iface.id}/flow/publish`);
  return iface.id;
}

/** A visitor in New York (the browser's zone) with the widget open on the interface. */
async function visitorPage(): Promise<Page> {
  const context = await newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setTimezoneOverride", { timezoneId: VISITOR_ZONE });
  return page;
}

async function answer(frame: FrameLocator, text: string) {
  await frame.locator(".composer .field").fill(text);
  await frame.getByRole("button", { name: "Send" }).click();
}

/** Answers the bot's name and email questions and opens the slot picker. */
async function openPicker(frame: FrameLocator, name: string, email: string) {
  await frame.getByText("What is your name?").waitFor();
  await answer(frame, name);
  await frame.getByText("And your email address?").waitFor();
  await answer(frame, email);
  await frame.getByText("Would you like to talk with us by video?").waitFor();
  await frame.getByRole("button", { name: "Book a 30-minute appointment" }).click();
  const picker = frame.getByTestId("appointment-picker");
  await picker.getByRole("group", { name: "Days with free times" }).waitFor();
  return picker;
}

describe("booking an appointment in the widget", () => {
  let interfaceId: string;

  beforeAll(async () => {
    interfaceId = await interfaceWithAppointments();
  });

  it("a visitor picks a day and a time in their own zone, confirms the name and email the bot collected, and sees the confirmation with the call's link, again after a reload; a second visitor who had the same time on screen is told it was just taken and offered the others", async () => {
    const page = await visitorPage();
    const path = `/demo?interface=${interfaceId}`;
    const widget = await openWidget(page, path);
    const picker = await openPicker(widget, "Ana Lopez", "ana@example.com");

    // The times are the visitor's, their zone named; the team's differs and is said.
    const zone = picker.getByTestId("appointment-zone");
    expect(await zone.textContent()).toBe("Times in Eastern Time (America/New_York) The team’s times are in Central European Time (Europe/Paris).");
    // While the picker shows, it is what the visitor answers.
    expect(await widget.locator(".composer").isVisible()).toBe(false);

    // The days with free times (the next 14 at least), then the second day's times, as radios.
    const days = picker.getByRole("group", { name: "Days with free times" }).getByRole("radio");
    expect(await days.count()).toBeGreaterThanOrEqual(14);
    const day = days.nth(1);
    await day.check();
    const dayKey = await day.inputValue();
    const times = picker.getByRole("group", { name: /^Free times on / }).getByRole("radio");
    // Every half-hour of a whole day in New York is free (the team takes any hour).
    expect(await times.count()).toBe(48);
    const time = times.nth(20);
    await time.check();
    const startsAt = Number(await time.inputValue());
    expect(new Intl.DateTimeFormat("en-CA", { timeZone: VISITOR_ZONE }).format(startsAt)).toBe(dayKey);
    // 20 half-hours after midnight in New York: 10:00 AM there.
    expect(await time.evaluate((el) => el.parentElement?.textContent)).toBe("10:00 AM");

    // A second visitor has the same time on screen meanwhile (on a phone-sized window).
    const otherPage = await visitorPage();
    await otherPage.setViewportSize({ width: 375, height: 667 });
    const other = await openWidget(otherPage, path);
    const otherPicker = await openPicker(other, "Bo Chen", "bo@example.com");
    await otherPicker.locator(`input[name="booking-day"][value="${dayKey}"]`).check();
    await otherPicker.locator(`input[name="booking-time"][value="${startsAt}"]`).check();
    expect(await otherPicker.getByLabel("Your name").inputValue()).toBe("Bo Chen");

    // The details come filled in with what the bot collected; a bad address is pointed out first.
    const email = picker.getByLabel("Your email");
    expect(await picker.getByLabel("Your name").inputValue()).toBe("Ana Lopez");
    expect(await email.inputValue()).toBe("ana@example.com");
    await email.fill("ana@example");
    await picker.getByRole("button", { name: "Book this time" }).click();
    await picker.getByText("Enter a valid email address, like name@example.com.").waitFor();
    expect(await email.getAttribute("aria-invalid")).toBe("true");
    expect(await email.getAttribute("aria-describedby")).toBe("booking-email-error");
    await email.fill(" Ana@Example.com ");
    await picker.getByRole("button", { name: "Book this time" }).click();

    // Booked: the time in the visitor's zone, the address, the call's link; the bot moves on.
    const booked = widget.getByTestId("appointment-booked");
    await booked.waitFor();
    const when = new Intl.DateTimeFormat("en-US", { timeZone: VISITOR_ZONE, dateStyle: "full", timeStyle: "short" }).format(startsAt);
    expect(await booked.getByTestId("appointment-when").textContent()).toBe(when);
    await booked.getByText("A confirmation was emailed to ana@example.com.").waitFor();
    expect(await booked.getByTestId("appointment-join").getAttribute("href")).toMatch(/\/call\/[^/?]+\?t=/);
    await widget.getByText("Anything else?").waitFor();
    expect(await widget.getByTestId("appointment-picker").count()).toBe(0);

    // A reload brings the same conversation back, and the confirmation with it.
    const again = await openWidget(page, path);
    const bookedAgain = again.getByTestId("appointment-booked");
    await bookedAgain.waitFor();
    expect(await bookedAgain.getByTestId("appointment-when").textContent()).toBe(when);
    await bookedAgain.getByText("A confirmation was emailed to ana@example.com.").waitFor();

    // The second visitor books the time already taken: told so, and offered every other time of that day, not that one.
    await otherPicker.getByRole("button", { name: "Book this time" }).click();
    await otherPicker.getByText("Someone has just booked that time. Here are the times still free.").waitFor();
    const otherTimes = otherPicker.getByRole("group", { name: /^Free times on / }).getByRole("radio");
    await expect.poll(() => otherTimes.count()).toBe(47);
    expect(await otherPicker.locator(`input[name="booking-time"][value="${startsAt}"]`).count()).toBe(0);
    expect(await other.getByTestId("appointment-booked").count()).toBe(0);
    // Another time books, with the picker's next id.
    await otherTimes.nth(21).check();
    await otherPicker.getByRole("button", { name: "Book this time" }).click();
    await other.getByTestId("appointment-booked").getByText("A confirmation was emailed to bo@example.com.").waitFor();
  });
});
