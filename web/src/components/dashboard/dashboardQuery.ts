// The dashboard's filters as data: read from and written to the page's address (a reload or « back »
// keeps them), the date presets turned into days of the workspace's zone, a custom range checked, and
// GET /api/metrics's query. No I/O here.
import type { MetricsQuery } from "@raibu/protocol/metrics";

// protocol/metrics.ts's limit, written again so the page's chunk does not carry zod (that module builds
// its schemas as it loads); web/test/dashboardQuery.test.ts checks they are the same.
export const MAX_RANGE_DAYS = 731;

export const RANGE_PRESETS = ["last7", "last30", "last90", "thisMonth", "lastMonth", "custom"] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_PRESET: RangePreset = "last7";

export interface DashboardFilters {
  range: RangePreset;
  /** Inclusive days (YYYY-MM-DD), only with `range` "custom". */
  from: string;
  to: string;
  /** "" for all interfaces. */
  interfaceId: string;
}

export const DEFAULT_FILTERS: DashboardFilters = { range: DEFAULT_PRESET, from: "", to: "", interfaceId: "" };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

type SearchValue = string | string[] | undefined;
const one = (value: SearchValue) => (Array.isArray(value) ? value[0] : value) ?? "";
const isPreset = (value: string): value is RangePreset => (RANGE_PRESETS as readonly string[]).includes(value);

/** A day's midnight in UTC: days are names here, never instants of the browser's zone. */
export const dayMs = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** `day` moved by `days` calendar days. */
export const addDays = (day: string, days: number) => dayOf(dayMs(day) + days * DAY_MS);
/** How many days an inclusive range holds. */
export const daysIn = (from: string, to: string) => Math.round((dayMs(to) - dayMs(from)) / DAY_MS) + 1;
const isDay = (value: string) => DAY.test(value) && dayOf(dayMs(value)) === value;

/** Today in `timeZone` (YYYY-MM-DD): the workspace's day, where presets end. */
export function todayIn(timeZone: string, now: number): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return dayOf(now);
  }
}

export type RangeProblem = { key: "dashboard.invalid.from" | "dashboard.invalid.to" | "dashboard.invalid.order" } | { key: "dashboard.invalid.tooLong"; days: number } | { key: "dashboard.invalid.future"; today: string };

/** What is wrong with a custom range (null: nothing), in the order an agent fixes it. */
export function checkRange(from: string, to: string, today: string): RangeProblem | null {
  if (!isDay(from)) return { key: "dashboard.invalid.from" };
  if (!isDay(to)) return { key: "dashboard.invalid.to" };
  if (from > to) return { key: "dashboard.invalid.order" };
  if (to > today) return { key: "dashboard.invalid.future", today };
  if (daysIn(from, to) > MAX_RANGE_DAYS) return { key: "dashboard.invalid.tooLong", days: MAX_RANGE_DAYS };
  return null;
}

/** The filters an address names. Anything malformed (a hand-edited link) falls back to the default week, never sent. */
export function filtersFromSearch(search: Record<string, SearchValue>): DashboardFilters {
  const range = one(search.range);
  const from = one(search.from);
  const to = one(search.to);
  const interfaceId = one(search.interface).slice(0, 64);
  // A custom range is named by its two days alone (?from=&to=); checked against the far future only,
  // since "today" moves: the server answers for any range it accepts.
  if ((range === "" || range === "custom") && from && to && checkRange(from, to, "9999-12-31") === null) return { range: "custom", from, to, interfaceId };
  return { range: isPreset(range) && range !== "custom" ? range : DEFAULT_PRESET, from: "", to: "", interfaceId };
}

/** The address's search parameters; `undefined` removes one (the router's convention). The default week stays out of it. */
export function filtersToSearch(filters: DashboardFilters): Record<string, string | undefined> {
  const custom = filters.range === "custom";
  return {
    range: custom || filters.range === DEFAULT_PRESET ? undefined : filters.range,
    from: custom ? filters.from : undefined,
    to: custom ? filters.to : undefined,
    interface: filters.interfaceId || undefined,
  };
}

/** The days a preset covers on `today` (the workspace's), both ends included. */
export function presetDays(range: Exclude<RangePreset, "custom">, today: string): { from: string; to: string } {
  switch (range) {
    case "last7":
      return { from: addDays(today, -6), to: today };
    case "last30":
      return { from: addDays(today, -29), to: today };
    case "last90":
      return { from: addDays(today, -89), to: today };
    case "thisMonth":
      return { from: `${today.slice(0, 8)}01`, to: today };
    case "lastMonth": {
      const lastDay = addDays(`${today.slice(0, 8)}01`, -1);
      return { from: `${lastDay.slice(0, 8)}01`, to: lastDay };
    }
  }
}

/** The days the filters cover, presets computed in the workspace's zone at `now`. */
export function rangeDays(filters: DashboardFilters, timeZone: string, now: number): { from: string; to: string } {
  if (filters.range === "custom") return { from: filters.from, to: filters.to };
  return presetDays(filters.range, todayIn(timeZone, now));
}

/** GET /api/metrics's query for the filters. */
export function metricsQuery(filters: DashboardFilters, timeZone: string, now: number): MetricsQuery {
  const query: MetricsQuery = rangeDays(filters, timeZone, now);
  if (filters.interfaceId) query.interfaceId = filters.interfaceId;
  return query;
}
