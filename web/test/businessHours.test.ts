// Business hours: the week's ranges checked as the API checks them, and the time-zone arithmetic
// across Paris's clock changes (29 March 2026: 02:00 → 03:00; 25 October 2026: 03:00 → 02:00).
import { describe, expect, it } from "vitest";
import {
  BusinessHoursSchema,
  defaultBusinessHours,
  emptyWeek,
  hoursProblems,
  openNow,
  TimeZoneSchema,
  wallClock,
  zonedInstant,
  zoneOffset,
  type BusinessHours,
} from "@raibu/protocol/businessHours";
import { checkHours, hoursFormFrom, nextRange } from "../src/lib/interfaceForm";

const PARIS = "Europe/Paris";
const utc = (iso: string) => Date.parse(`${iso}Z`);
const HOUR = 3_600_000;

/** Monday to Friday 9–17 (with the given changes), on. */
function weekdays(change: Partial<BusinessHours["days"]> = {}): BusinessHours {
  const base = defaultBusinessHours();
  return { enabled: true, days: { ...base.days, ...change } };
}

describe("time-zone arithmetic", () => {
  it("Paris is one hour ahead of UTC in winter and two in summer, changing at 01:00 UTC on the last Sundays of March and October", () => {
    expect(zoneOffset(utc("2026-03-29T00:59:00"), PARIS)).toBe(HOUR);
    expect(zoneOffset(utc("2026-03-29T01:00:00"), PARIS)).toBe(2 * HOUR);
    expect(zoneOffset(utc("2026-10-25T00:59:00"), PARIS)).toBe(2 * HOUR);
    expect(zoneOffset(utc("2026-10-25T01:00:00"), PARIS)).toBe(HOUR);
  });

  it("09:00 in Paris is 08:00 UTC in winter and 07:00 UTC in summer", () => {
    expect(zonedInstant(2026, 1, 15, 9 * 60, PARIS)).toBe(utc("2026-01-15T08:00:00"));
    expect(zonedInstant(2026, 7, 15, 9 * 60, PARIS)).toBe(utc("2026-07-15T07:00:00"));
  });

  it("a time the clocks jump over in March opens at the jump (02:30 → 01:00 UTC, when Paris reads 03:00)", () => {
    expect(zonedInstant(2026, 3, 29, 2 * 60 + 30, PARIS)).toBe(utc("2026-03-29T01:00:00"));
    expect(wallClock(utc("2026-03-29T01:00:00"), PARIS)).toMatchObject({ day: 29, minutes: 3 * 60 });
  });

  it("a time that happens twice in October is its first occurrence", () => {
    expect(zonedInstant(2026, 10, 25, 2 * 60 + 30, PARIS)).toBe(utc("2026-10-25T00:30:00"));
  });

  it("reads the wall clock's weekday and minutes in the zone, not in UTC", () => {
    // Sunday 23:30 UTC is already Monday 00:30 in Paris in winter.
    expect(wallClock(utc("2026-01-04T23:30:00"), PARIS)).toEqual({ year: 2026, month: 1, day: 5, weekday: "mon", minutes: 30 });
    expect(wallClock(utc("2026-01-05T04:30:00"), "America/New_York")).toMatchObject({ day: 4, weekday: "sun", minutes: 23 * 60 + 30 });
  });
});

describe("open now", () => {
  it("with hours off, the team is always open", () => {
    expect(openNow({ ...weekdays(), enabled: false }, PARIS, utc("2026-01-04T03:00:00"))).toEqual({ open: true });
  });

  it("opens at 09:00 and closes at 17:00 Paris time whatever the season (the close is exclusive)", () => {
    const hours = weekdays();
    // Friday 27 March (winter): 09:00 is 08:00 UTC.
    expect(openNow(hours, PARIS, utc("2026-03-27T07:59:00")).open).toBe(false);
    expect(openNow(hours, PARIS, utc("2026-03-27T08:00:00")).open).toBe(true);
    expect(openNow(hours, PARIS, utc("2026-03-27T15:59:00")).open).toBe(true);
    expect(openNow(hours, PARIS, utc("2026-03-27T16:00:00")).open).toBe(false);
    // Monday 30 March (summer): 09:00 is 07:00 UTC.
    expect(openNow(hours, PARIS, utc("2026-03-30T06:59:00")).open).toBe(false);
    expect(openNow(hours, PARIS, utc("2026-03-30T07:00:00")).open).toBe(true);
    expect(openNow(hours, PARIS, utc("2026-03-30T14:59:00")).open).toBe(true);
    expect(openNow(hours, PARIS, utc("2026-03-30T15:00:00")).open).toBe(false);
  });

  it("closed over the March weekend, it opens again on Monday at 09:00 summer time", () => {
    expect(openNow(weekdays(), PARIS, utc("2026-03-28T20:00:00"))).toEqual({ open: false, opensAt: utc("2026-03-30T07:00:00") });
  });

  it("closed over the October weekend, it opens again on Monday at 09:00 winter time", () => {
    expect(openNow(weekdays(), PARIS, utc("2026-10-24T20:00:00"))).toEqual({ open: false, opensAt: utc("2026-10-26T08:00:00") });
  });

  it("before the day's second range, it opens at that range; after the last, on the next open day", () => {
    const hours = weekdays({ wed: [{ open: "14:00", close: "18:00" }, { open: "08:30", close: "12:00" }] });
    // Wednesday 7 January 2026, 12:30 in Paris.
    expect(openNow(hours, PARIS, utc("2026-01-07T11:30:00"))).toEqual({ open: false, opensAt: utc("2026-01-07T13:00:00") });
    expect(openNow(hours, PARIS, utc("2026-01-07T07:00:00"))).toEqual({ open: false, opensAt: utc("2026-01-07T07:30:00") });
    expect(openNow(hours, PARIS, utc("2026-01-07T17:30:00"))).toEqual({ open: false, opensAt: utc("2026-01-08T08:00:00") });
  });

  it("a range to 24:00 is open until midnight, and a week with no hours never opens", () => {
    const late = weekdays({ fri: [{ open: "20:00", close: "24:00" }] });
    expect(openNow(late, PARIS, utc("2026-01-09T22:59:00")).open).toBe(true);
    expect(openNow(late, PARIS, utc("2026-01-09T23:00:00")).open).toBe(false);
    expect(openNow({ enabled: true, days: emptyWeek() }, PARIS, utc("2026-01-09T12:00:00"))).toEqual({ open: false, opensAt: null });
  });
});

