import { describe, expect, it } from "vitest";
import { BookingBodySchema } from "@raibu/protocol/appointments";
import { ApiError, networkError } from "../../client/apiError";
import { allSlots, bookingBody, bookingFailure, checkBooking, dayKey, nextBookingId, slotDays, zoneName, zonesDiffer } from "../src/app/booking";
import { bookingDictionaries } from "../src/app/bookingTexts";

const HOUR = 3_600_000;
/** Tuesday 1 December 2026, 00:00 UTC. */
const DEC_1 = Date.UTC(2026, 11, 1);
const slot = (startsAt: number) => ({ startsAt, endsAt: startsAt + HOUR / 2 });

describe("the free slots by day", () => {
  it("are grouped by the day they start on in the visitor's zone, soonest first, days without a slot left out", () => {
    // 23:30 UTC on 1 December is already 2 December in Paris, still 1 December in New York.
    const slots = [slot(DEC_1 + 23.5 * HOUR), slot(DEC_1 + 9 * HOUR), slot(DEC_1 + 48 * HOUR + 15 * HOUR)];
    expect(slotDays(slots, "Europe/Paris").map((d) => [d.key, d.slots.map((s) => s.startsAt)])).toEqual([
      ["2026-12-01", [DEC_1 + 9 * HOUR]],
      ["2026-12-02", [DEC_1 + 23.5 * HOUR]],
      ["2026-12-03", [DEC_1 + 63 * HOUR]],
    ]);
    expect(slotDays(slots, "America/New_York").map((d) => [d.key, d.slots.length])).toEqual([
      ["2026-12-01", 2],
      ["2026-12-03", 1],
    ]);
    expect(slotDays([], "Europe/Paris")).toEqual([]);
  });

  it("cut days on the zone's own midnight across a clock change (Paris, 25 October 2026)", () => {
    // 22:30 UTC on 24 October is 00:30 on the 25th in Paris (summer time, +2); 23:30 UTC on the 25th is 00:30 on the 26th (winter time, +1).
    expect(dayKey(Date.UTC(2026, 9, 24, 22, 30), "Europe/Paris")).toBe("2026-10-25");
    expect(dayKey(Date.UTC(2026, 9, 25, 22, 30), "Europe/Paris")).toBe("2026-10-25");
    expect(dayKey(Date.UTC(2026, 9, 25, 23, 30), "Europe/Paris")).toBe("2026-10-26");
  });
});

describe("time zones", () => {
  it("a zone is named in the visitor's language, by its IANA name when it has no name of its own", () => {
    expect(zoneName("Europe/Paris", "en")).toBe("Central European Time");
    expect(zoneName("Europe/Paris", "fr")).toBe("heure d’Europe centrale");
    expect(zoneName("America/New_York", "en")).toBe("Eastern Time");
    expect(zoneName("Etc/GMT-3", "en")).toBe("Etc/GMT-3");
    expect(zoneName("Not/AZone", "en")).toBe("Not/AZone");
  });

  it("the team's zone differs from the visitor's only when their clocks read differently at the slots", () => {
    const winter = [slot(DEC_1 + 9 * HOUR)];
    const summer = [slot(Date.UTC(2026, 6, 1, 9))];
    expect(zonesDiffer("Europe/Paris", "Europe/Paris", winter)).toBe(false);
    expect(zonesDiffer("Europe/Berlin", "Europe/Paris", winter)).toBe(false);
    expect(zonesDiffer("America/New_York", "Europe/Paris", winter)).toBe(true);
    // London and UTC read the same in winter, not in summer.
    expect(zonesDiffer("Europe/London", "UTC", winter)).toBe(false);
    expect(zonesDiffer("Europe/London", "UTC", [...winter, ...summer])).toBe(true);
    // No team zone said: nothing to compare with.
    expect(zonesDiffer("Europe/Paris", "", winter)).toBe(false);
  });
});

