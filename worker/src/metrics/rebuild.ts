// A time-zone change applied to the stored days: the new zone's clock changes replace the old ones
// at once (so new events land in the new zone), then queued steps cut the day of each older event
// again, a seq range at a time, and add it to the run's own day sums (metric_rebuild_daily), which
// replace metric_daily at the end. Progress lives on the workspace's metric_rebuilds row; a step of
// an older run (the zone changed again) stops.
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { MetricsRebuild } from "@raibu/protocol/metrics";
import { getDb, type Database } from "../db/client";
import { metricRebuildDaily, metricRebuilds, workspaces } from "../db/schema";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { metricsChanged } from "./notify";
import { replaceZoneRows, zoneChanges } from "./zone";

export interface MetricsRebuildJob {
  workspaceId: string;
  /** The run this step belongs to: a step of another run stops. */
  runId: string;
}

export type RebuildRow = typeof metricRebuilds.$inferSelect;

/**
 * Events a step cuts again and adds to the sums, in one batch that D1 runs alone: at a million
 * events, ≈ 33 ms (p50; p95 ≈ 40–57 ms) in local workerd, where 10,000 took ≈ 66 ms and reached
 * 100 ms at p95. D1 runs one statement at a time for everyone, so a step is what another request
 * may wait behind.
 */
export const REBUILD_CHUNK = 4_000;
/** One queue invocation goes on with the next chunk until this much time has passed, then queues the rest. */
const INVOCATION_BUDGET_MS = 20_000;
/** The longest pause between two steps (a slow step, say under load, is not followed by a long idle). */
const MAX_PAUSE_MS = 1_000;
/** Deliveries of one step before the run is marked failed (wrangler.toml's max_retries + 1). */
export const REBUILD_MAX_ATTEMPTS = 6;

/** The zone a workspace's stored days are cut in: its rebuild's (running, failed or done), or UTC before any. */
export const daysZone = (row: Pick<RebuildRow, "timeZone"> | undefined) => row?.timeZone ?? "UTC";

export async function rebuildRow(db: Database, workspaceId: string): Promise<RebuildRow | undefined> {
  return (await db.select().from(metricRebuilds).where(eq(metricRebuilds.workspaceId, workspaceId)))[0];
}

/** What the API shows: the running or failed rebuild; null once done. */
export function rebuildOut(row: RebuildRow | undefined): MetricsRebuild | null {
  if (!row || row.status === "done") return null;
  const { timeZone, status, done, total, startedAt, finishedAt, lastError } = row;
  return { timeZone, status, done, total, startedAt, finishedAt, lastError };
}

/**
 * Starts cutting the workspace's days in `timeZone`, in one batch: the workspace's zone (unless
 * `setWorkspaceZone` is false: the zone is already the workspace's), its clock changes, and a new
 * run whose cutoff is the workspace's newest event; then the run's first step is queued.
 */
export async function startRebuild(env: Env, workspaceId: string, timeZone: string, { setWorkspaceZone = true } = {}): Promise<RebuildRow> {
  const db = getDb(env.DB);
  const runId = newId();
  const now = Date.now();
  const ofWorkspace = sql`FROM metric_events WHERE workspace_id = ${workspaceId}`;
  const run = {
    timeZone,
    status: "running" as const,
    runId,
    cutoffSeq: sql`(SELECT coalesce(max(seq), 0) ${ofWorkspace})`,
    doneSeq: 0,
    total: sql`(SELECT count(*) ${ofWorkspace})`,
    done: 0,
    lastError: null,
    startedAt: now,
    finishedAt: null,
  };
  const upsert = db.insert(metricRebuilds).values({ workspaceId, ...run }).onConflictDoUpdate({ target: metricRebuilds.workspaceId, set: run }).returning();
  const zone = replaceZoneRows(db, workspaceId, zoneChanges(timeZone));
  // The sums of an earlier run (failed, or outrun by this one) start over.
  const sums = db.delete(metricRebuildDaily).where(eq(metricRebuildDaily.workspaceId, workspaceId));
  const statements: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = setWorkspaceZone
    ? [db.update(workspaces).set({ timeZone }).where(eq(workspaces.id, workspaceId)), ...zone, sums, upsert]
    : [...zone, sums, upsert];
  const results = await db.batch(statements);
  const row = (results.at(-1) as RebuildRow[])[0]!;
  try {
    await env.METRICS_QUEUE.send({ workspaceId, runId });
  } catch (err) {
    // No step will come: the run is failed at once, and changing the zone again starts it over.
    return (await fail(db, { workspaceId, runId }, `The rebuild could not be queued: ${errorText(err)}`)) ?? row;
  }
  // Open dashboards read again: their days are now in the new zone, and the rebuild shows.
  await metricsChanged(env, workspaceId);
  return row;
}

