// Entry of `npm run bench` (flag --only=ws,socketio,…,h2h,chaos,inbox,calls,export,metrics): runs every system, the head-to-head on tmpfs, the chaos,
// inbox, calls, export and metrics sections, asserts zero lost/duplicated, writes results.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { performance } from "node:perf_hooks";
import { callsFailures, runCallsSection } from "./calls.mjs";
import { chaosFailures, runChaosSection } from "./chaos.mjs";
import { exportFailures, runExportSection } from "./export.mjs";
import { headToHeadFailures, runHeadToHead } from "./headToHead.mjs";
import { inboxFailures, runInboxSection } from "./inbox.mjs";
import { LoadClient } from "./loadClient.mjs";
import { metricsFailures, runMetricsSection } from "./metrics.mjs";
import { machineInfo, sourceInfo } from "./lib/machine.mjs";
import { round } from "./lib/stats.mjs";
import { writeReport } from "./report.mjs";
import { MAX_CONVERSATIONS, runScenarios, SCENARIOS } from "./scenarios.mjs";
import bareDo, { bareDoTmpfs } from "./systems/bareDo.mjs";
import raibu, { raibuTmpfs } from "./systems/raibu.mjs";
import raibuWranglerDev from "./systems/raibuWranglerDev.mjs";
import socketio from "./systems/socketio.mjs";
import ws from "./systems/ws.mjs";

const ALL = [ws, socketio, bareDo, raibu, bareDoTmpfs, raibuTmpfs, raibuWranglerDev];
const BENCH_TIMEOUT_MS = 60 * 60_000;

const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const systems = only ? ALL.filter((s) => only.includes(s.name)) : ALL;
const withChaos = !only || only.includes("chaos");
const withHeadToHead = !only || only.includes("h2h");
const withInbox = !only || only.includes("inbox");
const withCalls = !only || only.includes("calls");
const withExport = !only || only.includes("export");
const withMetrics = !only || only.includes("metrics");
if (systems.length === 0 && !withChaos && !withHeadToHead && !withInbox && !withCalls && !withExport && !withMetrics) throw new Error(`--only matches no system (${ALL.map((s) => s.name).join(", ")}, h2h, chaos, inbox, calls, export, metrics)`);

// Ahead of other jobs on a shared machine where the system allows it (root, or a raised RLIMIT_NICE); the
// servers the bench starts inherit it. Elsewhere this fails and the bench runs at its normal priority.
// `--background` does the opposite, for a long seeding run that should only take what others leave.
try {
  setPriority(process.argv.includes("--background") ? 19 : -10);
} catch {}
const priority = getPriority();

