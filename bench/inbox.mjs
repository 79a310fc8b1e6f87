// The `inbox` section of `npm run bench` (`--only=inbox` alone): 100,000 offline threads seeded through the
// real endpoints (bench/inboxSeed.mjs), then the console's list endpoint timed with an agent's session: the
// first page, a page 1,000 threads deep, searches and filters, next to the same server's cheapest routes.
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { api, apiOk, loginAdmin, loginAgent } from "./chaosApi.mjs";
import { percentile, round } from "./lib/stats.mjs";
import { inboxPage, LOCAL_ORIGIN, markThreads, MARKS, NEEDLES, needleCounts, offlineInterfaces, seedThreads } from "./inboxSeed.mjs";
import { expectedSchema, reconcileSchema } from "./inboxSchema.mjs";
import { startRaibuOnWorkerd } from "./systems/raibu.mjs";
import { TMP, TMPFS } from "./systems/raibuCommon.mjs";
import { ROOT } from "../scripts/localStack.mjs";
import { closeWork, openWork } from "./lib/seedCache.mjs";

const flag = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);

export const INBOX = {
  threads: flag("inbox-threads", 100_000),
  concurrency: flag("inbox-concurrency", 24),
  /** Minutes this run may spend seeding (the rest waits for the next run, which goes on from there). */
  seedMinutes: flag("inbox-seed-minutes", Infinity),
  /** Timed requests per query, one at a time, after `warmup` untimed ones. */
  requests: 60,
  warmup: 3,
  /** How deep the deep page is: cursors followed from the first page. */
  deepThreads: 1000,
};
/** Changes when what the seed writes changes, so an older cached state is not taken for this one. */
const SEED_VERSION = 1;
/** Where the seeded state is worked on: D1 on this disk commits (and fsyncs) a few dozen writes a second, far too few to seed 100,000 threads. */
const WORK_ROOT = join(TMPFS, "inbox");

/** Each D1 migration file with the hash of its text, in order. */
function migrationFiles() {
  const dir = join(ROOT, "migrations");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8");
      return { file, sha: createHash("sha256").update(text).digest("hex").slice(0, 16), statements: text.split("--> statement-breakpoint").map((x) => x.trim()).filter(Boolean) };
    });
}

/**
 * The seeded state, keyed by the seed's version: cached on disk between runs, worked on in tmpfs, and
 * brought to the migrations as they are now before each use (inboxSchema.mjs: new tables, indexes and
 * triggers applied; a table changed means seeding again). Each folder holds `state/` (workerd's),
 * `seeded.log` (one line per thread made: index and thread id), `marked.log` (threads the agent marked)
 * and `meta.json` (the interfaces, each run's rate).
 */
function cachePaths() {
  const key = `v${SEED_VERSION}`;
  return { key, cache: join(TMP, `inbox-${key}`), work: join(WORK_ROOT, key) };
}

/** Other keys' states: a schema change leaves them useless, and each holds gigabytes. */
function dropStale(key) {
  for (const root of [TMP, WORK_ROOT]) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root)) {
      if ((root === TMP ? name.startsWith("inbox-") : true) && !name.endsWith(key)) rmSync(join(root, name), { recursive: true, force: true });
    }
  }
}

/** The lines of one of the work folder's logs, split at spaces. */
function readLog(work, name) {
  const path = join(work, name);
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean).map((line) => line.split(" ")) : [];
}

/** `n` timed GETs of `path`, one after the other; p50/p95/max and what the last answer held. */
async function timed(base, agent, path, n = INBOX.requests) {
  const ms = [];
  let last = null;
  for (let k = 0; k < INBOX.warmup + n; k++) {
    const t = performance.now();
    const res = await api(base, "GET", path, { cookie: agent.cookie });
    const took = performance.now() - t;
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    if (k >= INBOX.warmup) ms.push(took);
    last = res.body;
  }
  ms.sort((a, b) => a - b);
  return { path, n, p50_ms: round(percentile(ms, 50), 1), p95_ms: round(percentile(ms, 95), 1), max_ms: round(ms.at(-1), 1), rows: last.threads?.length ?? last.conversations?.length ?? null, more: last.nextCursor === undefined ? undefined : last.nextCursor !== null, body: last };
}

const day = (ms) => new Date(ms).toISOString().slice(0, 10);

