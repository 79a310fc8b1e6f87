// Dashboard fixtures: events written as every writer writes them (insertMetricEvents), a workspace
// put in a zone with its rebuild run by hand (the queue only records), and the figures read back
// through GET /api/metrics.
import { env } from "cloudflare:workers";
import type { MetricKind } from "@raibu/protocol/metrics";
import { getDb } from "../src/db/client";
import type { Env } from "../src/env";
import { insertMetricEvents, type MetricEvent } from "../src/metrics/events";
import { runRebuildStep, startRebuild, type MetricsRebuildJob } from "../src/metrics/rebuild";
import { createWorkspace, signedIn, unique, type Client } from "./helpers";

export const HOUR = 3_600_000;

/** An event of `kind` at `at`, with its own id unless one is given. */
export function event(workspaceId: string, interfaceId: string, kind: MetricKind, at: number, extra: Partial<MetricEvent> = {}): MetricEvent {
  return { id: unique(kind), workspaceId, interfaceId, kind, at, visitorId: kind === "visitor_seen" ? unique("visitor") : null, ...extra };
}

/** Writes the events, 16 a statement as the writers do. */
export async function insert(events: MetricEvent[]) {
  const db = getDb(env.DB);
  for (let i = 0; i < events.length; i += 16) await insertMetricEvents(db, events.slice(i, i + 16));
}

/** An environment whose metrics queue only records the steps asked for. */
export function queueEnv() {
  const queued: MetricsRebuildJob[] = [];
  const config: Env = { ...env, METRICS_QUEUE: { send: async (job: MetricsRebuildJob) => void queued.push(job) } as never };
  return { env: config, queued };
}

/** Runs a rebuild's steps until it is finished (or stopped). */
export async function finishRebuild(config: Env, job: MetricsRebuildJob, chunk?: number) {
  let outcome;
  do outcome = await runRebuildStep(config, job, chunk);
  while (outcome === "next");
  return outcome;
}

/** Changes the workspace's zone as an admin would, and applies the rebuild at once. */
export async function setZone(workspaceId: string, timeZone: string) {
  const q = queueEnv();
  const row = await startRebuild(q.env, workspaceId, timeZone);
  await finishRebuild(q.env, { workspaceId, runId: row.runId });
}

/** A workspace in `timeZone` (its days already cut in it) and an agent reading its dashboard. */
export async function dashboard(timeZone = "UTC") {
  const ws = await createWorkspace();
  if (timeZone !== "UTC") await setZone(ws.id, timeZone);
  const { client } = await signedIn(ws.id);
  const iface = unique("if");
  return { ws, client, iface };
}

/** GET /api/metrics with these query parameters. */
export function metrics(client: Client, query: Record<string, string> = {}) {
  return client.get(`/api/metrics?${new URLSearchParams(query)}`);
}

/** The answer's days as { day: figure } for the days that have one, to compare briefly. */
export function byDay(days: Array<Record<string, number | string>>, figure: string) {
  return Object.fromEntries(days.filter((d) => d[figure] !== 0).map((d) => [d.day, d[figure]]));
}