describe("the booking form", () => {
  it("accepts and refuses exactly what BookingBodySchema accepts and refuses", () => {
    const cases = [
      { name: "Ana", email: "ana@example.com" },
      { name: "  Ana  ", email: " Ana.Lopez@Example.COM " },
      { name: "", email: "ana@example.com" },
      { name: "   ", email: "ana@example.com" },
      { name: "Ana", email: "" },
      { name: "Ana", email: "ana@example" },
      { name: "Ana", email: "ana example@example.com" },
      { name: "A".repeat(80), email: "ana@example.com" },
      { name: "A".repeat(81), email: "ana@example.com" },
      { name: "Ana", email: `${"a".repeat(250)}@example.com` },
    ];
    for (const values of cases) {
      const widgetTakes = Object.keys(checkBooking(values)).length === 0;
      const schemaTakes = BookingBodySchema.safeParse(bookingBody("booking-1", slot(DEC_1), values, "Europe/Paris")).success;
      expect(widgetTakes, JSON.stringify(values)).toBe(schemaTakes);
    }
  });

  it("says what is wrong with each field as facts", () => {
    expect(checkBooking({ name: " ", email: "" })).toEqual({ name: { code: "required" }, email: { code: "required" } });
    expect(checkBooking({ name: "A".repeat(83), email: "ana@example" })).toEqual({ name: { code: "tooLong", max: 80, over: 3 }, email: { code: "email" } });
    expect(checkBooking({ name: "Ana", email: "ana@example.com" })).toEqual({});
  });

  it("sends the slot's start, the values trimmed, the address lowercased and the visitor's zone", () => {
    const body = bookingBody("booking-1", slot(DEC_1 + 9 * HOUR), { name: " Ana Lopez ", email: " Ana@Example.com" }, "America/New_York");
    expect(body).toEqual({ id: "booking-1", startsAt: DEC_1 + 9 * HOUR, name: "Ana Lopez", email: "ana@example.com", timeZone: "America/New_York" });
    expect(BookingBodySchema.parse(body)).toEqual(body);
  });
});

describe("a failed booking", () => {
  it("is read from the server's code: someone else got the slot (or it is no longer offered), booking is off, offline, too many tries, anything else", () => {
    expect(bookingFailure(new ApiError(409, "slot_taken", "Taken."))).toBe("slotTaken");
    expect(bookingFailure(new ApiError(409, "slot_unavailable", "Not offered."))).toBe("slotTaken");
    expect(bookingFailure(new ApiError(409, "appointments_off", "Off."))).toBe("appointmentsOff");
    expect(bookingFailure(networkError())).toBe("bookNetwork");
    expect(bookingFailure(new ApiError(429, "rate_limited", "Slow down.", {}, 2000))).toBe("bookRateLimited");
    expect(bookingFailure(new ApiError(500, "internal", "Oops."))).toBe("bookFailed");
    expect(bookingFailure(new Error("boom"))).toBe("bookFailed");
  });

  it("keeps its id for the next try when it may have reached the server, so the server books once; a refusal booked nothing and takes a new one", () => {
    for (const failure of ["bookNetwork", "bookRateLimited", "bookFailed"] as const) expect(nextBookingId("booking-1", failure)).toBe("booking-1");
    for (const failure of ["slotTaken", "appointmentsOff"] as const) {
      const next = nextBookingId("booking-1", failure);
      expect(next).not.toBe("booking-1");
      expect(BookingBodySchema.shape.id.safeParse(next).success).toBe(true);
    }
  });
});

describe("the booking's texts", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]).sort();

  it("exist in English and French with the same keys and placeholders, none empty", () => {
    expect(Object.keys(bookingDictionaries.fr).sort()).toEqual(Object.keys(bookingDictionaries.en).sort());
    for (const [key, english] of Object.entries(bookingDictionaries.en)) {
      const french = bookingDictionaries.fr[key as keyof typeof bookingDictionaries.en];
      expect(french.trim(), key).not.toBe("");
      expect(placeholders(french), key).toEqual(placeholders(english));
    }
  });
});

describe("the free slots the picker shows", () => {
  const DAY = 86_400_000;
  const now = Date.UTC(2026, 11, 1, 8);
  const list = (slotsUpTo: number) => {
    const asked: Array<[number, number]> = [];
    const fetch = async (from: number, to: number) => {
      asked.push([from, to]);
      const slots = [];
      for (let at = from + DAY / 2; at < Math.min(to, now + slotsUpTo * DAY); at += DAY) slots.push({ startsAt: at, endsAt: at + 1_800_000 });
      return { timeZone: "Europe/Paris", slotMinutes: 30, slots };
    };
    return { asked, fetch };
  };

  it("are asked 31 days at a time up to 90 days ahead, so an interface open 90 days ahead shows them all", async () => {
    const { asked, fetch } = list(90);
    const found = await allSlots(now, fetch);
    expect(asked).toEqual([
      [now, now + 31 * DAY],
      [now + 31 * DAY, now + 62 * DAY],
      [now + 62 * DAY, now + 90 * DAY],
    ]);
    expect(found.slots).toHaveLength(90);
    expect(new Set(found.slots.map((s) => s.startsAt)).size).toBe(90);
  });

  it("stop at the first list that comes back empty: past the interface's own « how far ahead »", async () => {
    const { asked, fetch } = list(14);
    const found = await allSlots(now, fetch);
    expect(asked).toHaveLength(2);
    expect(found.slots).toHaveLength(14);
  });
});
