// Where Raibu's time goes: the load client on patched copies of the bundle and on wrangler dev
// (`node bench/attribution.mjs [--only=k,k] [--repeat=N] [--steady]`). `--steady` runs only the steady phase:
// 25 s at 1,500 msgs/s over 100 conversations, long enough that each conversation's D1 copy (10–20 s after
// its first new message) and lobby copies (every second) fall inside it, next to the bare relay's cost.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { setPriority } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { processTree } from "./lib/cpu.mjs";
import { sourceInfo } from "./lib/machine.mjs";
import { round, sleep } from "./lib/stats.mjs";
import { LoadClient } from "./loadClient.mjs";
import { fixedRate, idleProbe, ramp, settle } from "./scenarios.mjs";
import { bareDoTmpfs } from "./systems/bareDo.mjs";
import { startRaibuOnWorkerd } from "./systems/raibu.mjs";
import { startWranglerDev } from "./systems/raibuWranglerDev.mjs";
import { bundleWorker, raibuEndpoints, TMP, writeBenchConfig } from "./systems/raibuCommon.mjs";

// Patch targets are the bundle's text for the conversation's parts (worker/src/conversation/: outbox.ts copies to the
// lobby from an in-memory timer at the lobby's pace and to D1 from the alarm 10 s after the first new message;
// MessageLog.ts inserts; clientFrames.ts validates frames); a variant whose target is gone fails loudly instead of
// measuring the wrong thing.
const OUTBOX_OFF = [/messageAdded\(at = Date\.now\(\)\) \{[\s\S]*?\n  \}/, "messageAdded() { /* bench variant: outbox off */ }"];
const NO_INSERT = [/const written = author\.kind === "visitor"[\s\S]*?\)\.rowsWritten;/, "const written = 1; /* bench variant: no insert */"];
const NO_LOBBY = ["const { paceMs } = await this.lobby().upsertConversation(this.lobbyRow(), key);", "const paceMs = 1e3; /* bench variant */"];
const NO_D1 = ["metricsLanded = await this.writeToD1(key);", "metricsLanded = false; /* bench variant: no D1 */"];
const NO_ZOD = ["return readClientFrame(data);", "return { success: true, data }; /* bench variant */"];

