// A chat interface's weekly business hours in the team's time zone: the schema the API, the
// console's editor and the conversation object share, and the time-zone arithmetic (Intl only,
// so DST changes are the runtime's tz database's, not ours) that says whether the team works now.
import { z } from "zod";

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** "HH:MM", 00:00 to 24:00 (24:00 closes at midnight). */
const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
export const TimeOfDaySchema = z.string().regex(TIME, { error: "Times are written HH:MM, from 00:00 to 24:00." });

/** Open from `open` to `close` the same day; a night that runs past midnight is two ranges on two days. */
export const OpenRangeSchema = z.object({ open: TimeOfDaySchema, close: TimeOfDaySchema });
export type OpenRange = z.infer<typeof OpenRangeSchema>;

/** At most this many ranges a day (a split shift, a lunch break…). */
export const MAX_RANGES_PER_DAY = 4;

export type WeekHours = Record<Weekday, OpenRange[]>;

export type HoursProblemCode = "close_before_open" | "overlap";
export interface HoursProblem {
  day: Weekday;
  /** The range at fault, in the day's list as given. */
  index: number;
  code: HoursProblemCode;
}

const DayRangesSchema = z.array(OpenRangeSchema).max(MAX_RANGES_PER_DAY, { error: `At most ${MAX_RANGES_PER_DAY} ranges a day.` }).default([]);

export const BusinessHoursSchema = z
  .object({
    /** Off: the team is reachable whenever an agent is online. */
    enabled: z.boolean().default(false),
    days: z.object(Object.fromEntries(WEEKDAYS.map((day) => [day, DayRangesSchema])) as Record<Weekday, typeof DayRangesSchema>).default(emptyWeek()),
  })
  .superRefine((hours, ctx) => {
    for (const problem of hoursProblems(hours.days)) {
      ctx.addIssue({
        code: "custom",
        path: ["days", problem.day, problem.index, problem.code === "overlap" ? "open" : "close"],
        message: problem.code === "overlap" ? `On ${problem.day}, two ranges overlap.` : `On ${problem.day}, a range closes before it opens.`,
        params: { code: problem.code, facts: { day: problem.day, index: problem.index } },
      });
    }
  });
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

export function emptyWeek(): WeekHours {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

/** The hours a new interface starts with when the admin turns them on: weekdays 9 to 17. */
export function defaultBusinessHours(): BusinessHours {
  const nineToFive = () => [{ open: "09:00", close: "17:00" }];
  return { enabled: false, days: { mon: nineToFive(), tue: nineToFive(), wed: nineToFive(), thu: nineToFive(), fri: nineToFive(), sat: [], sun: [] } };
}

export function minutesOf(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return h! * 60 + m!;
}

/** What is wrong with a week's ranges: a range that does not close after it opens, or one that overlaps another of its day. */
export function hoursProblems(days: WeekHours): HoursProblem[] {
  const problems: HoursProblem[] = [];
  for (const day of WEEKDAYS) {
    const ranges = days[day].map((range, index) => ({ index, open: minutesOf(range.open), close: minutesOf(range.close) }));
    for (const r of ranges) if (r.close <= r.open) problems.push({ day, index: r.index, code: "close_before_open" });
    const valid = ranges.filter((r) => r.close > r.open).sort((a, b) => a.open - b.open || a.index - b.index);
    // Touching ranges (9–12, 12–17) are fine; a range that starts before the previous one closes is not.
    for (let i = 1; i < valid.length; i++) {
      const overlapping = valid.slice(0, i).find((earlier) => earlier.close > valid[i]!.open);
      if (overlapping) problems.push({ day, index: Math.max(overlapping.index, valid[i]!.index), code: "overlap" });
    }
  }
  return problems;
}

// ---- Time zones ----

/** Whether the runtime knows `zone` as an IANA time zone (or UTC). */
export function isTimeZone(zone: string): boolean {
  return canonicalTimeZone(zone) !== null;
}

/** The runtime's own spelling of `zone` ("europe/paris" → "Europe/Paris"), or null when it does not know it. */
export function canonicalTimeZone(zone: string): string | null {
  if (!zone || zone.length > 64) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export const TimeZoneSchema = z
  .string()
  .trim()
  .max(64)
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical) return canonical;
    ctx.addIssue({ code: "custom", message: `"${zone}" is not a time zone; use an IANA name like Europe/Paris.`, params: { code: "invalid_time_zone", facts: { timeZone: zone } } });
    return z.NEVER;
  });