/** The change of zone an admin makes: a rebuild when the stored days are in another zone (or the last one failed). */
export async function changeTimeZone(env: Env, workspaceId: string, timeZone: string): Promise<void> {
  const db = getDb(env.DB);
  const row = await rebuildRow(db, workspaceId);
  if (daysZone(row) !== timeZone || row?.status === "failed") await startRebuild(env, workspaceId, timeZone);
  else await db.update(workspaces).set({ timeZone }).where(eq(workspaces.id, workspaceId));
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 500);

async function fail(db: Database, job: MetricsRebuildJob, lastError: string): Promise<RebuildRow | undefined> {
  const [row] = await db
    .update(metricRebuilds)
    .set({ status: "failed", lastError, finishedAt: Date.now() })
    .where(and(eq(metricRebuilds.workspaceId, job.workspaceId), eq(metricRebuilds.runId, job.runId), eq(metricRebuilds.status, "running")))
    .returning();
  return row;
}

/**
 * The day of each event, from its `at` and the workspace's clock changes: the trigger's own
 * expression (migration 0017), so a re-cut event reads as if it had landed under the new zone.
 */
const recutDay = sql`strftime('%Y-%m-%d', (e.at + coalesce((
  SELECT z.offset_ms FROM metric_zones z
  WHERE z.workspace_id = e.workspace_id AND z.from_ms <= e.at
  ORDER BY z.from_ms DESC LIMIT 1
), 0)) / 1000, 'unixepoch')`;

/** Still the run, at the progress this step read: a redelivered or outrun step changes nothing. */
const stillAt = (job: MetricsRebuildJob, doneSeq: number) =>
  sql`EXISTS (SELECT 1 FROM metric_rebuilds r WHERE r.workspace_id = ${job.workspaceId} AND r.run_id = ${job.runId} AND r.status = 'running' AND r.done_seq = ${doneSeq})`;

const SUMS = sql.raw("visitors, contacts, takeovers, live_chats, video_chats, calls_held, offline_messages, appointments");

/**
 * Adds the events of `range` (their day already in the new zone) to the run's sums. A visitor
 * counts once per interface and day: only their first seen event of that day (no earlier seq:
 * steps go in seq order, so every earlier event is already cut again), found down the partial
 * index metric_events_visitor_day. A seen event without a visitor counts alone, as in the trigger.
 */
const addToSums = (job: MetricsRebuildJob, range: SQL, at: SQL) =>
  sql`INSERT INTO metric_rebuild_daily (workspace_id, interface_id, day, ${SUMS})
    SELECT e.workspace_id, e.interface_id, e.day,
      sum(e.kind = 'visitor_seen' AND NOT EXISTS (
        SELECT 1 FROM metric_events o
        WHERE o.workspace_id = e.workspace_id AND o.interface_id = e.interface_id AND o.day = e.day
          AND o.visitor_id = e.visitor_id AND o.kind = 'visitor_seen' AND o.seq < e.seq
      )),
      sum(e.kind = 'contact_converted'), sum(e.kind = 'takeover'), sum(e.kind = 'live_accepted'), sum(e.kind = 'video_accepted'),
      sum(e.kind = 'call_held'), sum(e.kind = 'offline_message'), sum(e.kind = 'appointment_booked')
    FROM metric_events e
    WHERE e.workspace_id = ${job.workspaceId} AND ${range} AND e.day IS NOT NULL AND ${at}
    GROUP BY e.interface_id, e.day
    ON CONFLICT (workspace_id, day, interface_id) DO UPDATE SET
      visitors = visitors + excluded.visitors, contacts = contacts + excluded.contacts,
      takeovers = takeovers + excluded.takeovers, live_chats = live_chats + excluded.live_chats,
      video_chats = video_chats + excluded.video_chats, calls_held = calls_held + excluded.calls_held,
      offline_messages = offline_messages + excluded.offline_messages, appointments = appointments + excluded.appointments`;

/** The progress after `range`'s events: `total` grows by the events landed since the start, so done ≤ total. */
const progressed = (job: MetricsRebuildJob, range: SQL) => {
  const stepped = sql`(SELECT count(*) FROM metric_events e WHERE e.workspace_id = ${job.workspaceId} AND ${range})`;
  return sql`done = done + ${stepped}, total = max(total, done + ${stepped})`;
};

/**
 * The end of a run, in one batch: the events landed since the last step join the sums, which
 * replace the workspace's day rows; the sums are cleared and the run is done. It reads the tail
 * after `doneSeq` and day rows only, never the events already stepped. Exported for the test that
 * reads its plans.
 */
