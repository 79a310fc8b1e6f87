// A rebuild's own day sums (metric_rebuild_daily): each step adds its events cut in the new zone,
// visitors counted once per interface and day across steps, events landing meanwhile summed once,
// and the end swaps the sums into metric_daily without reading the events already stepped.
import { env } from "cloudflare:workers";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { metricDaily, metricEvents, metricRebuildDaily } from "../src/db/schema";
import type { Env } from "../src/env";
import type { MetricEvent } from "../src/metrics/events";
import { rebuildRow, runRebuildStep, startRebuild, swapQueries, type MetricsRebuildJob } from "../src/metrics/rebuild";
import { unique } from "./helpers";
import { byDay, dashboard, event, finishRebuild, HOUR, insert, metrics, queueEnv } from "./metricsFixtures";

const db = getDb(env.DB);
const MAY_1 = Date.UTC(2026, 4, 1);
const RANGE = { from: "2026-04-30", to: "2026-05-05" };

type Sums = Omit<typeof metricDaily.$inferSelect, "workspaceId" | "interfaceId" | "day">;
const ZERO: Sums = { visitors: 0, contacts: 0, takeovers: 0, liveChats: 0, videoChats: 0, callsHeld: 0, offlineMessages: 0, appointments: 0 };
const COLUMN = {
  contact_converted: "contacts",
  takeover: "takeovers",
  live_accepted: "liveChats",
  video_accepted: "videoChats",
  call_held: "callsHeld",
  offline_message: "offlineMessages",
  appointment_booked: "appointments",
} as const;

const storedEvents = (workspaceId: string) => db.select().from(metricEvents).where(eq(metricEvents.workspaceId, workspaceId)).orderBy(asc(metricEvents.seq));

/**
 * The day sums of `events` as counted here, apart from SQL: each day read with Intl in `timeZone`,
 * a visitor once per interface and day, a seen event without a visitor alone.
 */
function sumsOf(events: Array<typeof metricEvents.$inferSelect>, timeZone: string): Record<string, Sums> {
  const dayOf = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const out: Record<string, Sums> = {};
  const seen = new Set<string>();
  for (const e of events) {
    const key = `${e.interfaceId} ${dayOf.format(e.at)}`;
    const row = (out[key] ??= { ...ZERO });
    if (e.kind !== "visitor_seen") row[COLUMN[e.kind]] += 1;
    else if (e.visitorId === null) row.visitors += 1;
    else if (!seen.has(`${key} ${e.visitorId}`)) {
      seen.add(`${key} ${e.visitorId}`);
      row.visitors += 1;
    }
  }
  return out;
}

/** A table of day sums (metric_daily or metric_rebuild_daily) for the workspace, keyed as sumsOf keys them. */
async function sumsIn(table: typeof metricDaily | typeof metricRebuildDaily, workspaceId: string): Promise<Record<string, Sums>> {
  const rows = await db.select().from(table).where(eq(table.workspaceId, workspaceId));
  return Object.fromEntries(rows.map(({ workspaceId: _, interfaceId, day, ...sums }) => [`${interfaceId} ${day}`, sums]));
}

