// The `metrics` section of `npm run bench` (`--only=metrics` alone): a million dashboard events and 100,000
// contacts over two years written into the local D1 as SQL (bench/metricsSeed.mjs), then GET /api/metrics timed
// with an agent's session for the default week and a 365-day range, every answer checked against the seed
// counted here (bench/metricsExpected.mjs), next to GET /api/me; then a change of the workspace's time zone and
// the time until its rebuild is done, the figures checked again in the new zone.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { api, apiOk, loginAdmin, loginAgent } from "./chaosApi.mjs";
import { addDays, differences, expectedIn } from "./metricsExpected.mjs";
import { generate, INTERFACE_SHARES, writeSeed } from "./metricsSeed.mjs";
import { expectedSchema, reconcileSchema } from "./inboxSchema.mjs";
import { closeWork, openWork } from "./lib/seedCache.mjs";
import { percentile, round, sleep } from "./lib/stats.mjs";
import { startRaibuOnWorkerd } from "./systems/raibu.mjs";
import { bundleWorker, TMP, TMPFS, writeBenchConfig } from "./systems/raibuCommon.mjs";
import { ROOT } from "../scripts/localStack.mjs";
import { DEMO_WORKSPACE_ID } from "../scripts/seed.mjs";

const flag = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);

export const METRICS = {
  events: flag("metrics-events", 1_000_000),
  contacts: flag("metrics-contacts", 100_000),
  days: 730,
  /** The generator's seed: the same one makes the same events. */
  seed: 15,
  /** The zone the events are seeded in, and the one the measured change goes to (both with clock changes, 6 h apart). */
  seedZone: "Europe/Paris",
  otherZone: "America/New_York",
  /** Timed requests per query, one after the other, after `warmup` untimed ones. */
  requests: 50,
  warmup: 3,
  /** How often the rebuild's progress is read, and how long it may take. */
  pollMs: 250,
  rebuildTimeoutMs: 30 * 60_000,
};
/** Changes when what the seed writes changes, so an older cached state is not taken for this one. */
const SEED_VERSION = 1;
const LOCAL_ORIGIN = "http://127.0.0.1:*";
const WORK_ROOT = join(TMPFS, "metrics");

/** The migrations' statements, and a hash of those about metrics: a change there (the trigger, say) means seeding again. */
function migrations() {
  const dir = join(ROOT, "migrations");
  const texts = readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => readFileSync(join(dir, f), "utf8"));
  const metricsHash = createHash("sha256")
    .update(texts.filter((t) => t.includes("metric_")).join("\n"))
    .digest("hex")
    .slice(0, 10);
  return { statements: texts.flatMap((t) => t.split("--> statement-breakpoint").map((x) => x.trim()).filter(Boolean)), metricsHash };
}

function cachePaths(metricsHash) {
  const key = `v${SEED_VERSION}-${METRICS.events}-${METRICS.contacts}-${metricsHash}`;
  return { key, cache: join(TMP, `metrics-${key}`), work: join(WORK_ROOT, key) };
}

/** Other keys' states: each holds hundreds of megabytes nothing will read again. */
function dropStale(key) {
  for (const [root, prefix] of [
    [TMP, "metrics-v"],
    [WORK_ROOT, ""],
  ]) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root)) if (name.startsWith(prefix) && !name.endsWith(key) && name !== "metrics-dist") rmSync(join(root, name), { recursive: true, force: true });
  }
}

function folderMb(path) {
  let bytes = 0;
  const walk = (p) => {
    const s = statSync(p);
    if (s.isDirectory()) for (const name of readdirSync(p)) walk(join(p, name));
    else bytes += s.size;
  };
  if (existsSync(path)) walk(path);
  return round(bytes / 1e6, 1);
}

/**
 * Sets the workspace's zone as an admin does and waits until the stored days are cut in it. Every `pollMs` a
 * GET /api/metrics and a GET /api/me go out without waiting for the previous ones (a slow answer does not hide
 * the others): what the dashboard saw of the progress, and how long any read waited while the rebuild ran.
 */
