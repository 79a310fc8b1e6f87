// The dashboard's figures for a range of days: the day sums of metric_daily read down its primary
// key (workspace, day, interface), so a query costs O(days × interfaces) whatever the events number.
import { and, eq, sql } from "drizzle-orm";
import { MAX_RANGE_DAYS, type Metrics, type MetricsDay, type MetricsQuery } from "@raibu/protocol/metrics";
import { getDb, type Database } from "../db/client";
import { chatInterfaces, metricRebuilds, workspaces } from "../db/schema";
import type { Env } from "../env";
import { ApiError, notFound } from "../lib/errors";
import { daysZone, rebuildOut, startRebuild } from "./rebuild";
import { addDays, dayNumber, todayIn } from "./zone";

/** The default range: this many days up to today. */
export const DEFAULT_RANGE_DAYS = 7;

/** The inclusive range a query asks for, its missing ends filled in; refused when it is not a range of real days. */
export function resolveRange(query: Pick<MetricsQuery, "from" | "to">, timeZone: string, now = Date.now()): { from: string; to: string; days: number } {
  for (const day of [query.from, query.to]) {
    if (day !== undefined && dayNumber(day) === null) throw new ApiError(400, "invalid_day", `${day} is not a day of the calendar.`, { day });
  }
  const to = query.to ?? todayIn(timeZone, now);
  const from = query.from ?? addDays(to, 1 - DEFAULT_RANGE_DAYS);
  if (from > to) throw new ApiError(400, "invalid_range", "The first day comes after the last one.", { from, to });
  const days = dayNumber(to)! - dayNumber(from)! + 1;
  if (days > MAX_RANGE_DAYS) throw new ApiError(400, "range_too_long", `A range covers at most ${MAX_RANGE_DAYS} days.`, { days, maxDays: MAX_RANGE_DAYS });
  return { from, to, days };
}

const EMPTY = { visitors: 0, contacts: 0, responses: 0, liveChats: 0, videoChats: 0, takeovers: 0, callsHeld: 0, offlineMessages: 0, appointments: 0 };

/** The range's day sums, one row per day that has any (all interfaces, or one). Built apart so a test can read its plan. */
export function dailySums(db: Database, workspaceId: string, from: string, to: string, interfaceId: string | null) {
  return db.all<Omit<MetricsDay, "responses">>(sql`SELECT day,
      sum(visitors) AS visitors, sum(contacts) AS contacts, sum(takeovers) AS takeovers, sum(live_chats) AS liveChats,
      sum(video_chats) AS videoChats, sum(calls_held) AS callsHeld, sum(offline_messages) AS offlineMessages, sum(appointments) AS appointments
    FROM metric_daily
    WHERE workspace_id = ${workspaceId} AND day >= ${from} AND day <= ${to}${interfaceId === null ? sql`` : sql` AND interface_id = ${interfaceId}`}
    GROUP BY day`);
}

/** Every day of the range with its figures (zeros for a day without a row), and the totals. */
export function fillDays(rows: readonly Omit<MetricsDay, "responses">[], from: string, days: number): Pick<Metrics, "days" | "totals" | "averageResponsesPerDay"> {
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const totals = { ...EMPTY };
  const out: MetricsDay[] = [];
  for (let i = 0; i < days; i++) {
    const day = addDays(from, i);
    const row = byDay.get(day);
    const figures = row ? { ...row, day, responses: row.takeovers + row.liveChats + row.videoChats } : { day, ...EMPTY };
    for (const key of Object.keys(EMPTY) as (keyof typeof EMPTY)[]) totals[key] += figures[key];
    out.push(figures);
  }
  return { days: out, totals, averageResponsesPerDay: Math.round((totals.responses / days) * 10) / 10 };
}

/**
 * The answer of GET /api/metrics. When the workspace's zone is not the one its days are cut in (a
 * zone chosen before the days were kept per zone), reading starts the rebuild that cuts them again.
 */
export async function readMetrics(env: Env, workspaceId: string, query: MetricsQuery, now = Date.now()): Promise<Metrics> {
  const db = getDb(env.DB);
  const [[workspace], [rebuild], iface] = await db.batch([
    db.select({ timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, workspaceId)),
    db.select().from(metricRebuilds).where(eq(metricRebuilds.workspaceId, workspaceId)),
    db
      .select({ id: chatInterfaces.id })
      .from(chatInterfaces)
      .where(and(eq(chatInterfaces.id, query.interfaceId ?? ""), eq(chatInterfaces.workspaceId, workspaceId))),
  ]);
  if (!workspace) throw notFound("Workspace");
  if (query.interfaceId !== undefined && iface.length === 0) throw notFound("Interface");
  const { timeZone } = workspace;
  const { from, to, days } = resolveRange(query, timeZone, now);
  const interfaceId = query.interfaceId ?? null;

  const current = daysZone(rebuild) === timeZone ? rebuild : await startRebuild(env, workspaceId, timeZone, { setWorkspaceZone: false });
  const rows = await dailySums(db, workspaceId, from, to, interfaceId);
  return { timeZone, from, to, interfaceId, ...fillDays(rows, from, days), rebuild: rebuildOut(current) };
}