/** Each variant: a label, text patches of the bundle (each must match exactly once), where state lives, whether (b) runs. */
const VARIANTS = [
  { key: "built", label: "as built", patches: [], b: true },
  { key: "outbox_off", label: "outbox off (messageAdded() does nothing: no lobby RPC, no alarm, no D1 copy)", patches: [OUTBOX_OFF], b: true },
  { key: "lobby_10s", label: "lobby copy every 10 s instead of at the lobby's pace (1 s here)", patches: [["}, this.lobbyPaceMs);", "}, 1e4); /* bench variant */"]], b: true },
  { key: "no_lobby", label: "outbox without the lobby RPC (sync() skips WorkspaceDO.upsertConversation)", patches: [NO_LOBBY] },
  { key: "no_d1", label: "outbox without the D1 copy (sync() skips writeToD1)", patches: [NO_D1] },
  { key: "no_zod", label: "no validation of frames (JSON.parse only; text messages skip zod as built)", patches: [NO_ZOD] },
  { key: "outbox_off_no_insert", label: "outbox off and no message INSERT (nothing persisted)", patches: [OUTBOX_OFF, NO_INSERT] },
  { key: "tmpfs", label: "as built, state on tmpfs (/dev/shm: fsync is free)", patches: [], persistRoot: "/dev/shm" },
  { key: "assets_router_tmpfs", label: "as built, state on tmpfs, sockets through Miniflare's assets proxy and router (as `wrangler dev` serves them)", patches: [], persistRoot: "/dev/shm", assetsRouter: true },
  { key: "outbox_off_tmpfs", label: "outbox off, state on tmpfs", patches: [OUTBOX_OFF], persistRoot: "/dev/shm" },
  { key: "bare_tmpfs", label: "the bare Durable Object relay, state on tmpfs (the floor, for reference)", bare: true, patches: [] },
  { key: "no_d1_tmpfs", label: "outbox without the D1 copy, state on tmpfs", patches: [NO_D1], persistRoot: "/dev/shm" },
  { key: "d1_no_index_tmpfs", label: "D1 copy of the summary only (no search-index spans), state on tmpfs", patches: [["if (spans.length > 0) {", "if (false) { /* bench variant */"]], persistRoot: "/dev/shm" },
  { key: "d1_no_alarm_tmpfs", label: "D1 copy from the lobby timer instead of the alarm (no alarm per copy), state on tmpfs", patches: [["void this.sync({ d1: false });\n    }, this.lobbyPaceMs);", "void this.sync({ d1: Date.now() - this.host.state().d1SyncedAt >= D1_FLUSH_MS });\n    }, this.lobbyPaceMs); /* bench variant */"], ["void this.wakeBy(Date.now() + D1_FLUSH_MS + this.d1Phase);", "/* bench variant: no alarm */"]], persistRoot: "/dev/shm" },
  { key: "d1_30s_tmpfs", label: "D1 copy every 30 s instead of 10 s, state on tmpfs", patches: [["var D1_FLUSH_MS = 1e4;", "var D1_FLUSH_MS = 3e4; /* bench variant */"]], persistRoot: "/dev/shm" },
  { key: "no_lobby_tmpfs", label: "outbox without the lobby RPC, state on tmpfs", patches: [NO_LOBBY], persistRoot: "/dev/shm" },
  { key: "no_copies_tmpfs", label: "outbox without the lobby RPC and the D1 copy (its timer and alarm still run), state on tmpfs", patches: [NO_LOBBY, NO_D1], persistRoot: "/dev/shm" },
  { key: "no_zod_tmpfs", label: "no validation of frames, state on tmpfs", patches: [NO_ZOD], persistRoot: "/dev/shm" },
  { key: "outbox_off_no_insert_tmpfs", label: "outbox off and no message INSERT, state on tmpfs", patches: [OUTBOX_OFF, NO_INSERT], persistRoot: "/dev/shm" },
  // The same app through `wrangler dev` (built from source by wrangler), with and without its local observability.
  { key: "dev", label: "through wrangler dev, as `npm start` runs it", dev: true, patches: [] },
  { key: "dev_no_observability", label: "through wrangler dev with X_LOCAL_OBSERVABILITY=false X_LOCAL_EXPLORER=false", dev: true, env: { X_LOCAL_OBSERVABILITY: "false", X_LOCAL_EXPLORER: "false" }, patches: [] },
];

// Ahead of other jobs where the system allows it (as bench/run.mjs does); the servers inherit it.
try {
  setPriority(-10);
} catch {}