/** A moment as a wall clock in a zone: its calendar date, weekday and minutes since local midnight. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  weekday: Weekday;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAY_OF: Record<string, Weekday> = { Mon: "mon", Tue: "tue", Wed: "wed", Thu: "thu", Fri: "fri", Sat: "sat", Sun: "sun" };

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(instant: number, timeZone: string) {
  const out: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) out[part.type] = part.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    weekday: WEEKDAY_OF[out.weekday!]!,
    hour: Number(out.hour) % 24,
    minute: Number(out.minute),
    second: Number(out.second),
  };
}

export function wallClock(instant: number, timeZone: string): WallClock {
  const p = parts(instant, timeZone);
  return { year: p.year, month: p.month, day: p.day, weekday: p.weekday, minutes: p.hour * 60 + p.minute };
}

/** How far the zone's wall clock is ahead of UTC at `instant`, in ms (Paris: 1 h in winter, 2 h in summer). */
export function zoneOffset(instant: number, timeZone: string): number {
  const whole = Math.floor(instant / 1000) * 1000;
  const p = parts(whole, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - whole;
}

const DAY_MS = 86_400_000;

/**
 * The first moment the zone's clock reads `minutes` (or later) on the local date given: the
 * earlier of the two when the clocks go back and the time happens twice, the moment the clocks
 * jump when they go forward over it.
 */
export function zonedInstant(year: number, month: number, day: number, minutes: number, timeZone: string): number {
  const local = Date.UTC(year, month - 1, day, 0, minutes);
  const candidates = [...new Set([zoneOffset(local - DAY_MS, timeZone), zoneOffset(local + DAY_MS, timeZone)])].map((offset) => local - offset).sort((a, b) => a - b);
  const target = Date.UTC(year, month - 1, day, 0, minutes);
  const reads = (instant: number) => {
    const w = wallClock(instant, timeZone);
    return Date.UTC(w.year, w.month - 1, w.day, 0, w.minutes);
  };
  const exact = candidates.find((instant) => reads(instant) === target);
  if (exact !== undefined) return exact;
  // In the gap the clocks jump over: the first minute whose wall clock is at or past the target.
  let [lo, hi] = [candidates[0]!, candidates[candidates.length - 1]!];
  if (reads(hi) < target) return hi;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (reads(mid) >= target) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Whether the team works now: always, when hours are off. */
export type OpenNow = { open: true } | { open: false; opensAt: number | null };

/** Open at `now` by `hours` in `timeZone`; when closed, when it opens next (within the coming week; null if never). */
export function openNow(hours: BusinessHours, timeZone: string, now: number): OpenNow {
  if (!hours.enabled) return { open: true };
  const wall = wallClock(now, timeZone);
  if (hours.days[wall.weekday].some((r) => minutesOf(r.open) <= wall.minutes && wall.minutes < minutesOf(r.close))) return { open: true };
  return { open: false, opensAt: nextOpening(hours, timeZone, now) };
}

function nextOpening(hours: BusinessHours, timeZone: string, now: number): number | null {
  const today = wallClock(now, timeZone);
  let best: number | null = null;
  for (let ahead = 0; ahead <= 7 && best === null; ahead++) {
    // Calendar arithmetic on the local date, done in UTC where every day has 24 hours.
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + ahead));
    const weekday = WEEKDAYS[(date.getUTCDay() + 6) % 7]!;
    for (const range of hours.days[weekday]) {
      if (minutesOf(range.close) <= minutesOf(range.open)) continue;
      const at = zonedInstant(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), minutesOf(range.open), timeZone);
      if (at > now && (best === null || at < best)) best = at;
    }
  }
  return best;
}
