// The `export` section of `npm run bench` (`--only=export` alone): 100,000 contacts seeded through the real endpoints
// (bench/exportSeed.mjs), then the CSV export of all of them timed through `GET /api/contacts/export.csv` with the
// workerd process's resident memory sampled, and the contacts list (`GET /api/contacts`) timed at that size.
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { api, apiOk, loginAdmin, loginAgent } from "./chaosApi.mjs";
import { contactInterfaces, NEEDLES, needleCounts, seedContacts } from "./exportSeed.mjs";
import { expectedSchema, reconcileSchema } from "./inboxSchema.mjs";
import { processTree } from "./lib/cpu.mjs";
import { percentile, round } from "./lib/stats.mjs";
import { startRaibuOnWorkerd } from "./systems/raibu.mjs";
import { bundleWorker, TMP, TMPFS, writeBenchConfig } from "./systems/raibuCommon.mjs";
import { ROOT } from "../scripts/localStack.mjs";
import { closeWork, openWork } from "./lib/seedCache.mjs";

const flag = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);

export const EXPORT = {
  contacts: flag("export-contacts", 100_000),
  concurrency: flag("export-concurrency", 16),
  /** Minutes this run may spend seeding (the rest waits for the next run, which goes on from the cache). */
  seedMinutes: flag("export-seed-minutes", Infinity),
  /** Timed list requests per query, one at a time, after `warmup` untimed ones. */
  requests: 60,
  warmup: 3,
  /** Contacts followed down the list's cursors for the deep page. */
  deepContacts: 1000,
  /** Full exports timed, one after the other. */
  exports: 3,
  /** How often the workerd process's memory is read during an export. */
  rssEveryMs: 20,
};
/** Changes when what the seed writes changes, so an older cached state is not taken for this one. */
const SEED_VERSION = 1;
const LOCAL_ORIGIN = "http://127.0.0.1:*";
/** D1 on this disk fsyncs each commit: the seed is worked on in tmpfs and cached on disk between runs. */
const WORK_ROOT = join(TMPFS, "export");

function cachePaths() {
  const key = `v${SEED_VERSION}`;
  return { key, cache: join(TMP, `export-${key}`), work: join(WORK_ROOT, key) };
}

function migrationStatements() {
  const dir = join(ROOT, "migrations");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .flatMap((f) => readFileSync(join(dir, f), "utf8").split("--> statement-breakpoint").map((x) => x.trim()).filter(Boolean));
}

/** Resident memory of `pid` from /proc: now (VmRSS) and the peak since the last reset (VmHWM), in MB. */
function memory(pid) {
  const text = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key) => Number(text.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? NaN);
  return { rss_mb: round(kb("VmRSS") / 1024, 1), hwm_mb: round(kb("VmHWM") / 1024, 1) };
}

/** Resets the kernel's peak-RSS mark of `pid` (writing 5 to clear_refs), so VmHWM reads the peak of what follows. */
function resetPeak(pid) {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return true;
  } catch {
    return false;
  }
}

/** `n` timed GETs of `path`, one after the other; p50/p95/max and the last answer. */
async function timed(base, agent, path, n = EXPORT.requests) {
  const ms = [];
  let last = null;
  for (let k = 0; k < EXPORT.warmup + n; k++) {
    const t = performance.now();
    const res = await api(base, "GET", path, { cookie: agent.cookie });
    const took = performance.now() - t;
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    if (k >= EXPORT.warmup) ms.push(took);
    last = res.body;
  }
  ms.sort((a, b) => a - b);
  return { path, n, p50_ms: round(percentile(ms, 50), 1), p95_ms: round(percentile(ms, 95), 1), max_ms: round(ms.at(-1), 1), rows: last?.contacts?.length ?? null, total: last?.total ?? null, body: last };
}

/**
 * One export through the real endpoint, read as a browser downloads it: bytes, records (CRLFs outside quotes:
 * UTF-8 never puts a quote or CR byte inside a character) and time, with workerd's memory sampled throughout.
 */
