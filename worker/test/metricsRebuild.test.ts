// A time-zone change applied to the stored days: the figures end as if every event had landed under
// the new zone, with progress shown while it runs, a second change midway winning, events landing
// meanwhile counted, failures retried then shown, and the real queue and PATCH /api/workspace.
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { getDb } from "../src/db/client";
import { workspaces } from "../src/db/schema";
import type { Env } from "../src/env";
import type { MetricEvent } from "../src/metrics/events";
import { handleMetricsBatch, REBUILD_MAX_ATTEMPTS, rebuildRow, runRebuildStep, startRebuild, type MetricsRebuildJob } from "../src/metrics/rebuild";
import { openSocket, signedIn } from "./helpers";
import { dashboard, event, finishRebuild, insert, metrics, queueEnv } from "./metricsFixtures";

const RANGE = { from: "2026-04-30", to: "2026-05-04" };

/**
 * The same story in any workspace: visitors, responses and the rest near midnight UTC, so that
 * Paris, New York and Kolkata each cut them into other days (ada is seen on one UTC day, on two
 * in Kolkata).
 */
function story(workspaceId: string, iface: string): MetricEvent[] {
  const e = (kind: MetricEvent["kind"], at: number, visitorId?: string) => event(workspaceId, iface, kind, at, visitorId ? { visitorId } : {});
  return [
    e("visitor_seen", Date.UTC(2026, 4, 1, 17), "ada"),
    e("visitor_seen", Date.UTC(2026, 4, 1, 20), "ada"),
    e("visitor_seen", Date.UTC(2026, 4, 1, 23, 30), "bob"),
    e("visitor_seen", Date.UTC(2026, 4, 2, 3, 30), "bob"),
    e("takeover", Date.UTC(2026, 4, 1, 18, 29)),
    e("live_accepted", Date.UTC(2026, 4, 1, 18, 31)),
    e("video_accepted", Date.UTC(2026, 4, 1, 23, 30)),
    e("call_held", Date.UTC(2026, 4, 2, 0, 30)),
    e("offline_message", Date.UTC(2026, 4, 2, 4, 30)),
    e("contact_converted", Date.UTC(2026, 4, 2, 22, 30)),
    e("appointment_booked", Date.UTC(2026, 4, 3, 1)),
  ];
}

/** The story's figures as a workspace that was in `timeZone` all along has them. */
async function freshIn(timeZone: string, extra: (workspaceId: string, iface: string) => MetricEvent[] = () => []) {
  const { ws, client, iface } = await dashboard(timeZone);
  await insert([...story(ws.id, iface), ...extra(ws.id, iface)]);
  return (await metrics(client, RANGE)).json;
}

const figures = (json: { days: unknown; totals: unknown }) => ({ days: json.days, totals: json.totals });