describe("checking the week", () => {
  it("flags a range that closes before or when it opens", () => {
    expect(hoursProblems({ ...emptyWeek(), mon: [{ open: "17:00", close: "09:00" }], tue: [{ open: "10:00", close: "10:00" }] })).toEqual([
      { day: "mon", index: 0, code: "close_before_open" },
      { day: "tue", index: 0, code: "close_before_open" },
    ]);
  });

  it("flags the later of two overlapping ranges, and lets ranges touch", () => {
    expect(hoursProblems({ ...emptyWeek(), mon: [{ open: "13:00", close: "18:00" }, { open: "09:00", close: "13:30" }] })).toEqual([{ day: "mon", index: 1, code: "overlap" }]);
    expect(hoursProblems({ ...emptyWeek(), mon: [{ open: "09:00", close: "12:00" }, { open: "12:00", close: "17:00" }] })).toEqual([]);
  });

  it("the schema refuses bad times, closes before opens and overlaps, naming the day and range", () => {
    expect(BusinessHoursSchema.safeParse({ enabled: true, days: { mon: [{ open: "9:00", close: "17:00" }] } }).success).toBe(false);
    expect(BusinessHoursSchema.safeParse({ enabled: true, days: { mon: [{ open: "09:00", close: "24:01" }] } }).success).toBe(false);
    const overlap = BusinessHoursSchema.safeParse({ enabled: true, days: { fri: [{ open: "09:00", close: "12:00" }, { open: "11:00", close: "15:00" }] } });
    expect(overlap.success).toBe(false);
    expect(overlap.error!.issues[0]!.path).toEqual(["days", "fri", 1, "open"]);
    const parsed = BusinessHoursSchema.parse({ enabled: true, days: { sat: [{ open: "10:00", close: "24:00" }] } });
    expect(parsed.days).toEqual({ ...emptyWeek(), sat: [{ open: "10:00", close: "24:00" }] });
    expect(BusinessHoursSchema.parse({})).toEqual({ enabled: false, days: emptyWeek() });
  });

  it("a time zone must be one the runtime knows, and is stored in its own spelling", () => {
    expect(TimeZoneSchema.parse("europe/paris")).toBe(PARIS);
    expect(TimeZoneSchema.parse("UTC")).toBe("UTC");
    expect(TimeZoneSchema.safeParse("Mars/Olympus_Mons").success).toBe(false);
    expect(TimeZoneSchema.safeParse("").success).toBe(false);
  });
});

describe("the business hours editor's form", () => {
  const form = (days: Partial<BusinessHours["days"]>, timeZone = PARIS) => ({ enabled: true, timeZone, days: { ...emptyWeek(), ...days } });

  it("shows a range that closes at midnight as closing at 00:00, and saves 00:00 as midnight", () => {
    const shown = hoursFormFrom({ enabled: true, days: { ...emptyWeek(), fri: [{ open: "18:00", close: "24:00" }] } }, PARIS);
    expect(shown.days.fri).toEqual([{ open: "18:00", close: "00:00" }]);
    expect(checkHours(shown).hours).toEqual({ enabled: true, days: { ...emptyWeek(), fri: [{ open: "18:00", close: "24:00" }] } });
    expect(checkHours(form({ sun: [{ open: "00:00", close: "00:00" }] })).hours?.days.sun).toEqual([{ open: "00:00", close: "24:00" }]);
  });

  it("flags the range at fault by its row: an empty time, a close before the open, an overlap after an empty row", () => {
    const checked = checkHours(
      form({
        mon: [{ open: "", close: "12:00" }],
        tue: [{ open: "17:00", close: "09:00" }],
        wed: [{ open: "09:00", close: "12:00" }, { open: "", close: "" }, { open: "11:00", close: "15:00" }],
      }),
    );
    expect(checked.hours).toBeNull();
    expect(checked.problems).toEqual({ "mon:0": "missing_time", "tue:0": "close_before_open", "wed:1": "missing_time", "wed:2": "overlap" });
  });

  it("refuses a time zone the browser does not know, and accepts a good week", () => {
    expect(checkHours(form({}, "Paris")).timeZoneInvalid).toBe(true);
    const ok = checkHours(form({ mon: [{ open: "09:00", close: "12:00" }, { open: "13:00", close: "17:30" }] }));
    expect(ok).toMatchObject({ problems: {}, timeZoneInvalid: false, hours: { enabled: true } });
  });

  it("a range added to a day starts an hour after the day's last one, or 9 to 17 on a closed day", () => {
    expect(nextRange([])).toEqual({ open: "09:00", close: "17:00" });
    expect(nextRange([{ open: "08:00", close: "12:00" }])).toEqual({ open: "13:00", close: "17:00" });
  });
});