async function timedExport(base, agent, query, pid) {
  const before = memory(pid);
  const peakReset = resetPeak(pid);
  let peakRss = before.rss_mb;
  const timer = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, memory(pid).rss_mb);
    } catch {}
  }, EXPORT.rssEveryMs);
  const t0 = performance.now();
  try {
    const res = await fetch(`${base}/api/contacts/export.csv${query ? `?${query}` : ""}`, { headers: { Origin: base, Cookie: agent.cookie }, signal: AbortSignal.timeout(600_000) });
    if (res.status !== 200) throw new Error(`GET /api/contacts/export.csv?${query} → ${res.status}: ${(await res.text()).slice(0, 300)}`);
    let firstByteMs = null;
    let bytes = 0;
    let records = 0;
    let quoted = false;
    let prev = 0;
    let head = null;
    for await (const chunk of res.body) {
      if (firstByteMs === null) {
        firstByteMs = performance.now() - t0;
        head = Buffer.from(chunk.subarray(0, 3));
      }
      bytes += chunk.length;
      for (let k = 0; k < chunk.length; k++) {
        const b = chunk[k];
        if (b === 0x22) quoted = !quoted;
        else if (b === 0x0a && prev === 0x0d && !quoted) records += 1;
        prev = b;
      }
    }
    const wallMs = performance.now() - t0;
    clearInterval(timer);
    const after = memory(pid);
    return {
      query: query || "(all)",
      total_header: Number(res.headers.get("x-total-count")),
      disposition: res.headers.get("content-disposition"),
      bom: head?.equals(Buffer.from([0xef, 0xbb, 0xbf])) ?? false,
      rows: records - 1,
      bytes,
      wall_ms: round(wallMs, 0),
      first_byte_ms: round(firstByteMs, 0),
      rows_per_s: round((records - 1) / (wallMs / 1000), 0),
      rss_before_mb: before.rss_mb,
      rss_peak_sampled_mb: round(Math.max(peakRss, after.rss_mb), 1),
      rss_peak_kernel_mb: peakReset ? after.hwm_mb : null,
      rss_after_mb: after.rss_mb,
    };
  } finally {
    clearInterval(timer);
  }
}