describe("a time-zone change", () => {
  it("re-cuts the stored days: the figures are those of the same events landed under the new zone", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    await insert(story(ws.id, iface));
    const before = (await metrics(client, RANGE)).json;

    const q = queueEnv();
    const row = await startRebuild(q.env, ws.id, "Asia/Kolkata");
    expect(q.queued).toEqual([{ workspaceId: ws.id, runId: row.runId }]);
    expect(await finishRebuild(q.env, q.queued[0]!, 3)).toBe("finished");

    const after = (await metrics(client, RANGE)).json;
    const fresh = await freshIn("Asia/Kolkata");
    expect(figures(after)).toEqual(figures(fresh));
    expect(figures(after)).not.toEqual(figures(before));
    expect(after).toMatchObject({ timeZone: "Asia/Kolkata", rebuild: null });
  });

  it("shows its progress while it runs, and nothing once done", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    await insert(story(ws.id, iface).slice(0, 5));
    const q = queueEnv();
    const { runId, startedAt } = await startRebuild(q.env, ws.id, "Europe/Paris");
    const job = { workspaceId: ws.id, runId };
    const progress = async () => (await metrics(client, RANGE)).json.rebuild;

    expect(await progress()).toEqual({ timeZone: "Europe/Paris", status: "running", done: 0, total: 5, startedAt, finishedAt: null, lastError: null });
    expect(await runRebuildStep(q.env, job, 2)).toBe("next");
    expect(await progress()).toMatchObject({ status: "running", done: 2, total: 5 });
    expect(await runRebuildStep(q.env, job, 2)).toBe("next");
    expect(await runRebuildStep(q.env, job, 2)).toBe("next");
    expect(await progress()).toMatchObject({ status: "running", done: 5, total: 5 });
    expect(await runRebuildStep(q.env, job, 2)).toBe("finished");
    expect(await progress()).toBeNull();
    expect(await rebuildRow(getDb(env.DB), ws.id)).toMatchObject({ status: "done", done: 5, finishedAt: expect.any(Number) });
    // A step delivered again after the end changes nothing.
    expect(await runRebuildStep(q.env, job, 2)).toBe("stopped");
  });

  it("changed again midway: the first run's next step stops and the days end in the last zone", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    await insert(story(ws.id, iface));
    const q = queueEnv();
    const first = await startRebuild(q.env, ws.id, "Europe/Paris");
    expect(await runRebuildStep(q.env, { workspaceId: ws.id, runId: first.runId }, 4)).toBe("next");

    const second = await startRebuild(q.env, ws.id, "America/New_York");
    expect(second).toMatchObject({ timeZone: "America/New_York", status: "running", done: 0, doneSeq: 0, total: 11 });
    expect(await runRebuildStep(q.env, { workspaceId: ws.id, runId: first.runId }, 4)).toBe("stopped");
    expect(await finishRebuild(q.env, { workspaceId: ws.id, runId: second.runId }, 4)).toBe("finished");

    expect(figures((await metrics(client, RANGE)).json)).toEqual(figures(await freshIn("America/New_York")));
  });

  it("counts the events that land while it runs, in the new zone, a visitor seen again that day once", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    await insert(story(ws.id, iface));
    const q = queueEnv();
    const { runId } = await startRebuild(q.env, ws.id, "Asia/Kolkata");
    expect(await runRebuildStep(q.env, { workspaceId: ws.id, runId }, 3)).toBe("next");

    // ada again at 02:30 on 2 May in Kolkata (already seen that day there), carol new, one more chat.
    const meanwhile = (workspaceId: string, i: string) => [
      event(workspaceId, i, "visitor_seen", Date.UTC(2026, 4, 1, 21), { visitorId: "ada" }),
      event(workspaceId, i, "visitor_seen", Date.UTC(2026, 4, 1, 21), { visitorId: "carol" }),
      event(workspaceId, i, "live_accepted", Date.UTC(2026, 4, 3, 20)),
    ];
    await insert(meanwhile(ws.id, iface));
    expect(await finishRebuild(q.env, { workspaceId: ws.id, runId }, 3)).toBe("finished");

    const after = (await metrics(client, RANGE)).json;
    expect(figures(after)).toEqual(figures(await freshIn("Asia/Kolkata", meanwhile)));
    expect(after.days.find((d: { day: string }) => d.day === "2026-05-02").visitors).toBe(3);
  });
});