async function changeZone(base, admin, agent, timeZone, { pollMs = METRICS.pollMs, timeoutMs = METRICS.rebuildTimeoutMs, log } = {}) {
  const t0 = performance.now();
  await apiOk(base, "PATCH", "/api/workspace", { cookie: admin.cookie, body: { timeZone } });
  const patchMs = performance.now() - t0;
  const since = () => performance.now() - t0;
  const reads = { metrics: [], me: [] };
  const progress = [];
  let doneAtMs = null;
  let failure = null;
  let lastLog = t0;
  const read = async (which, path) => {
    const sent = since();
    const res = await api(base, "GET", path, { cookie: agent.cookie, timeoutMs: 120_000 });
    const answered = since();
    if (res.status !== 200) throw new Error(`GET ${path} during the rebuild → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    reads[which].push({ sent, ms: answered - sent, done: which === "metrics" ? (res.body.rebuild?.done ?? "none") : undefined });
    if (which !== "metrics") return;
    const r = res.body.rebuild;
    if (r?.status === "failed") failure ??= `the rebuild to ${timeZone} failed: ${r.lastError ?? "no error given"}`;
    else if (r) progress.push({ s: round(answered / 1000, 1), done: r.done, total: r.total });
    else if (res.body.timeZone === timeZone) doneAtMs = Math.min(doneAtMs ?? Infinity, answered);
  };
  const inFlight = new Set();
  const send = (which, path) => {
    const p = read(which, path).catch((err) => (failure ??= String(err.message ?? err)));
    inFlight.add(p);
    p.finally(() => inFlight.delete(p));
  };
  while (doneAtMs === null && failure === null) {
    if (since() > timeoutMs) throw new Error(`the rebuild to ${timeZone} was not done after ${timeoutMs / 60_000} min (last: ${JSON.stringify(progress.at(-1))})`);
    send("metrics", "/api/metrics");
    send("me", "/api/me");
    if (performance.now() - lastLog > 10_000 && progress.length) {
      lastLog = performance.now();
      const p = progress.at(-1);
      log?.(`metrics: rebuild to ${timeZone}: ${p.done.toLocaleString("en")} of ${p.total.toLocaleString("en")} events (${round(since() / 1000, 0)} s)`);
    }
    await sleep(pollMs);
  }
  await Promise.all([...inFlight]);
  if (failure) throw new Error(failure);
  // The reads sent while the rebuild ran (before the first answer that named none).
  const during = (list) => {
    const ms = list.filter((x) => x.sent < doneAtMs).map((x) => x.ms).sort((a, b) => a - b);
    return { reads: ms.length, p50_ms: round(percentile(ms, 50), 1), p95_ms: round(percentile(ms, 95), 1), max_ms: round(ms.at(-1), 1) };
  };
  progress.sort((a, b) => a.s - b.s);
  return {
    to: timeZone,
    patch_ms: round(patchMs, 0),
    wall_s: round(doneAtMs / 1000, 1),
    poll_every_ms: pollMs,
    metrics_reads: during(reads.metrics),
    // Each dashboard read as [sent, answered] in ms after the PATCH and the progress it saw: whether reads waited for steps or for the whole run.
    metrics_timeline: reads.metrics.sort((a, b) => a.sent - b.sent).map((x) => [Math.round(x.sent), Math.round(x.sent + x.ms), x.done]),
    me_reads: during(reads.me),
    // A few points of the progress as the dashboard saw it (every tenth of the way).
    progress: progress.filter((p, k) => k === 0 || Math.floor((p.done / p.total) * 10) !== Math.floor((progress[k - 1].done / progress[k - 1].total) * 10)),
  };
}

/** `n` timed GETs of `path`, one after the other; `check(body)` lists what is wrong with an answer (every answer is checked). */
async function timed(base, agent, path, check = () => [], n = METRICS.requests) {
  const ms = [];
  const problems = [];
  let last = null;
  for (let k = 0; k < METRICS.warmup + n; k++) {
    const t = performance.now();
    const res = await api(base, "GET", path, { cookie: agent.cookie });
    const took = performance.now() - t;
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    if (k >= METRICS.warmup) ms.push(took);
    const wrong = check(res.body);
    if (wrong.length && problems.length === 0) problems.push(`GET ${path}, answer ${k + 1}: ${wrong.join("; ")}`);
    last = res.body;
  }
  ms.sort((a, b) => a - b);
  return { path, n, p50_ms: round(percentile(ms, 50), 1), p95_ms: round(percentile(ms, 95), 1), max_ms: round(ms.at(-1), 1), days: last?.days?.length ?? null, problems };
}

/** The dashboard's queries in `timeZone`, each answer checked against the seed cut in that zone. */
async function timeQueries(base, agent, seed, interfaceIds, timeZone, baseline) {
  const expected = expectedIn(seed, timeZone, interfaceIds.length);
  const today = expected.today();
  const q = (params) => `/api/metrics?${new URLSearchParams(params)}`;
  const yearFrom = addDays(today, -364);
  const one = interfaceIds.length - 1;
  const plan = {
    default_week: ["/api/metrics", expected.answer(addDays(today, -6), today, null), null],
    range_365: [q({ from: yearFrom, to: today }), expected.answer(yearFrom, today, null), null],
    range_365_one_interface: [q({ from: yearFrom, to: today, interfaceId: interfaceIds[one] }), expected.answer(yearFrom, today, one), interfaceIds[one]],
  };
  const out = {};
  const problems = [];
  for (const [name, [path, want, interfaceId]] of Object.entries(plan)) {
    const r = await timed(base, agent, path, (body) => differences(body, want, { timeZone, interfaceId }));
    problems.push(...r.problems);
    out[name] = { ...r, p50_vs_me: round(r.p50_ms / baseline.p50_ms, 2), totals: { visitors: want.totals.visitors, contacts: want.totals.contacts, responses: want.totals.responses, offlineMessages: want.totals.offlineMessages }, averageResponsesPerDay: want.averageResponsesPerDay };
    delete out[name].problems;
  }
  return { timeZone, today, queries: out, problems };
}

/** The seeded state, made now: the workspace's days put in the seed's zone, two more interfaces, the events and contacts. */
async function seedState(app, log) {
  const admin = await loginAdmin(app.base);
  const agent = await loginAgent(app.base);
  await changeZone(app.base, admin, agent, METRICS.seedZone, { pollMs: 100 });
  const interfaceIds = ["demo-website", "demo-support-fr"];
  for (let k = interfaceIds.length; k < INTERFACE_SHARES.length; k++) {
    const { body } = await apiOk(app.base, "POST", "/api/interfaces", { cookie: admin.cookie, body: { name: `Metrics bench ${k + 1}`, language: "en", allowedOrigins: [LOCAL_ORIGIN] } });
    interfaceIds.push(body.id);
  }
  const params = { events: METRICS.events, contacts: METRICS.contacts, days: METRICS.days, seed: METRICS.seed, endMs: Date.now() };
  const t0 = performance.now();
  const seed = generate(params);
  const generateS = round((performance.now() - t0) / 1000, 1);
  log(`metrics: ${params.events.toLocaleString("en")} events and ${params.contacts.toLocaleString("en")} contacts generated in ${generateS} s; writing them into D1`);
  const writing = await writeSeed(app.db, seed, { workspaceId: DEMO_WORKSPACE_ID, interfaceIds, agentId: "demo-agent", log });
  log(`metrics: ${writing.events.toLocaleString("en")} events in ${writing.events_s} s (${writing.events_per_s.toLocaleString("en")}/s), ${writing.contacts.toLocaleString("en")} contacts in ${writing.contacts_s} s (${writing.contacts_per_s.toLocaleString("en")}/s)`);
  const { results } = await app.db.prepare(`SELECT count(*) AS n FROM metric_daily WHERE workspace_id = '${DEMO_WORKSPACE_ID}'`).all();
  return { params, zone: METRICS.seedZone, interfaceIds, seeding: { date: new Date().toISOString(), generate_s: generateS, ...writing, daily_rows: results[0].n }, counts: seed.counts, visitors: seed.visitors };
}

/** The whole section: the seeded state (cached, or made now and cached), then the timings and the zone change on one server. */
export async function runMetricsSection(log) {
  const result = await runOnce(log, { again: true });
  if (result) return result;
  log("metrics: the cached state cannot be used (another table holds rows the migrations changed); seeding again");
  return runOnce(log, { again: false });
}

async function runOnce(log, { again }) {
  const t0 = performance.now();
  const { statements, metricsHash } = migrations();
  const paths = cachePaths(metricsHash);
  dropStale(paths.key);
  openWork(paths);
  const metaPath = join(paths.work, "meta.json");
  const dist = bundleWorker(writeBenchConfig({ frameRateScale: null }), join(TMP, "metrics-dist"));
  const start = () => startRaibuOnWorkerd({ label: "metrics", bundleDir: dist, persistDir: join(paths.work, "state"), frameRateScale: null });
  const fromCache = existsSync(metaPath);
  if (!fromCache) {
    log(`metrics: seeding a new state (cache ${paths.key})`);
    const app = await start();
    try {
      writeFileSync(metaPath, JSON.stringify(await seedState(app, log), null, 2));
    } catch (err) {
      rmSync(metaPath, { force: true });
      throw err;
    } finally {
      await app.stop();
    }
    // Cached as seeded: the zone change below is measured on a copy, and the next run starts from the same days.
    closeWork(paths, true);
    openWork(paths);
  }
  const meta = JSON.parse(readFileSync(metaPath, "utf8"));
  const d1Mb = folderMb(join(paths.work, "state", "d1"));
  log(`metrics: starting Raibu on workerd (state on tmpfs, ${fromCache ? "from the cache" : "seeded now"} ${paths.key}, D1 ${d1Mb} MB)`);
  const app = await start();
  let reseed = null;
  try {
    const schema = await reconcileSchema(app.db, expectedSchema(statements));
    if (schema.reseed) {
      if (!again) throw new Error(`the cached state cannot be used (${schema.reseed}) even after seeding again`);
      reseed = schema.reseed;
      return null;
    }
    const t1 = performance.now();
    const seed = generate(meta.params);
    log(`metrics: the seed regenerated in ${round((performance.now() - t1) / 1000, 1)} s to check answers against`);
    const admin = await loginAdmin(app.base);
    const agent = await loginAgent(app.base);
    const me = await timed(app.base, agent, "/api/me");
    delete me.problems;
    const before = await timeQueries(app.base, agent, seed, meta.interfaceIds, meta.zone, me);
    for (const [name, r] of Object.entries(before.queries)) log(`metrics: ${name} p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms (${r.days} days; /api/me p50 ${me.p50_ms} ms)`);
    log(`metrics: changing the time zone ${meta.zone} → ${METRICS.otherZone}`);
    const rebuild = await changeZone(app.base, admin, agent, METRICS.otherZone, { log });
    rebuild.from = meta.zone;
    // The run's own record: how many events it cut again, and its start and end as the server wrote them.
    const { results: runs } = await app.db.prepare(`SELECT status, total, done, started_at, finished_at FROM metric_rebuilds WHERE workspace_id = '${DEMO_WORKSPACE_ID}'`).all();
    const run = runs[0];
    if (run?.status !== "done" || run.done !== run.total) throw new Error(`the rebuild's row reads ${JSON.stringify(run)}`);
    rebuild.total = run.total;
    rebuild.server_s = round((run.finished_at - run.started_at) / 1000, 1);
    rebuild.events_per_s = Math.round(rebuild.total / rebuild.wall_s);
    log(`metrics: rebuild of ${rebuild.total.toLocaleString("en")} events done in ${rebuild.wall_s} s (${rebuild.server_s} s by its row); reads meanwhile: /api/metrics p50 ${rebuild.metrics_reads.p50_ms} ms, max ${rebuild.metrics_reads.max_ms} ms; /api/me p50 ${rebuild.me_reads.p50_ms} ms, max ${rebuild.me_reads.max_ms} ms`);
    const after = await timeQueries(app.base, agent, seed, meta.interfaceIds, METRICS.otherZone, me);
    for (const [name, r] of Object.entries(after.queries)) log(`metrics: after the change, ${name} p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms`);
    const problems = [...before.problems, ...after.problems];
    return {
      date: new Date().toISOString(),
      params: { ...METRICS },
      seed: {
        cache_key: paths.key,
        from_cache: fromCache,
        span: { from: new Date(meta.params.endMs - meta.params.days * 86_400_000).toISOString(), to: new Date(meta.params.endMs).toISOString() },
        counts: meta.counts,
        visitors: meta.visitors,
        interfaces: meta.interfaceIds.length,
        interface_shares: INTERFACE_SHARES,
        seeding: meta.seeding,
        d1_mb: d1Mb,
        schema_changes_applied: schema.changes,
      },
      baseline: { me },
      before,
      rebuild,
      after,
      problems,
      ok: problems.length === 0,
      wall_s: round((performance.now() - t0) / 1000, 1),
    };
  } finally {
    await app.stop();
    closeWork(paths, false);
    if (reseed) rmSync(paths.cache, { recursive: true, force: true });
  }
}

/** What fails the run: a wrong answer (the timings themselves are reported, not judged). */
export function metricsFailures(result) {
  if (result.error) return [`metrics: ${result.error.split("\n")[0]}`];
  return result.problems.map((p) => `metrics: ${p}`);
}