async function measure(base, agent, seed, log) {
  const pids = processTree(process.pid, "workerd");
  if (pids.length !== 1) throw new Error(`expected one workerd process under the bench, found ${pids.length}`);
  const [pid] = pids;
  const baseline = { health: await timed(base, agent, "/api/health") };
  const problems = [];
  const expect = (ok, text) => ok || problems.push(text);
  const needles = needleCounts(seed.indices);

  // The export: one small one first (a search: its memory is the floor), then every contact, several times.
  const exports = { search: await timedExport(base, agent, `q=${encodeURIComponent(NEEDLES.name.term)}`, pid), full: [] };
  for (let k = 0; k < EXPORT.exports; k++) {
    const r = await timedExport(base, agent, "", pid);
    log(`export: ${r.rows} rows, ${round(r.bytes / 1e6, 1)} MB in ${r.wall_ms} ms; workerd RSS ${r.rss_before_mb} → peak ${r.rss_peak_sampled_mb} MB (kernel peak ${r.rss_peak_kernel_mb})`);
    exports.full.push(r);
  }
  // Half the contacts (one interface) after the full ones: if memory followed the file's size, it would show here.
  exports.half = await timedExport(base, agent, `interfaceId=${seed.interface_ids[1]}`, pid);
  log(`export: ${exports.half.rows} rows (one interface) in ${exports.half.wall_ms} ms; workerd RSS ${exports.half.rss_before_mb} → peak ${exports.half.rss_peak_sampled_mb} MB`);
  expect(exports.half.rows === exports.half.total_header && exports.half.rows > 0, `export of one interface: ${exports.half.rows} rows, X-Total-Count ${exports.half.total_header}`);
  expect(exports.search.rows === needles.name && exports.search.total_header === needles.name, `export of the search: ${exports.search.rows} rows, X-Total-Count ${exports.search.total_header}, ${needles.name} seeded`);
  for (const r of exports.full) {
    expect(r.rows === seed.contacts, `full export: ${r.rows} rows, ${seed.contacts} seeded`);
    expect(r.total_header === seed.contacts, `full export: X-Total-Count ${r.total_header}, ${seed.contacts} seeded`);
    expect(r.bom, "full export: no UTF-8 BOM");
    expect(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/.test(r.disposition ?? ""), `full export: Content-Disposition ${r.disposition}`);
  }

  // The list: the first page, a page found by following cursors, searches, a filter.
  let list = null;
  try {
    let cursor = null;
    let depth = 0;
    while (depth < EXPORT.deepContacts) {
      const { body } = await apiOk(base, "GET", `/api/contacts${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`, { cookie: agent.cookie });
      depth += body.contacts.length;
      cursor = body.nextCursor;
      if (!cursor) throw new Error(`the contact list ended after ${depth} contacts`);
    }
    const q = (params) => `/api/contacts?${new URLSearchParams(params)}`;
    const queries = {
      first_page: await timed(base, agent, "/api/contacts"),
      deep_page: await timed(base, agent, q({ cursor })),
      search_name: await timed(base, agent, q({ q: NEEDLES.name.term })),
      search_company: await timed(base, agent, q({ q: NEEDLES.company.term })),
      sort_name: await timed(base, agent, q({ sort: "name", dir: "asc" })),
      filter_interface_last30: await timed(base, agent, q({ interfaceId: seed.interface_ids[1], range: "last30" })),
    };
    expect(queries.first_page.rows === 50 && queries.first_page.total === seed.contacts, `list first page: ${queries.first_page.rows} rows, total ${queries.first_page.total}`);
    expect(queries.deep_page.rows === 50, `list deep page: ${queries.deep_page.rows} rows`);
    expect(queries.search_name.total === needles.name && queries.search_name.body.contacts.every((c) => c.name?.includes(NEEDLES.name.term)), `list search name: total ${queries.search_name.total}, ${needles.name} seeded`);
    expect(queries.search_company.total === needles.company && queries.search_company.body.contacts.every((c) => c.company?.includes(NEEDLES.company.term)), `list search company: total ${queries.search_company.total}, ${needles.company} seeded`);
    expect(queries.filter_interface_last30.body.contacts.every((c) => c.interfaceId === seed.interface_ids[1]), "list filter: a row of another interface");
    const cleaned = ({ body, ...rest }) => ({ ...rest, p50_vs_health: round(rest.p50_ms / baseline.health.p50_ms, 1) });
    list = { queries: Object.fromEntries(Object.entries(queries).map(([k, r]) => [k, cleaned(r)])), deep_page_after_contacts: depth };
    for (const [name, r] of Object.entries(list.queries)) log(`export: list ${name} p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms (${r.rows} rows of ${r.total})`);
  } catch (err) {
    problems.push(`list: ${String(err.message ?? err).split("\n")[0]}`);
  }
  const { body: _b, ...health } = baseline.health;
  return { workerd_pid_memory_from: "/proc/<pid>/status VmRSS sampled every 20 ms, and VmHWM after resetting it (clear_refs 5)", baseline: { health }, exports, list, problems };
}

