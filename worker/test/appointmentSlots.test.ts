// The slot calculation (worker/src/appointments/slots.ts) on its own: weekly hours in the team's
// zone, clock-change days in Paris and New York, notice, days ahead, buffers and bookings.
import { describe, expect, it } from "vitest";
import { AppointmentSettingsSchema, type AppointmentSettings } from "@raibu/protocol/appointments";
import { freeSlots, offersSlot, type Slot } from "../src/appointments/slots";

const HOUR = 3_600_000;
const MINUTE = 60_000;

function settings(overrides: Partial<AppointmentSettings> = {}): AppointmentSettings {
  return AppointmentSettingsSchema.parse({ enabled: true, minNoticeMinutes: 0, bufferMinutes: 0, ...overrides });
}

/** Every day of the week open for `open`–`close`. */
function everyDay(open: string, close: string): AppointmentSettings["days"] {
  const range = () => [{ open, close }];
  return { mon: range(), tue: range(), wed: range(), thu: range(), fri: range(), sat: range(), sun: range() };
}

function sundays(open: string, close: string): AppointmentSettings["days"] {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [{ open, close }] };
}

/** A slot as the zone's clock reads its start, with the zone's abbreviation (02:30 CET vs 02:30 CEST). */
function local(slots: Slot[], timeZone: string): string[] {
  // Each zone's abbreviations are in its own English (en-GB names Paris's CET, en-US New York's EST).
  const f = new Intl.DateTimeFormat(timeZone.startsWith("America/") ? "en-US" : "en-GB", { timeZone, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZoneName: "short" });
  return slots.map((s) => f.format(s.startsAt));
}

function slotsOn(timeZone: string, now: number, days: AppointmentSettings["days"], overrides: Partial<AppointmentSettings> = {}) {
  return freeSlots({ settings: settings({ days, ...overrides }), timeZone, booked: [], now, from: now, to: now + 3 * 24 * HOUR });
}

function noOverlaps(slots: Slot[]) {
  for (let i = 1; i < slots.length; i++) expect(slots[i]!.startsAt).toBeGreaterThanOrEqual(slots[i - 1]!.endsAt);
  expect(new Set(slots.map((s) => s.startsAt)).size).toBe(slots.length);
}