export function swapQueries(job: MetricsRebuildJob, doneSeq: number): SQL[] {
  const at = stillAt(job, doneSeq);
  const ofRun = sql`workspace_id = ${job.workspaceId} AND ${at}`;
  const tail = sql`e.seq > ${doneSeq}`;
  return [
    addToSums(job, tail, at),
    sql`DELETE FROM metric_daily WHERE ${ofRun}`,
    sql`INSERT INTO metric_daily (workspace_id, interface_id, day, ${SUMS}) SELECT workspace_id, interface_id, day, ${SUMS} FROM metric_rebuild_daily WHERE ${ofRun}`,
    sql`DELETE FROM metric_rebuild_daily WHERE ${ofRun}`,
    sql`UPDATE metric_rebuilds SET status = 'done', finished_at = ${Date.now()}, ${progressed(job, tail)},
      done_seq = coalesce((SELECT max(e.seq) FROM metric_events e WHERE e.workspace_id = ${job.workspaceId} AND ${tail}), done_seq)
      WHERE ${ofRun} RETURNING done`,
  ];
}

export type StepOutcome = "next" | "finished" | "stopped";

/** A raw query as a D1 statement: drizzle's own batch cannot bind a raw `sql` query's parameters. */
function statement(env: Env, query: SQL): D1PreparedStatement {
  const { sql: text, params } = getDb(env.DB).run(query).getQuery();
  return env.DB.prepare(text).bind(...params);
}

/** Whether the batch's last statement (the progress, fenced by the run) changed the run's row. */
const moved = (results: D1Result[]) => results.at(-1)!.results.length > 0;

/**
 * One step of a run, in one batch: the next `chunk` events get their day cut again (up to the
 * cutoff; the later ones landed in the new zone already) and are added to the run's sums, and the
 * progress moves. Once a chunk after the cutoff comes back short, the sums replace the day rows
 * (`swapQueries`) and the run is done. No statement reads more than a chunk of events.
 */
export async function runRebuildStep(env: Env, job: MetricsRebuildJob, chunk = REBUILD_CHUNK): Promise<StepOutcome> {
  const db = getDb(env.DB);
  const row = await rebuildRow(db, job.workspaceId);
  if (!row || row.runId !== job.runId || row.status !== "running") return "stopped";
  const at = stillAt(job, row.doneSeq);
  const recutting = row.doneSeq < row.cutoffSeq;

  const upper = recutting ? sql`AND seq <= ${row.cutoffSeq}` : sql``;
  const [edge] = await db.all<{ seq: number }>(
    sql`SELECT seq FROM metric_events WHERE workspace_id = ${job.workspaceId} AND seq > ${row.doneSeq} ${upper} ORDER BY seq LIMIT 1 OFFSET ${chunk - 1}`,
  );
  if (!recutting && !edge) {
    const results = await env.DB.batch(swapQueries(job, row.doneSeq).map((q) => statement(env, q)));
    return moved(results) ? "finished" : "stopped";
  }

  const upTo = edge?.seq ?? row.cutoffSeq;
  const step = sql`e.seq > ${row.doneSeq} AND e.seq <= ${upTo}`;
  const results = await env.DB.batch([
    ...(recutting ? [statement(env, sql`UPDATE metric_events AS e SET day = ${recutDay} WHERE e.workspace_id = ${job.workspaceId} AND ${step} AND ${at}`)] : []),
    statement(env, addToSums(job, step, at)),
    statement(env, sql`UPDATE metric_rebuilds SET done_seq = ${upTo}, ${progressed(job, step)} WHERE workspace_id = ${job.workspaceId} AND ${at} RETURNING done`),
  ]);
  return moved(results) ? "next" : "stopped";
}

/**
 * The raibu-metrics consumer: each message runs steps of its run for up to INVOCATION_BUDGET_MS,
 * telling open dashboards after each and leaving D1 to other work for as long as the step took,
 * then queues the rest. A failure retries the message (the progress it saved stays); the last
 * attempt marks the run failed with its error.
 */
export async function handleMetricsBatch(batch: MessageBatch<MetricsRebuildJob>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    try {
      const started = Date.now();
      let outcome: StepOutcome;
      for (;;) {
        const stepStarted = Date.now();
        outcome = await runRebuildStep(env, message.body);
        // Open dashboards read the progress again (the lobby sends at most a frame a second).
        if (outcome !== "stopped") await metricsChanged(env, message.body.workspaceId);
        if (outcome !== "next" || Date.now() - started >= INVOCATION_BUDGET_MS) break;
        // As long as the step took: the rebuild holds D1 at most about half the time, whatever its speed.
        await scheduler.wait(Math.min(Date.now() - stepStarted, MAX_PAUSE_MS));
      }
      if (outcome === "next") await env.METRICS_QUEUE.send(message.body);
      message.ack();
    } catch (err) {
      console.error("metrics rebuild step failed", errorText(err));
      if (message.attempts < REBUILD_MAX_ATTEMPTS) {
        message.retry({ delaySeconds: 5 * message.attempts });
        continue;
      }
      try {
        await fail(getDb(env.DB), message.body, errorText(err));
        message.ack();
      } catch {
        message.retry();
      }
    }
  }
}
