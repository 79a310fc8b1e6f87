// The dashboard's figures in words, decided without I/O (tested alone): the cards' numbers, the table's
// rows, the highlighted day's readout and how the arrow keys move it, the rebuild's progress.
import type { Lang } from "../../../../client/lang";
import type { Metrics, MetricsDay, MetricsRebuild } from "@raibu/protocol/metrics";
import { dayMs } from "./dashboardQuery";
import type { DashboardOwnText } from "./texts";

const number = (value: number, lang: Lang) => value.toLocaleString(lang);

/** The three cards' figures as shown: formatted in the page's language. */
export function cardFigures(metrics: Metrics, lang: Lang) {
  const totals = metrics.totals;
  return {
    responses: number(totals.responses, lang),
    live: number(totals.liveChats, lang),
    video: number(totals.videoChats, lang),
    takeovers: number(totals.takeovers, lang),
    // The server rounds to one decimal; a whole number is written without ",0".
    average: new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(metrics.averageResponsesPerDay),
    days: metrics.days.length,
    offline: number(totals.offlineMessages, lang),
  };
}

/** A day of the workspace as a short label ("Mon, Nov 23"), formatted at UTC midnight so the browser's zone never shifts it. */
export function dayLabel(day: string, lang: Lang, long = false): string {
  const options: Intl.DateTimeFormatOptions = long ? { weekday: "long", day: "numeric", month: "long", year: "numeric" } : { weekday: "short", day: "numeric", month: "short" };
  return new Intl.DateTimeFormat(lang, { ...options, timeZone: "UTC" }).format(dayMs(day));
}

/** The chart's axis label of a day: short, since 90 of them may share a phone's width. */
export function axisLabel(day: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", timeZone: "UTC" }).format(dayMs(day));
}

/** The range in words ("Nov 24, 2026 – Nov 30, 2026"), the workspace's days. */
export function rangeText(from: string, to: string, lang: Lang): string {
  const format = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return from === to ? format.format(dayMs(from)) : format.formatRange(dayMs(from), dayMs(to));
}

export interface TableRow {
  day: string;
  label: string;
  visitors: string;
  contacts: string;
}

/** The accessible table behind the chart: one row a day, oldest first, and the range's total. */
export function tableRows(metrics: Metrics, lang: Lang): { rows: TableRow[]; total: Omit<TableRow, "day" | "label"> } {
  return {
    rows: metrics.days.map((d) => ({ day: d.day, label: dayLabel(d.day, lang), visitors: number(d.visitors, lang), contacts: number(d.contacts, lang) })),
    total: { visitors: number(metrics.totals.visitors, lang), contacts: number(metrics.totals.contacts, lang) },
  };
}

/** What the highlighted day says, shown under the chart and announced. */
export function dayReadout(day: MetricsDay, t: DashboardOwnText, lang: Lang): string {
  return t("dashboard.dayValues", { day: dayLabel(day.day, lang, true), visitors: day.visitors, contacts: day.contacts });
}

/**
 * The highlighted day after a key on the focused chart: ← and → step a day, Home and End go to the
 * ends, and the first key lands on the last day (today's). `undefined`: the key is not the chart's.
 */
export function moveDay(index: number | null, key: string, count: number): number | undefined {
  if (count === 0) return undefined;
  const last = count - 1;
  switch (key) {
    case "ArrowLeft":
      return index === null ? last : Math.max(0, index - 1);
    case "ArrowRight":
      return index === null ? last : Math.min(last, index + 1);
    case "Home":
      return 0;
    case "End":
      return last;
    default:
      return undefined;
  }
}

/** Whether anything at all happened in the range: an empty range says so instead of a flat chart. */
export function hasActivity(metrics: Metrics): boolean {
  return Object.values(metrics.totals).some((value) => value > 0);
}

/** A time-zone change being applied, as its banner says it; `null` when there is none to show. */
export function rebuildBanner(rebuild: MetricsRebuild | null, t: DashboardOwnText, lang: Lang): { running: boolean; percent: number | null; text: string } | null {
  if (!rebuild || rebuild.status === "done") return null;
  if (rebuild.status === "failed") return { running: false, percent: null, text: t("dashboard.rebuildFailed", { zone: rebuild.timeZone }) };
  // Before the job has counted the events there is no fraction to show yet.
  if (rebuild.total === 0) return { running: true, percent: null, text: t("dashboard.rebuildStarting", { zone: rebuild.timeZone }) };
  const percent = rebuild.total > 0 ? Math.min(100, Math.floor((rebuild.done / rebuild.total) * 100)) : 0;
  return { running: true, percent, text: t("dashboard.rebuild", { zone: rebuild.timeZone, done: number(rebuild.done, lang), total: number(rebuild.total, lang), percent }) };
}