describe("slots on clock-change days", () => {
  it("in Paris on the last Sunday of March no slot starts in the hour 02:00–03:00 that does not exist", () => {
    const now = Date.UTC(2027, 2, 27, 11); // Saturday noon in Paris
    const slots = slotsOn("Europe/Paris", now, sundays("01:00", "05:00"), { slotMinutes: 30 });
    expect(local(slots, "Europe/Paris")).toEqual(["28/03, 01:00 CET", "28/03, 01:30 CET", "28/03, 03:00 CEST", "28/03, 03:30 CEST", "28/03, 04:00 CEST", "28/03, 04:30 CEST"]);
    // 01:30 CET lasts its real 30 minutes, up to the jump.
    expect(slots[1]).toEqual({ startsAt: Date.UTC(2027, 2, 28, 0, 30), endsAt: Date.UTC(2027, 2, 28, 1, 0) });
    noOverlaps(slots);
  });

  it("in Paris on the last Sunday of October the hour 02:00–03:00 that happens twice gives each slot once", () => {
    const now = Date.UTC(2027, 9, 30, 10);
    const slots = slotsOn("Europe/Paris", now, sundays("01:00", "05:00"), { slotMinutes: 30 });
    expect(local(slots, "Europe/Paris")).toEqual([
      "31/10, 01:00 CEST",
      "31/10, 01:30 CEST",
      "31/10, 02:00 CEST",
      "31/10, 02:30 CEST",
      "31/10, 03:00 CET",
      "31/10, 03:30 CET",
      "31/10, 04:00 CET",
      "31/10, 04:30 CET",
    ]);
    expect(slots[2]!.startsAt).toBe(Date.UTC(2027, 9, 31, 0, 0));
    expect(slots[4]!.startsAt).toBe(Date.UTC(2027, 9, 31, 2, 0));
    noOverlaps(slots);
  });

  it("in New York on the second Sunday of March no slot starts in the skipped hour 02:00–03:00", () => {
    const now = Date.UTC(2027, 2, 13, 17); // Saturday noon in New York
    const slots = slotsOn("America/New_York", now, sundays("00:00", "04:00"), { slotMinutes: 60 });
    expect(local(slots, "America/New_York")).toEqual(["03/14, 00:00 EST", "03/14, 01:00 EST", "03/14, 03:00 EDT"]);
    expect(slots.map((s) => s.startsAt)).toEqual([Date.UTC(2027, 2, 14, 5), Date.UTC(2027, 2, 14, 6), Date.UTC(2027, 2, 14, 7)]);
    noOverlaps(slots);
  });

  it("in New York on the first Sunday of November the repeated hour 01:00–02:00 is offered once", () => {
    const now = Date.UTC(2027, 10, 6, 16);
    const slots = slotsOn("America/New_York", now, sundays("00:00", "04:00"), { slotMinutes: 60 });
    expect(local(slots, "America/New_York")).toEqual(["11/07, 00:00 EDT", "11/07, 01:00 EDT", "11/07, 02:00 EST", "11/07, 03:00 EST"]);
    expect(slots.map((s) => s.startsAt)).toEqual([Date.UTC(2027, 10, 7, 4), Date.UTC(2027, 10, 7, 5), Date.UTC(2027, 10, 7, 7), Date.UTC(2027, 10, 7, 8)]);
    noOverlaps(slots);
  });

  it("a range that closes inside the skipped hour keeps only the slots that end before the jump", () => {
    const now = Date.UTC(2027, 2, 27, 11);
    const slots = slotsOn("Europe/Paris", now, sundays("01:00", "02:30"), { slotMinutes: 30 });
    // 02:30 does not exist: the range closes at the jump (03:00 CEST = 01:00 UTC).
    expect(local(slots, "Europe/Paris")).toEqual(["28/03, 01:00 CET", "28/03, 01:30 CET"]);
  });
});

describe("slots in the team's zone", () => {
  it("the same weekly hours are different instants in Paris and New York, and the day is the team's local day", () => {
    const now = Date.UTC(2027, 0, 4, 0, 30); // Monday 01:30 in Paris, still Sunday evening in New York
    const days = { ...sundays("09:00", "10:00"), mon: [{ open: "09:00", close: "10:00" }] };
    const paris = freeSlots({ settings: settings({ days, daysAhead: 1 }), timeZone: "Europe/Paris", booked: [], now, from: now, to: now + 2 * 24 * HOUR });
    const newYork = freeSlots({ settings: settings({ days, daysAhead: 1 }), timeZone: "America/New_York", booked: [], now, from: now, to: now + 2 * 24 * HOUR });
    // Paris: today is Monday, 09:00 CET. New York: today is Sunday, but 09:00 EST has passed.
    expect(paris.map((s) => s.startsAt)).toEqual([Date.UTC(2027, 0, 4, 8), Date.UTC(2027, 0, 4, 8, 30)]);
    expect(newYork).toEqual([]);
  });

  it("a range that closes at 24:00 gives the day's last slot up to midnight", () => {
    const now = Date.UTC(2027, 0, 4, 12);
    const slots = slotsOn("UTC", now, everyDay("23:00", "24:00"), { daysAhead: 1, slotMinutes: 60 });
    expect(slots).toEqual([{ startsAt: Date.UTC(2027, 0, 4, 23), endsAt: Date.UTC(2027, 0, 5, 0) }]);
  });
});