/** The environment with a D1 whose batches fail, as when D1 is unreachable mid-step. */
function brokenBatches(): Env {
  const db = new Proxy(env.DB, {
    get(target, key) {
      if (key === "batch") return () => Promise.reject(new Error("D1 is unavailable"));
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { ...env, DB: db, METRICS_QUEUE: queueEnv().env.METRICS_QUEUE };
}

/** Runs the raibu-metrics consumer on one delivery of `job`, as the queue would. */
async function consume(config: Env, job: MetricsRebuildJob, attempts: number) {
  const batch = createMessageBatch<MetricsRebuildJob>("raibu-metrics", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts, body: job }]);
  await handleMetricsBatch(batch, config);
  return getQueueResult(batch, createExecutionContext());
}

describe("a rebuild through the queue", () => {
  it("retries a failing step, marks the rebuild failed with its error at the last attempt, and a change to the same zone starts it over", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    const admin = await signedIn(ws.id, "admin");
    await insert(story(ws.id, iface));
    const q = queueEnv();
    const { runId } = await startRebuild(q.env, ws.id, "Asia/Kolkata");
    const job = { workspaceId: ws.id, runId };

    const retried = await consume(brokenBatches(), job, 1);
    expect(retried.retryMessages).toHaveLength(1);
    expect((await metrics(client, RANGE)).json.rebuild).toMatchObject({ status: "running", done: 0, lastError: null });

    const last = await consume(brokenBatches(), job, REBUILD_MAX_ATTEMPTS);
    expect(last.retryMessages).toHaveLength(0);
    expect(last.explicitAcks).toHaveLength(1);
    const failed = (await metrics(client, RANGE)).json;
    expect(failed.rebuild).toMatchObject({ timeZone: "Asia/Kolkata", status: "failed", lastError: "D1 is unavailable", finishedAt: expect.any(Number) });

    // The admin sets the same zone again: the rebuild starts over and the real queue finishes it.
    expect((await admin.client.patch("/api/workspace", { timeZone: "Asia/Kolkata" })).status).toBe(200);
    const done = await vi.waitFor(
      async () => {
        const { json } = await metrics(client, RANGE);
        if (json.rebuild !== null) throw new Error(`still ${JSON.stringify(json.rebuild)}`);
        return json;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(figures(done)).toEqual(figures(await freshIn("Asia/Kolkata")));
  });

  it("is marked failed with the reason when its first step cannot be queued, and the zone is still changed", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    await insert(story(ws.id, iface));
    const config: Env = { ...env, METRICS_QUEUE: { send: () => Promise.reject(new Error("queue unavailable")) } as never };
    const row = await startRebuild(config, ws.id, "Asia/Kolkata");
    expect(row).toMatchObject({ status: "failed", lastError: "The rebuild could not be queued: queue unavailable" });
    expect((await metrics(client, RANGE)).json).toMatchObject({ timeZone: "Asia/Kolkata", rebuild: { status: "failed", lastError: row.lastError } });
  });

  it("tells the open consoles when the zone changes and again as the rebuild moves, so the dashboard reads again", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    await insert(story(ws.id, iface));
    const lobby = await openSocket("/ws/lobby", { Cookie: client.cookie });
    await lobby.next((f) => f.type === "snapshot");
    const q = queueEnv();
    const { runId } = await startRebuild(q.env, ws.id, "Europe/Paris");
    await lobby.next((f) => f.type === "metrics");
    const heard = lobby.frames.filter((f) => f.type === "metrics").length;

    expect((await consume(q.env, { workspaceId: ws.id, runId }, 1)).explicitAcks).toHaveLength(1);
    expect((await metrics(client, RANGE)).json.rebuild).toBeNull();
    await vi.waitFor(() => expect(lobby.frames.filter((f) => f.type === "metrics").length).toBeGreaterThan(heard), { timeout: 5000, interval: 50 });
    lobby.close();
  });

  it("runs every step of a PATCH /api/workspace zone change through the raibu-metrics queue", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    const admin = await signedIn(ws.id, "admin");
    await insert(story(ws.id, iface));
    const saved = await admin.client.patch("/api/workspace", { timeZone: "america/new_york" });
    expect(saved.json).toMatchObject({ timeZone: "America/New_York" });
    const first = await rebuildRow(getDb(env.DB), ws.id);
    expect(first).toMatchObject({ timeZone: "America/New_York", total: 11 });

    const done = await vi.waitFor(
      async () => {
        const { json } = await metrics(client, RANGE);
        if (json.rebuild !== null) throw new Error(`still ${JSON.stringify(json.rebuild)}`);
        return json;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(figures(done)).toEqual(figures(await freshIn("America/New_York")));

    // The zone the days are already in: nothing to rebuild.
    await admin.client.patch("/api/workspace", { timeZone: "America/New_York" });
    expect((await rebuildRow(getDb(env.DB), ws.id))!.runId).toBe(first!.runId);
  });

  it("starts when the dashboard is read in a workspace whose zone is not the one its days are cut in", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    await insert(story(ws.id, iface));
    // A zone chosen before the days were kept per zone: the events were cut in UTC.
    await getDb(env.DB).update(workspaces).set({ timeZone: "Europe/Paris" }).where(eq(workspaces.id, ws.id));

    const first = (await metrics(client, RANGE)).json;
    expect(first.rebuild).toMatchObject({ timeZone: "Europe/Paris", total: 11 });
    const done = await vi.waitFor(
      async () => {
        const { json } = await metrics(client, RANGE);
        if (json.rebuild !== null) throw new Error(`still ${JSON.stringify(json.rebuild)}`);
        return json;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(figures(done)).toEqual(figures(await freshIn("Europe/Paris")));
  });
});
