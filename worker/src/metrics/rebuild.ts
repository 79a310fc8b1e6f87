// A time-zone change applied to the stored days: the new zone's clock changes replace the old ones
// at once (so new events land in the new zone), then queued steps cut the day of each older event
// again, a seq range at a time, and the day sums are rebuilt from the events. Progress lives on the
// workspace's metric_rebuilds row; a step of an older run (the zone changed again) stops.
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { MetricsRebuild } from "@raibu/protocol/metrics";
import { getDb, type Database } from "../db/client";
import { metricRebuilds, workspaces } from "../db/schema";
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
 * Events re-cut by one statement. Each costs a look-up of its offset and a write of its row and of
 * the visitor index: 60–200 ms for 10,000 in the worker tests' workerd, far from D1's 30 s a statement.
 */
export const REBUILD_CHUNK = 10_000;
/** One queue invocation goes on with the next chunk until this much time has passed, then queues the rest. */
const INVOCATION_BUDGET_MS = 20_000;
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
  const statements: [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] = setWorkspaceZone
    ? [db.update(workspaces).set({ timeZone }).where(eq(workspaces.id, workspaceId)), ...zone, upsert]
    : [...zone, upsert];
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

export type StepOutcome = "next" | "finished" | "stopped";

/** A raw query as a D1 statement: drizzle's own batch cannot bind a raw `sql` query's parameters. */
function statement(env: Env, query: { getQuery(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql: text, params } = query.getQuery();
  return env.DB.prepare(text).bind(...params);
}

/**
 * One step of a run: the next `chunk` events up to the cutoff get their day cut again and the
 * progress moves, in one batch; once every event is cut, the day sums are rebuilt from the events
 * (those landed since the start included) and the run is done, in one batch.
 */
export async function runRebuildStep(env: Env, job: MetricsRebuildJob, chunk = REBUILD_CHUNK): Promise<StepOutcome> {
  const db = getDb(env.DB);
  const row = await rebuildRow(db, job.workspaceId);
  if (!row || row.runId !== job.runId || row.status !== "running") return "stopped";
  const at = stillAt(job, row.doneSeq);
  const ofRun = sql`workspace_id = ${job.workspaceId} AND ${at}`;

  if (row.doneSeq < row.cutoffSeq) {
    const range = sql`workspace_id = ${job.workspaceId} AND seq > ${row.doneSeq} AND seq <= ${row.cutoffSeq}`;
    const [edge] = await db.all<{ seq: number }>(sql`SELECT seq FROM metric_events WHERE ${range} ORDER BY seq LIMIT 1 OFFSET ${chunk - 1}`);
    const upTo = edge?.seq ?? row.cutoffSeq;
    const step = sql`workspace_id = ${job.workspaceId} AND seq > ${row.doneSeq} AND seq <= ${upTo}`;
    const [, moved] = await env.DB.batch([
      statement(env, db.run(sql`UPDATE metric_events AS e SET day = ${recutDay} WHERE ${step} AND ${at}`)),
      statement(env, db.run(sql`UPDATE metric_rebuilds SET done_seq = ${upTo}, done = done + (SELECT count(*) FROM metric_events WHERE ${step}) WHERE ${ofRun} RETURNING done`)),
    ]);
    return moved!.results.length > 0 ? "next" : "stopped";
  }

  const [, , finished] = await env.DB.batch([
    statement(env, db.run(sql`DELETE FROM metric_daily WHERE ${ofRun}`)),
    // A visitor counts once per interface and day; a seen event without a visitor counts alone, as in the trigger.
    statement(
      env,
      db.run(sql`INSERT INTO metric_daily (workspace_id, interface_id, day, visitors, contacts, takeovers, live_chats, video_chats, calls_held, offline_messages, appointments)
        SELECT workspace_id, interface_id, day,
          count(DISTINCT CASE WHEN kind = 'visitor_seen' THEN visitor_id END) + sum(kind = 'visitor_seen' AND visitor_id IS NULL),
          sum(kind = 'contact_converted'), sum(kind = 'takeover'), sum(kind = 'live_accepted'), sum(kind = 'video_accepted'),
          sum(kind = 'call_held'), sum(kind = 'offline_message'), sum(kind = 'appointment_booked')
        FROM metric_events
        WHERE ${ofRun} AND day IS NOT NULL
        GROUP BY interface_id, day`),
    ),
    statement(env, db.run(sql`UPDATE metric_rebuilds SET status = 'done', finished_at = ${Date.now()} WHERE ${ofRun} RETURNING done`)),
  ]);
  return finished!.results.length > 0 ? "finished" : "stopped";
}

/**
 * The raibu-metrics consumer: each message runs steps of its run for up to INVOCATION_BUDGET_MS,
 * telling open dashboards after each, then queues the rest. A failure retries the message (the progress it saved stays); the last
 * attempt marks the run failed with its error.
 */
export async function handleMetricsBatch(batch: MessageBatch<MetricsRebuildJob>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    try {
      const started = Date.now();
      let outcome: StepOutcome;
      do {
        outcome = await runRebuildStep(env, message.body);
        // Open dashboards read the progress again (the lobby sends at most a frame a second).
        if (outcome !== "stopped") await metricsChanged(env, message.body.workspaceId);
      } while (outcome === "next" && Date.now() - started < INVOCATION_BUDGET_MS);
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