/** The environment of `q` with a D1 whose batches run `before` first (once) and are kept with their results. */
function watchedBatches(q: ReturnType<typeof queueEnv>, before?: () => Promise<void>) {
  const batches: D1Result[][] = [];
  let pending = before;
  const DB = new Proxy(env.DB, {
    get(target, key) {
      if (key === "batch")
        return async (statements: D1PreparedStatement[]) => {
          const run = pending;
          pending = undefined;
          await run?.();
          const results = await target.batch(statements);
          batches.push(results);
          return results;
        };
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { env: { ...q.env, DB } as Env, batches };
}

/** Runs steps of `chunk` until every event up to the cutoff is cut again (the swap not yet made). */
async function stepToCutoff(config: Env, job: MetricsRebuildJob, chunk: number) {
  for (;;) {
    const row = (await rebuildRow(db, job.workspaceId))!;
    if (row.doneSeq >= row.cutoffSeq) return row;
    expect(await runRebuildStep(config, job, chunk)).toBe("next");
  }
}

describe("a rebuild's day sums", () => {
  it("hold after each step of 2 exactly the sums of the events stepped so far, in the new zone with visitors distinct, while metric_daily stays as it was until the swap", async () => {
    const { ws, iface } = await dashboard("UTC");
    const e = (kind: MetricEvent["kind"], at: number, visitorId?: string) => event(ws.id, iface, kind, at, visitorId ? { visitorId } : {});
    // ada on 1 May UTC at 17:00 and 20:00: two days in Kolkata; bob three times around its midnight.
    await insert([
      e("visitor_seen", MAY_1 + 17 * HOUR, "ada"),
      e("takeover", MAY_1 + 18 * HOUR),
      e("visitor_seen", MAY_1 + 17.5 * HOUR, "bob"),
      e("visitor_seen", MAY_1 + 20 * HOUR, "ada"),
      e("live_accepted", MAY_1 + 19 * HOUR),
      e("visitor_seen", MAY_1 + 18 * HOUR, "bob"),
      e("contact_converted", MAY_1 + 23 * HOUR),
      e("visitor_seen", MAY_1 + 19 * HOUR, "bob"),
      e("appointment_booked", MAY_1 + 30 * HOUR),
    ]);
    const events = await storedEvents(ws.id);
    const daily = await sumsIn(metricDaily, ws.id);
    expect(daily).toEqual(sumsOf(events, "UTC"));

    const q = queueEnv();
    const { runId } = await startRebuild(q.env, ws.id, "Asia/Kolkata");
    const job = { workspaceId: ws.id, runId };
    let steps = 0;
    while ((await runRebuildStep(q.env, job, 2)) === "next") {
      steps += 1;
      const { doneSeq } = (await rebuildRow(db, ws.id))!;
      expect(await sumsIn(metricRebuildDaily, ws.id)).toEqual(sumsOf(events.filter((x) => x.seq <= doneSeq), "Asia/Kolkata"));
      expect(await sumsIn(metricDaily, ws.id)).toEqual(daily);
    }
    expect(steps).toBe(5);
    expect(await sumsIn(metricDaily, ws.id)).toEqual(sumsOf(events, "Asia/Kolkata"));
    expect(await sumsIn(metricRebuildDaily, ws.id)).toEqual({});
  });

  it("count a visitor seen in two chunks once on the same new day and once on each of two new days, and each seen event without a visitor", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    const seen = (hour: number, visitorId: string | null) => event(ws.id, iface, "visitor_seen", MAY_1 + hour * HOUR, { visitorId });
    // Kolkata is UTC+5:30: 04:00 and 10:00 UTC are 1 May there, 20:00 UTC is 2 May. Chunks of 2: ada is in all three.
    await insert([seen(4, "ada"), seen(11, null), seen(10, "ada"), seen(12, null), seen(20, "ada")]);
    expect(byDay((await metrics(client, RANGE)).json.days, "visitors")).toEqual({ "2026-05-01": 3 });

    const q = queueEnv();
    const { runId } = await startRebuild(q.env, ws.id, "Asia/Kolkata");
    const job = { workspaceId: ws.id, runId };
    expect(await runRebuildStep(q.env, job, 2)).toBe("next");
    expect(await runRebuildStep(q.env, job, 2)).toBe("next");
    // After ada's second chunk: still once on 1 May, with the two seen events without a visitor.
    expect(await sumsIn(metricRebuildDaily, ws.id)).toEqual({ [`${iface} 2026-05-01`]: { ...ZERO, visitors: 3 } });
    expect(await finishRebuild(q.env, job, 2)).toBe("finished");

    expect(byDay((await metrics(client, RANGE)).json.days, "visitors")).toEqual({ "2026-05-01": 3, "2026-05-02": 1 });
  });

  it("count once the events landing after the last step, those summed a chunk a step after the cutoff and those landing just before the swap, and done never passes total", async () => {
    const { ws, client, iface } = await dashboard("UTC");
    const e = (kind: MetricEvent["kind"], hour: number, visitorId?: string) => event(ws.id, iface, kind, MAY_1 + hour * HOUR, visitorId ? { visitorId } : {});
    await insert([e("visitor_seen", 20, "ada"), e("takeover", 18), e("visitor_seen", 21, "bob"), e("live_accepted", 2), e("call_held", 23)]);
    const q = queueEnv();
    const { runId } = await startRebuild(q.env, ws.id, "Asia/Kolkata");
    const job = { workspaceId: ws.id, runId };
    await stepToCutoff(q.env, job, 2);
    const progress = async () => (await metrics(client, RANGE)).json.rebuild;
    expect(await progress()).toMatchObject({ done: 5, total: 5 });

    // Landed after the cutoff, in Kolkata already: ada again on her (new) day, carol, a chat.
    await insert([e("visitor_seen", 22, "ada"), e("visitor_seen", 22, "carol"), e("video_accepted", 22), e("offline_message", 3)]);
    expect(await runRebuildStep(q.env, job, 2)).toBe("next");
    expect(await progress()).toMatchObject({ status: "running", done: 7, total: 7 });
    expect(await runRebuildStep(q.env, job, 2)).toBe("next");
    expect(await progress()).toMatchObject({ status: "running", done: 9, total: 9 });
    const { doneSeq } = (await rebuildRow(db, ws.id))!;
    expect(await sumsIn(metricRebuildDaily, ws.id)).toEqual(sumsOf((await storedEvents(ws.id)).filter((x) => x.seq <= doneSeq), "Asia/Kolkata"));

    // One more lands after the next step found fewer than a chunk, just before its swap runs.
    await insert([e("appointment_booked", 1)]);
    const late = watchedBatches(q, () => insert([e("visitor_seen", 23, "carol"), e("contact_converted", 23)]));
    expect(await runRebuildStep(late.env, job, 2)).toBe("finished");
    expect(late.batches).toHaveLength(1);

    const events = await storedEvents(ws.id);
    expect(events).toHaveLength(12);
    expect(await sumsIn(metricDaily, ws.id)).toEqual(sumsOf(events, "Asia/Kolkata"));
    expect(await rebuildRow(db, ws.id)).toMatchObject({ status: "done", done: 12, total: 12 });
    // The trigger keeps counting once the days are swapped.
    await insert([e("visitor_seen", 23.5, "carol"), e("takeover", 23.5)]);
    expect(await sumsIn(metricDaily, ws.id)).toEqual(sumsOf(await storedEvents(ws.id), "Asia/Kolkata"));
  });
});

describe("a rebuild's reads", () => {
  it("stay a few dozen rows a batch with a chunk of 2 over 240 events, and the swap reads the day sums and the events after the last step, not those stepped", async () => {
    const { ws } = await dashboard("UTC");
    const ifaces = [unique("if"), unique("if")];
    const kinds = ["visitor_seen", "takeover", "visitor_seen", "live_accepted", "contact_converted", "visitor_seen"] as const;
    await insert(
      Array.from({ length: 240 }, (_, i) =>
        event(ws.id, ifaces[i % 2]!, kinds[i % kinds.length]!, MAY_1 + i * 15 * 60_000, kinds[i % kinds.length] === "visitor_seen" ? { visitorId: `v${i % 7}` } : {}),
      ),
    );
    const q = queueEnv();
    const { runId } = await startRebuild(q.env, ws.id, "Asia/Kolkata");
    const job = { workspaceId: ws.id, runId };
    const steps = watchedBatches(q);
    await stepToCutoff(steps.env, job, 2);
    const swap = watchedBatches(q, () => insert([event(ws.id, ifaces[0]!, "visitor_seen", MAY_1 + 70 * HOUR, { visitorId: "v1" })]));
    expect(await runRebuildStep(swap.env, job, 2)).toBe("finished");

    const rowsRead = (results: D1Result[]) => results.reduce((n, r) => n + r.meta.rows_read, 0);
    // A step of 2: its events, their zone and visitor look-ups, their day rows and the run's row.
    expect(steps.batches).toHaveLength(120);
    for (const batch of steps.batches) expect(rowsRead(batch)).toBeLessThan(40);
    // The swap: the 7 day rows (read, copied, cleared), the one event after the last step and the
    // run's row; reading the 240 events stepped would be 240 rows alone.
    const days = Object.keys(await sumsIn(metricDaily, ws.id)).length;
    expect(days).toBe(7);
    expect(rowsRead(swap.batches[0]!)).toBeLessThan(80);
    expect(await sumsIn(metricDaily, ws.id)).toEqual(sumsOf(await storedEvents(ws.id), "Asia/Kolkata"));
  });

  it("of the swap search metric_events only after the last step's seq (their query plans)", async () => {
    const { ws } = await dashboard("UTC");
    const job = { workspaceId: ws.id, runId: "a-run" };
    let eventReads = 0;
    for (const query of swapQueries(job, 1234)) {
      const { sql: text, params } = db.run(query).getQuery();
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>();
      for (const { detail } of results) {
        expect(detail).not.toMatch(/^SCAN /);
        if (!/^SEARCH (e|o|metric_events) /.test(detail)) continue;
        eventReads += 1;
        // The events after the last step, or (for a visitor seen among them) an earlier seen event of theirs that day.
        expect(detail).toMatch(
          /^SEARCH e USING (COVERING )?INDEX metric_events_workspace_seq \(workspace_id=\? AND seq>\?\)$|^SEARCH o USING COVERING INDEX metric_events_visitor_day \(workspace_id=\? AND interface_id=\? AND day=\? AND visitor_id=\? AND rowid<\?\)$/,
        );
      }
    }
    expect(eventReads).toBe(5);
  });
});