const startedAt = performance.now();
const log = (line) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(1).padStart(6)}s] ${line}`);
setTimeout(() => {
  console.error("attribution: still running after 40 min — giving up");
  process.exit(2);
}, 40 * 60_000).unref();

function patchBundle(baseDir, variant) {
  if (variant.patches.length === 0) return baseDir;
  let code = readFileSync(join(baseDir, "index.js"), "utf8");
  for (const [search, replace] of variant.patches) {
    const count = typeof search === "string" ? code.split(search).length - 1 : (code.match(new RegExp(search.source, "g")) ?? []).length;
    if (count !== 1) throw new Error(`variant ${variant.key}: patch target found ${count} times: ${search}`);
    code = code.replace(search, replace);
  }
  const dir = join(TMP, "variants", variant.key);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "index.js"), code);
  return dir;
}

const perfAvailable = spawnSync("perf", ["--version"]).status === 0;

/** Counts fsync and pwrite64 syscalls of `pids` while `work()` runs (perf tracepoints); null without perf. */
async function countSyscalls(pids, work) {
  if (!perfAvailable || pids.length === 0) return { result: await work(), syscalls: null };
  const perf = spawn("perf", ["stat", "-x", ",", "-e", "syscalls:sys_enter_fsync,syscalls:sys_enter_pwrite64", "-p", pids.join(",")], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  perf.stderr.on("data", (d) => (err += d));
  await sleep(200);
  const result = await work();
  perf.kill("SIGINT");
  await Promise.race([new Promise((r) => perf.once("exit", r)), sleep(3000)]);
  const count = (name) => Number(err.split("\n").find((l) => l.includes(name))?.split(",")[0]) || null;
  return { result, syscalls: { fsync: count("sys_enter_fsync"), pwrite64: count("sys_enter_pwrite64") } };
}

async function startVariant(variant, baseDir) {
  if (variant.bare) {
    const running = await bareDoTmpfs.start();
    return { app: { stop: () => running.stop() }, running, pids: running.serverPids };
  }
  if (variant.dev) {
    const app = await startWranglerDev({ env: variant.env });
    return { app, pids: () => processTree(app.pid) };
  }
  const app = await startRaibuOnWorkerd({ bundleDir: patchBundle(baseDir, variant), label: `attr-${variant.key}`, persistRoot: variant.persistRoot, assetsRouter: variant.assetsRouter ?? false });
  const pids = processTree(process.pid, "workerd");
  return { app, pids: () => pids };
}

const steadySeconds = Number(process.argv.find((a) => a.startsWith("--steady-s="))?.slice(11) ?? 25);
/** `--steady-rate=N` to look at a variant near the relay's ceiling rather than at a common rate. */
const steadyRate = Number(process.argv.find((a) => a.startsWith("--steady-rate="))?.slice(14) ?? 1500);
const STEADY = { rate: steadyRate, durationMs: steadySeconds * 1000, conversations: 100, graceMs: 15_000 };

async function runVariant(variant, baseDir) {
  const { app, running, pids: serverPids } = await startVariant(variant, baseDir);
  const client = new LoadClient({ serverPids });
  try {
    const endpoints = running ? await running.conversations(100) : await raibuEndpoints(app.base, variant.b && !steadyOnly ? 1000 : 100);
    await client.open("raw", endpoints);
    const idle = await idleProbe(client, log);
    await client.phase("steady-warm", { ...STEADY, durationMs: 2000 });
    const steady = await client.phase("steady", STEADY);
    log(`  steady ${STEADY.rate}/s for ${STEADY.durationMs / 1000} s: ${steady.server_cpu_ms_per_msg} ms CPU/msg, p50 ${steady.p50_ms} ms, p99 ${steady.p99_ms} ms`);
    if (steadyOnly) {
      await client.finalize();
      const totals = client.totals();
      return { key: variant.key, label: variant.label, steady_cpu_ms_per_msg: steady.server_cpu_ms_per_msg, steady_p50_ms: steady.p50_ms, steady_p99_ms: steady.p99_ms, lost: totals.lost, duplicated: totals.duplicated, steady };
    }
    const a = await fixedRate(client, "a", log);
    // One more 3 s phase at 1,000 msgs/s with the storage syscalls counted.
    const { result: probe, syscalls } = await countSyscalls(serverPids(), () => client.phase("syscalls", { rate: 1000, durationMs: 3000, conversations: 100 }));
    const r = await ramp(client, idle.p99_ms ?? 10, log);
    let b = null;
    if (variant.b) {
      await settle(client, idle.p99_ms ?? 10, log);
      b = await fixedRate(client, "b", log);
    }
    await client.finalize();
    const totals = client.totals();
    return {
      key: variant.key,
      label: variant.label,
      steady_cpu_ms_per_msg: steady.server_cpu_ms_per_msg,
      steady_p50_ms: steady.p50_ms,
      steady_p99_ms: steady.p99_ms,
      p50_ms: a.p50_ms,
      p99_ms: a.p99_ms,
      server_cpu_ms_per_msg: a.server_cpu_ms_per_msg,
      server_cpu_cores: a.server_cpu_cores,
      other_cpu_cores: a.other_cpu_cores,
      fsync_per_msg: syscalls?.fsync ? round(syscalls.fsync / probe.received, 2) : null,
      pwrite_per_msg: syscalls?.pwrite64 ? round(syscalls.pwrite64 / probe.received, 2) : null,
      msgs_per_s: r.max_sustained_offered_per_s,
      b_p50_ms: b?.p50_ms ?? null,
      b_p99_ms: b?.p99_ms ?? null,
      b_server_cpu_ms_per_msg: b?.server_cpu_ms_per_msg ?? null,
      lost: totals.lost,
      duplicated: totals.duplicated,
      a,
      syscall_probe: { ...probe, syscalls },
      ramp: r,
      b,
    };
  } finally {
    await client.close();
    await app.stop();
  }
}

const SUMMARY_FIELDS = ["steady_cpu_ms_per_msg", "steady_p50_ms", "steady_p99_ms", "p50_ms", "p99_ms", "server_cpu_ms_per_msg", "server_cpu_cores", "other_cpu_cores", "fsync_per_msg", "pwrite_per_msg", "msgs_per_s", "b_p50_ms", "b_p99_ms", "b_server_cpu_ms_per_msg"];
const median = (values) => {
  const v = values.filter((x) => typeof x === "number").sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : round((v[v.length / 2 - 1] + v[v.length / 2]) / 2, 3);
};

const only = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
const steadyOnly = process.argv.includes("--steady");
const repeat = Math.min(5, Math.max(1, Number(process.argv.find((a) => a.startsWith("--repeat="))?.slice(9) ?? 1)));
const variants = only ? VARIANTS.filter((v) => only.includes(v.key)) : VARIANTS;
const baseDir = bundleWorker(writeBenchConfig());
const runs = new Map(variants.map((v) => [v.key, []]));
// Rounds over all variants (not N runs in a row), so slow drifts of the machine spread over every variant.
for (let round_ = 1; round_ <= repeat; round_++) {
  for (const variant of variants) {
    log(`${variant.key} (run ${round_}/${repeat}): ${variant.label}`);
    try {
      const r = await runVariant(variant, baseDir);
      runs.get(variant.key).push(r);
      if (steadyOnly) log(`${variant.key}: steady ${r.steady_cpu_ms_per_msg} ms CPU/msg, lost ${r.lost}, dup ${r.duplicated}`);
      else log(`${variant.key}: p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, ${r.server_cpu_ms_per_msg} ms CPU/msg, ${r.fsync_per_msg} fsync/msg, sustained ${r.msgs_per_s}/s${r.b ? `, (b) p50 ${r.b_p50_ms} ms p99 ${r.b_p99_ms} ms` : ""}, lost ${r.lost}, dup ${r.duplicated}`);
    } catch (err) {
      log(`${variant.key}: FAILED ${err.stack ?? err}`);
      runs.get(variant.key).push({ key: variant.key, label: variant.label, error: String(err.message ?? err) });
    }
  }
}
const results = variants.map((v) => {
  const ok = runs.get(v.key).filter((r) => !r.error);
  const failed = runs.get(v.key).filter((r) => r.error);
  if (ok.length === 0) return { key: v.key, label: v.label, error: failed[0]?.error ?? "no run" };
  const summary = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, median(ok.map((r) => r[f]))]));
  const lost = ok.reduce((n, r) => n + r.lost, 0);
  const duplicated = ok.reduce((n, r) => n + r.duplicated, 0);
  const perRun = Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, ok.map((r) => r[f])]));
  return { key: v.key, label: v.label, runs: ok.length, ...summary, lost, duplicated, per_run: perRun, errors: failed.map((r) => r.error), details: ok };
});
writeFileSync(new URL("./attribution.json", import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), source: sourceInfo(), repeat, steady: STEADY, steady_only: steadyOnly, variants: results }, null, 2)}\n`);
log("wrote bench/attribution.json");
process.exit(results.some((r) => r.error || r.lost > 0 || r.duplicated > 0) ? 1 : 0);