describe("what a slot may not be", () => {
  const monday = Date.UTC(2027, 0, 4, 7, 50); // 08:50 in Paris

  it("minimum notice: nothing starts sooner than the notice from now", () => {
    const slots = slotsOn("Europe/Paris", monday, everyDay("09:00", "12:00"), { daysAhead: 1, minNoticeMinutes: 120 });
    expect(local(slots, "Europe/Paris")).toEqual(["04/01, 11:00 CET", "04/01, 11:30 CET"]);
  });

  it("days ahead: today counts as the first day, and nothing is offered past the last", () => {
    const slots = freeSlots({ settings: settings({ days: everyDay("09:00", "10:00"), daysAhead: 2, slotMinutes: 60 }), timeZone: "Europe/Paris", booked: [], now: monday, from: monday, to: monday + 30 * 24 * HOUR });
    expect(local(slots, "Europe/Paris")).toEqual(["04/01, 09:00 CET", "05/01, 09:00 CET"]);
  });

  it("buffers: each slot keeps the buffer free after it, and the last one still ends by the close", () => {
    const slots = slotsOn("Europe/Paris", monday, everyDay("09:00", "11:00"), { daysAhead: 1, bufferMinutes: 15 });
    expect(local(slots, "Europe/Paris")).toEqual(["04/01, 09:00 CET", "04/01, 09:45 CET", "04/01, 10:30 CET"]);
  });

  it("booked slots are removed, and so is a slot that would start within the buffer of a booked one", () => {
    const s = settings({ days: everyDay("09:00", "11:00"), daysAhead: 1, bufferMinutes: 15 });
    const nineFortyFive = Date.UTC(2027, 0, 4, 8, 45);
    const plain = freeSlots({ settings: s, timeZone: "Europe/Paris", booked: [{ startsAt: nineFortyFive, endsAt: nineFortyFive + 30 * MINUTE }], now: monday, from: monday, to: monday + HOUR * 24 });
    expect(local(plain, "Europe/Paris")).toEqual(["04/01, 09:00 CET", "04/01, 10:30 CET"]);
    // Booked before the grid changed, 09:20–09:50: it and its buffer overlap both 09:00 and 09:45.
    const offGrid = Date.UTC(2027, 0, 4, 8, 20);
    const moved = freeSlots({ settings: s, timeZone: "Europe/Paris", booked: [{ startsAt: offGrid, endsAt: offGrid + 30 * MINUTE }], now: monday, from: monday, to: monday + HOUR * 24 });
    expect(local(moved, "Europe/Paris")).toEqual(["04/01, 10:30 CET"]);
  });

  it("only the slots inside [from, to] are listed", () => {
    const slots = freeSlots({ settings: settings({ days: everyDay("09:00", "12:00") }), timeZone: "UTC", booked: [], now: Date.UTC(2027, 0, 4), from: Date.UTC(2027, 0, 5, 10), to: Date.UTC(2027, 0, 5, 11) });
    expect(slots).toEqual([
      { startsAt: Date.UTC(2027, 0, 5, 10), endsAt: Date.UTC(2027, 0, 5, 10, 30) },
      { startsAt: Date.UTC(2027, 0, 5, 10, 30), endsAt: Date.UTC(2027, 0, 5, 11) },
    ]);
  });

  it("offersSlot accepts a free slot's start and refuses an off-grid time, a booked slot and one in the skipped hour", () => {
    const base = { settings: settings({ days: everyDay("09:00", "12:00") }), timeZone: "UTC", booked: [{ startsAt: Date.UTC(2027, 0, 5, 9), endsAt: Date.UTC(2027, 0, 5, 9, 30) }], now: Date.UTC(2027, 0, 4) };
    expect(offersSlot(base, Date.UTC(2027, 0, 5, 10))).toEqual({ startsAt: Date.UTC(2027, 0, 5, 10), endsAt: Date.UTC(2027, 0, 5, 10, 30) });
    expect(offersSlot(base, Date.UTC(2027, 0, 5, 10, 10))).toBeNull();
    expect(offersSlot(base, Date.UTC(2027, 0, 5, 9))).toBeNull();
    const spring = { settings: settings({ days: sundays("01:00", "05:00") }), timeZone: "Europe/Paris", booked: [], now: Date.UTC(2027, 2, 27, 11) };
    // 03:00 CEST is offered; the instant is also "02:00 CET + 1 h", which the clock never reads.
    expect(offersSlot(spring, Date.UTC(2027, 2, 28, 1))).not.toBeNull();
    expect(offersSlot(spring, Date.UTC(2027, 2, 28, 1, 30))).not.toBeNull();
  });
});