async function measure(base, agent, seed) {
  const q = (params) => `/api/offline/threads?${new URLSearchParams(params)}`;
  const baseline = {
    health: await timed(base, agent, "/api/health"),
    conversation_list: await timed(base, agent, "/api/conversations"),
  };
  // The deep page: cursors followed from the first page, as an agent paging down would.
  let cursor = null;
  let depth = 0;
  while (depth < INBOX.deepThreads) {
    const page = await inboxPage(base, agent, cursor ? `cursor=${encodeURIComponent(cursor)}` : "");
    depth += page.threads.length;
    cursor = page.nextCursor;
    if (!cursor) throw new Error(`the inbox list ended after ${depth} threads`);
  }
  const [from, to] = [day(seed.started_at - 86_400_000), day(seed.ended_at + 86_400_000)];
  const queries = {
    first_page: await timed(base, agent, "/api/offline/threads"),
    deep_page: await timed(base, agent, q({ cursor })),
    search_name: await timed(base, agent, q({ q: NEEDLES.name.term })),
    search_email: await timed(base, agent, q({ q: NEEDLES.email.term })),
    search_text: await timed(base, agent, q({ q: NEEDLES.text.term })),
    filter_starred: await timed(base, agent, q({ starred: "1" })),
    filter_unread: await timed(base, agent, q({ unread: "1" })),
    filter_interface_dates: await timed(base, agent, q({ interfaceId: seed.interface_ids[1], from, to })),
  };
  const problems = checkAnswers(queries, seed);
  const cleaned = (r) => {
    const { body, ...rest } = r;
    return { ...rest, p50_vs_health: round(r.p50_ms / baseline.health.p50_ms, 1), p50_vs_conversation_list: round(r.p50_ms / baseline.conversation_list.p50_ms, 2) };
  };
  return {
    baseline: Object.fromEntries(Object.entries(baseline).map(([k, { body, ...rest }]) => [k, rest])),
    queries: Object.fromEntries(Object.entries(queries).map(([k, r]) => [k, cleaned(r)])),
    deep_page_after_threads: depth,
    problems,
  };
}

/** The answers must be right too: a fast wrong page proves nothing. */
function checkAnswers(queries, seed) {
  const problems = [];
  const expect = (ok, text) => ok || problems.push(text);
  const needles = needleCounts(seed.indices);
  expect(queries.first_page.rows === 50 && queries.first_page.more, `first page: ${queries.first_page.rows} threads`);
  expect(queries.deep_page.rows === 50, `deep page: ${queries.deep_page.rows} threads`);
  const sorted = (threads) => threads.every((t, k) => k === 0 || threads[k - 1].lastMessageAt >= t.lastMessageAt);
  expect(sorted(queries.first_page.body.threads) && sorted(queries.deep_page.body.threads), "a page is not newest first");
  for (const [key, field] of [
    ["search_name", "name"],
    ["search_email", "email"],
  ]) {
    const rows = queries[key].body.threads;
    expect(rows.length === Math.min(50, needles[field]), `${key}: ${rows.length} threads, ${needles[field]} seeded`);
    expect(
      rows.every((t) => t[field].toLowerCase().includes(NEEDLES[field].term.toLowerCase())),
      `${key}: a thread without « ${NEEDLES[field].term} » in its ${field}`,
    );
  }
  expect(queries.search_text.rows === Math.min(50, needles.text), `search_text: ${queries.search_text.rows} threads, ${needles.text} seeded`);
  expect(queries.filter_starred.body.threads.every((t) => t.starred) && queries.filter_starred.rows === Math.min(50, needles.starred), `filter_starred: ${queries.filter_starred.rows} threads`);
  expect(queries.filter_unread.body.threads.every((t) => t.unread) && queries.filter_unread.rows === 50, `filter_unread: ${queries.filter_unread.rows} threads`);
  expect(queries.filter_interface_dates.body.threads.every((t) => t.interfaceId === seed.interface_ids[1]) && queries.filter_interface_dates.rows === 50, `filter_interface_dates: ${queries.filter_interface_dates.rows} threads`);
  return problems;
}