/** The whole section: the seeded state (cached, or made now, or topped up), then the timings on the same server. */
export async function runExportSection(log) {
  const t0 = performance.now();
  const paths = cachePaths();
  openWork(paths);
  const metaPath = join(paths.work, "meta.json");
  let meta = existsSync(metaPath) ? JSON.parse(readFileSync(metaPath, "utf8")) : null;
  const fresh = !meta;
  meta ??= { key: paths.key, interface_ids: null, runs: [] };
  const saveMeta = () => writeFileSync(metaPath, JSON.stringify(meta, null, 2));
  const logPath = join(paths.work, "seeded.log");
  const done = new Map((existsSync(logPath) ? readFileSync(logPath, "utf8").split("\n").filter(Boolean) : []).map((line) => line.split(" ")).map(([i, id]) => [Number(i), id]));
  // Its own bundle folder: the same code as the other sections, without racing their copy.
  const dist = bundleWorker(writeBenchConfig({ frameRateScale: null }), join(TMP, "export-dist"));
  log(`export: starting Raibu on workerd (state on tmpfs, cache ${paths.key}: ${done.size} contacts seeded before)`);
  const app = await startRaibuOnWorkerd({ label: "export", bundleDir: dist, persistDir: join(paths.work, "state"), frameRateScale: null });
  let changed = fresh;
  let schemaChanges = [];
  let seededNow = null;
  try {
    if (!fresh) {
      const schema = await reconcileSchema(app.db, expectedSchema(migrationStatements()));
      if (schema.reseed) throw new Error(`the cached state cannot be used (${schema.reseed}): delete bench/.tmp/export-${paths.key} to seed again`);
      schemaChanges = schema.changes;
      if (schemaChanges.length) changed = true;
    }
    if (meta.current_run) meta.runs.push({ ...meta.current_run, interrupted: true });
    delete meta.current_run;
    saveMeta();
    const agent = await loginAgent(app.base);
    if (!meta.interface_ids) {
      meta.interface_ids = await contactInterfaces(app.base, await loginAdmin(app.base), LOCAL_ORIGIN);
      saveMeta();
    }
    const todo = Array.from({ length: EXPORT.contacts }, (_, i) => i).filter((i) => !done.has(i));
    if (todo.length) {
      const from = done.size;
      seededNow = await seedContacts({
        base: app.base,
        agent,
        interfaceIds: meta.interface_ids,
        indices: todo,
        concurrency: EXPORT.concurrency,
        stopAt: performance.now() + EXPORT.seedMinutes * 60_000,
        log,
        record: (i, id) => {
          changed = true;
          appendFileSync(logPath, `${i} ${id}\n`);
          done.set(i, id);
        },
        progress: (rate) => {
          meta.current_run = { date: new Date().toISOString(), from_contacts: from, ...rate };
          saveMeta();
        },
      });
      delete meta.current_run;
      if (seededNow.contacts > 0) meta.runs.push({ date: new Date().toISOString(), from_contacts: from, ...seededNow });
      saveMeta();
      log(`export: ${seededNow.contacts} contacts seeded in ${seededNow.wall_s} s (${seededNow.contacts_per_s}/s at ${seededNow.concurrency} at a time); ${done.size} in all`);
    }
    const seed = { contacts: done.size, indices: [...done.keys()], interface_ids: meta.interface_ids };
    const measured = await measure(app.base, agent, seed, log);
    const total = meta.runs.reduce((a, r) => ({ contacts: a.contacts + r.contacts, wall_s: a.wall_s + r.wall_s }), { contacts: 0, wall_s: 0 });
    return {
      date: new Date().toISOString(),
      params: { ...EXPORT, seedMinutes: Number.isFinite(EXPORT.seedMinutes) ? EXPORT.seedMinutes : null },
      seed: {
        contacts: done.size,
        target: EXPORT.contacts,
        cache_key: paths.key,
        seeded_now: seededNow,
        runs: meta.runs,
        contacts_per_s_overall: total.wall_s ? round(total.contacts / total.wall_s, 1) : null,
        needles: NEEDLES,
        needle_contacts: needleCounts(done.keys()),
        schema_changes_applied: schemaChanges,
      },
      ...measured,
      ok: measured.problems.length === 0 && done.size >= EXPORT.contacts,
      wall_s: round((performance.now() - t0) / 1000, 1),
    };
  } finally {
    await app.stop();
    closeWork(paths, changed);
  }
}

/** What fails the run: a wrong answer or a short seed (the timings themselves are reported, not judged). */
export function exportFailures(result) {
  if (result.error) return [`export: ${result.error.split("\n")[0]}`];
  const short = result.seed.contacts < result.seed.target ? [`export: measured at ${result.seed.contacts} of ${result.seed.target} contacts (the seed goes on from there next run)`] : [];
  return [...short, ...result.problems.map((p) => `export: ${p}`)];
}