const startedAt = performance.now();
const log = (line) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(6)}s] ${line}`);
setTimeout(() => {
  console.error(`bench: still running after ${BENCH_TIMEOUT_MS / 60_000} min — giving up`);
  process.exit(2);
}, BENCH_TIMEOUT_MS).unref();

async function benchSystem(system) {
  const t0 = performance.now();
  log(`${system.name}: starting`);
  const running = await system.start();
  const client = new LoadClient({ serverPids: running.serverPids });
  try {
    const startS = round((performance.now() - t0) / 1000, 1);
    const t1 = performance.now();
    const endpoints = await running.conversations(MAX_CONVERSATIONS);
    const sessionsS = round((performance.now() - t1) / 1000, 1);
    const opened = await client.open(system.wire, endpoints);
    log(`${system.name}: up in ${startS}s, ${endpoints.length} conversations in ${sessionsS}s, ${opened.pairs} socket pairs in ${opened.open_s}s`);
    const { a, b, ramp, idle_probe } = await runScenarios(client, log);
    const grace = await client.finalize();
    if (grace.waited_ms > 1000) log(`${system.name}: final grace ${grace.waited_ms} ms, ${grace.still_missing} still missing`);
    const totals = client.totals();
    return {
      p50_ms: a.p50_ms,
      p99_ms: a.p99_ms,
      msgs_per_s: ramp.max_sustained_offered_per_s,
      lost: totals.lost,
      duplicated: totals.duplicated,
      late: totals.late,
      misrouted: totals.misrouted,
      unexpected: totals.unexpected,
      sent: totals.sent,
      received: totals.received,
      persisted_before_delivery: system.name.startsWith("raibu") || system.name.startsWith("bare_do"),
      at_1000_per_s_100_conversations: a,
      at_2000_per_s_1000_conversations: b,
      ramp,
      idle_probe,
      server_errors: totals.server_errors,
      socket_errors: totals.socket_errors,
      sockets_closed_during_run: totals.sockets_closed,
      setup: { start_s: startS, sessions_s: sessionsS, sockets_s: opened.open_s },
      server: running.info,
      wall_s: round((performance.now() - t0) / 1000, 1),
    };
  } finally {
    await client.close();
    await running.stop();
  }
}

const machine = { ...machineInfo(), bench_priority: priority };
const source = sourceInfo();
const relay = {};
const failures = [];
for (const system of systems) {
  try {
    relay[system.name] = await benchSystem(system);
    const r = relay[system.name];
    log(`${system.name}: p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, sustained ${r.msgs_per_s}/s, sent ${r.sent}, lost ${r.lost}, duplicated ${r.duplicated} (${r.wall_s}s)`);
    if (r.lost > 0 || r.duplicated > 0 || r.misrouted > 0 || r.unexpected > 0) failures.push(`${system.name}: lost ${r.lost}, duplicated ${r.duplicated}, misrouted ${r.misrouted}, unexpected ${r.unexpected}`);
  } catch (err) {
    log(`${system.name}: FAILED ${err.stack ?? err}`);
    relay[system.name] = { error: String(err.message ?? err).slice(0, 2000) };
    failures.push(`${system.name}: ${String(err.message ?? err).split("\n")[0]}`);
  }
}

const resultsUrl = new URL("./results.json", import.meta.url);
// A run of the chaos section alone keeps the relay results of the last full run, and the other way round.
const previous = existsSync(resultsUrl) ? JSON.parse(readFileSync(resultsUrl, "utf8")) : {};
let headToHead = previous.head_to_head;
if (withHeadToHead) {
  try {
    headToHead = { ...(await runHeadToHead(log)), machine, date: new Date().toISOString(), source };
  } catch (err) {
    log(`head-to-head: FAILED ${err.stack ?? err}`);
    headToHead = { error: String(err.message ?? err).slice(0, 2000), date: new Date().toISOString(), source };
  }
  failures.push(...headToHeadFailures(headToHead));
}
let chaos = previous.chaos;
if (withChaos) {
  try {
    chaos = { ...(await runChaosSection(log)), machine, source };
  } catch (err) {
    log(`chaos: FAILED ${err.stack ?? err}`);
    chaos = { error: String(err.message ?? err).slice(0, 2000), date: new Date().toISOString(), source };
  }
  failures.push(...chaosFailures(chaos));
}
let inbox = previous.inbox;
if (withInbox) {
  try {
    inbox = { ...(await runInboxSection(log)), machine, source };
  } catch (err) {
    log(`inbox: FAILED ${err.stack ?? err}`);
    inbox = { error: String(err.message ?? err).slice(0, 2000), date: new Date().toISOString(), source };
  }
  failures.push(...inboxFailures(inbox));
}
let calls = previous.calls;
if (withCalls) {
  try {
    calls = { ...(await runCallsSection(log)), machine, source };
  } catch (err) {
    log(`calls: FAILED ${err.stack ?? err}`);
    calls = { error: String(err.message ?? err).slice(0, 2000), date: new Date().toISOString(), source };
  }
  failures.push(...callsFailures(calls));
}
let contactsExport = previous.export;
if (withExport) {
  try {
    contactsExport = { ...(await runExportSection(log)), machine, source };
  } catch (err) {
    log(`export: FAILED ${err.stack ?? err}`);
    contactsExport = { error: String(err.message ?? err).slice(0, 2000), date: new Date().toISOString(), source };
  }
  failures.push(...exportFailures(contactsExport));
}
let metrics = previous.metrics;
if (withMetrics) {
  try {
    metrics = { ...(await runMetricsSection(log)), machine, source };
  } catch (err) {
    log(`metrics: FAILED ${err.stack ?? err}`);
    metrics = { error: String(err.message ?? err).slice(0, 2000), date: new Date().toISOString(), source };
  }
  failures.push(...metricsFailures(metrics));
}
// Sections this run did not run are taken from the file as it is now: another run may have written its own
// sections while this one ran (a long inbox seeding, say).
const latest = existsSync(resultsUrl) ? JSON.parse(readFileSync(resultsUrl, "utf8")) : {};
const fresh = (ran, value, key) => (ran ? value : latest[key]);
const sections = {
  head_to_head: fresh(withHeadToHead, headToHead, "head_to_head"),
  chaos: fresh(withChaos, chaos, "chaos"),
  inbox: fresh(withInbox, inbox, "inbox"),
  calls: fresh(withCalls, calls, "calls"),
  export: fresh(withExport, contactsExport, "export"),
  metrics: fresh(withMetrics, metrics, "metrics"),
};
const results =
  systems.length > 0
    ? { relay, machine, date: new Date().toISOString(), source, scenarios: SCENARIOS, duration_s: round((performance.now() - startedAt) / 1000, 0), ...sections }
    : { ...latest, ...sections };
writeFileSync(resultsUrl, `${JSON.stringify(results, null, 2)}\n`);
writeReport(results, new URL("./RESULTS.md", import.meta.url));
log(`wrote bench/results.json and bench/RESULTS.md`);
if (failures.length > 0) {
  console.error(`bench FAILED:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
log(withChaos ? "every message sent was received exactly once, and every race had one outcome" : "every message sent was received exactly once");
process.exit(0);