/** The whole section: the seeded state (cached, or made now, or topped up), then the timings on the same server. */
export async function runInboxSection(log) {
  const t0 = performance.now();
  const paths = cachePaths();
  const expected = expectedSchema(migrationFiles().flatMap((m) => m.statements));
  dropStale(paths.key);
  openWork(paths);
  const metaPath = join(paths.work, "meta.json");
  let meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, "utf8")) : null;
  const fresh = !meta;
  meta ??= { key: paths.key, interface_ids: null, runs: [] };
  const saveMeta = () => writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  let done = new Map(readLog(paths.work, "seeded.log").map(([i, id]) => [Number(i), id]));
  let marked = new Set(readLog(paths.work, "marked.log").map(([i]) => Number(i)));
  const start = () => startRaibuOnWorkerd({ label: "inbox", persistDir: join(paths.work, "state"), frameRateScale: null });
  log(`inbox: starting Raibu on workerd (state on tmpfs, cache ${paths.key}: ${done.size} threads seeded before)`);
  let app = await start();
  let seededNow = null;
  let changed = fresh;
  let schemaChanges = [];
  try {
    if (!fresh) {
      const schema = await reconcileSchema(app.db, expected);
      if (schema.reseed) {
        log(`inbox: the cached state cannot be used (${schema.reseed}): seeding again`);
        await app.stop();
        rmSync(paths.work, { recursive: true, force: true });
        rmSync(paths.cache, { recursive: true, force: true });
        openWork(paths);
        meta = { key: paths.key, interface_ids: null, runs: [] };
        done = new Map();
        marked = new Set();
        changed = true;
        app = await start();
      } else if (schema.changes.length) {
        schemaChanges = schema.changes;
        changed = true;
        log(`inbox: the cached state brought to today's migrations: ${schema.changes.join("; ")}`);
      }
    }
    // A run cut short (killed while seeding) left its rate as of its last progress line.
    if (meta.current_run) meta.runs.push({ ...meta.current_run, interrupted: true });
    delete meta.current_run;
    saveMeta();
    const todo = Array.from({ length: INBOX.threads }, (_, i) => i).filter((i) => !done.has(i));
    const agent = await loginAgent(app.base);
    const admin = await loginAdmin(app.base);
    if (!meta.interface_ids) {
      meta.interface_ids = await offlineInterfaces(app.base, admin);
      meta.first_seeded_at = Date.now();
      saveMeta();
    }
    // States cached before the interfaces allowed any local port.
    for (const id of meta.interface_ids) await apiOk(app.base, "PATCH", `/api/interfaces/${id}`, { cookie: admin.cookie, body: { allowedOrigins: [LOCAL_ORIGIN] } });
    if (todo.length) {
      const logPath = join(paths.work, "seeded.log");
      const fromThreads = done.size;
      seededNow = await seedThreads({
        base: app.base,
        interfaceIds: meta.interface_ids,
        indices: todo,
        concurrency: INBOX.concurrency,
        stopAt: performance.now() + INBOX.seedMinutes * 60_000,
        log,
        record: (i, threadId) => {
          changed = true;
          appendFileSync(logPath, `${i} ${threadId}\n`);
          done.set(i, threadId);
        },
        progress: (rate) => {
          meta.current_run = { date: new Date().toISOString(), from_threads: fromThreads, ...rate };
          meta.last_seeded_at = Date.now();
          saveMeta();
        },
      });
      delete meta.current_run;
      if (seededNow.threads > 0) {
        meta.runs.push({ date: new Date().toISOString(), from_threads: fromThreads, ...seededNow });
        meta.last_seeded_at = Date.now();
      } else seededNow = null;
      saveMeta();
      if (seededNow) log(`inbox: ${seededNow.threads} threads seeded in ${seededNow.wall_s} s (${seededNow.threads_per_s} threads/s at ${seededNow.concurrency} visitors at a time, ${seededNow.retried} retried); ${done.size} in all`);
    }
    const markPath = join(paths.work, "marked.log");
    const marks = await markThreads({
      base: app.base,
      agent,
      threads: [...done].filter(([i]) => !marked.has(i)),
      concurrency: 8,
      record: (i) => {
        changed = true;
        appendFileSync(markPath, `${i}\n`);
      },
    });
    if (marks.threads) log(`inbox: ${marks.threads} threads starred or marked read by the agent in ${marks.wall_s} s`);
    const seed = { threads: done.size, indices: [...done.keys()], interface_ids: meta.interface_ids, started_at: meta.first_seeded_at, ended_at: meta.last_seeded_at ?? Date.now() };
    const measured = await measure(app.base, agent, seed);
    for (const [name, r] of Object.entries(measured.queries)) log(`inbox: ${name} p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms (${r.rows} rows)`);
    const total = meta.runs.reduce((a, r) => ({ threads: a.threads + r.threads, wall_s: a.wall_s + r.wall_s }), { threads: 0, wall_s: 0 });
    return {
      date: new Date().toISOString(),
      params: { ...INBOX, seedMinutes: Number.isFinite(INBOX.seedMinutes) ? INBOX.seedMinutes : null },
      seed: {
        threads: done.size,
        target: INBOX.threads,
        cache_key: paths.key,
        seeded_now: seededNow,
        runs: meta.runs.map(({ date, from_threads, threads, wall_s, threads_per_s, concurrency, interrupted }) => ({ date, from_threads, threads, wall_s, threads_per_s, concurrency, ...(interrupted ? { interrupted } : {}) })),
        threads_per_s_overall: round(total.threads / total.wall_s, 1),
        needles: NEEDLES,
        needle_threads: needleCounts(done.keys()),
        schema_changes_applied: schemaChanges,
        starred_every: MARKS.starredEvery,
        read_every: MARKS.readEvery,
      },
      ...measured,
      ok: measured.problems.length === 0 && done.size >= INBOX.threads,
      wall_s: round((performance.now() - t0) / 1000, 1),
    };
  } finally {
    await app.stop();
    closeWork(paths, changed);
  }
}

/** What fails the run: a wrong answer (the timings themselves are reported, not judged). */
export function inboxFailures(inbox) {
  if (inbox.error) return [`inbox: ${inbox.error.split("\n")[0]}`];
  const short = inbox.seed.threads < inbox.seed.target ? [`inbox: measured at ${inbox.seed.threads} of ${inbox.seed.target} threads (the seed goes on from there next run)`] : [];
  return [...short, ...inbox.problems.map((p) => `inbox: ${p}`)];
}
