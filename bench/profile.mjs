// Where Raibu's CPU goes, as shares of one run (immune to how fast the machine is that minute): Raibu on
// workerd with its state on tmpfs, a steady load (1,500 msgs/s over 100 conversations for 20 s, long enough
// for every conversation's lobby and D1 copies), and V8's sampling profiler on each isolate meanwhile
// (`node bench/profile.mjs [--rate=N] [--seconds=N] [--interval=µs]`). Each sample is charged to the source module of its
// innermost JavaScript frame (the bundle keeps esbuild's module markers), and to the parts of Raibu its stack
// passes through. Writes bench/profile.json; RESULTS.md includes it.
import { readFileSync, writeFileSync } from "node:fs";
import { setPriority } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import WebSocket from "ws";
import { freePort } from "../scripts/localStack.mjs";
import { processTree } from "./lib/cpu.mjs";
import { sourceInfo } from "./lib/machine.mjs";
import { round, sleep } from "./lib/stats.mjs";
import { LoadClient } from "./loadClient.mjs";
import { raibuEndpoints, TMPFS } from "./systems/raibuCommon.mjs";
import { startRaibuOnWorkerd } from "./systems/raibu.mjs";

try {
  setPriority(-10);
} catch {}

const arg = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const RATE = arg("rate", 1500);
const SECONDS = arg("seconds", 20);
const CONVERSATIONS = 100;
/** Microseconds between samples: every sample costs the isolate time, so not too often. */
const INTERVAL_US = arg("interval", 500);

/**
 * Parts of Raibu a stack can pass through, by the source module of a frame. A sample counts for every part its
 * stack passes through, so the shares of parts overlap (the outbox's copy runs drizzle, for one).
 */
const PARTS = [
  ["message path (socket base, frame reading, flood control, messages)", /worker\/src\/(durable-objects\/SocketServer|conversation\/(messages|clientFrames)|lib\/frameLimits)\.ts/],
  ["message log (SQLite)", /worker\/src\/conversation\/MessageLog\.ts/],
  ["outbox: lobby copy and its timer", /worker\/src\/conversation\/outbox\.ts/],
  ["outbox: D1 copy (summary, search index)", /worker\/src\/conversation\/d1Copy\.ts/],
  ["lobby (WorkspaceDO)", /worker\/src\/durable-objects\/WorkspaceDO\.ts|worker\/src\/lib\/lobbyRetention\.ts/],
  ["status machine, flow, state", /worker\/src\/(conversation\/(statusMachine|state|facts|rating)|lib\/flowRunner)\.ts/],
  ["drizzle-orm", /node_modules\/drizzle-orm\//],
  ["zod", /node_modules\/zod\//],
  ["Worker routes (HTTP)", /worker\/src\/(routes|app|index)\.ts|node_modules\/hono\//],
];

/** Line ranges of the bundle's modules, from esbuild's `// path` markers. */
function moduleMap(bundlePath) {
  const lines = readFileSync(bundlePath, "utf8").split("\n");
  const starts = [];
  lines.forEach((line, i) => {
    if (/^\/\/ [.\w@/-]+\.(m?[jt]sx?)$/.test(line) || /^\/\/ node-built-in-modules:/.test(line)) starts.push([i, line.slice(3)]);
  });
  return (lineNumber) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = "(bundle prelude)";
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid][0] <= lineNumber) {
        found = starts[mid][1].replace(/^(\.\.\/)+/, "");
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

/** A Chrome DevTools Protocol session on one inspector target. */
async function cdp(url) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  await new Promise((resolve, reject) => (ws.once("open", resolve), ws.once("error", reject)));
  let next = 1;
  const waiting = new Map();
  ws.on("message", (data) => {
    const msg = JSON.parse(data.toString());
    if (msg.id && waiting.has(msg.id)) {
      waiting.get(msg.id)(msg);
      waiting.delete(msg.id);
    }
  });
  return {
    send: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = next++;
        waiting.set(id, (msg) => (msg.error ? reject(new Error(`${method}: ${msg.error.message}`)) : resolve(msg.result)));
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Shares of the samples: by the innermost frame's module (self), and by the parts each stack passes through. */
function summarise(profile, moduleOf, isBundle) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const where = (n) => {
    const f = n.callFrame;
    if (!f.url) return f.functionName ? (f.functionName.startsWith("(") ? f.functionName : `(${f.functionName})`) : "(native)";
    return isBundle(f.url) ? moduleOf(f.lineNumber) : f.url.replace(/^.*\//, "");
  };
  const self = new Map();
  const parts = new Map(PARTS.map(([label]) => [label, 0]));
  let total = 0;
  let idle = 0;
  for (const id of profile.samples) {
    const node = nodes.get(id);
    const name = node.callFrame.functionName;
    if (name === "(idle)") {
      idle++;
      continue;
    }
    total++;
    // A native function (SQLite's exec, a socket's send) is charged to the JavaScript that called it.
    let at = node;
    while (at && !at.callFrame.url && parent.has(at.id) && !["(program)", "(garbage collector)"].includes(at.callFrame.functionName)) at = nodes.get(parent.get(at.id));
    const key = where(at);
    self.set(key, (self.get(key) ?? 0) + 1);
    const passed = new Set();
    for (let n = node; n; n = parent.has(n.id) ? nodes.get(parent.get(n.id)) : null) {
      if (!n.callFrame.url || !isBundle(n.callFrame.url)) continue;
      const module = moduleOf(n.callFrame.lineNumber);
      for (const [label, re] of PARTS) if (re.test(module)) passed.add(label);
    }
    for (const label of passed) parts.set(label, parts.get(label) + 1);
  }
  const share = (n) => round((100 * n) / Math.max(1, total), 1);
  // The longest stretches the isolate never went idle (what a message arriving then waited behind), and
  // what their samples were doing.
  const stretches = [];
  let t = profile.startTime;
  let current = null;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const node = nodes.get(id);
    if (node.callFrame.functionName === "(idle)") {
      if (current) stretches.push(current);
      current = null;
      return;
    }
    current ??= { start: t, end: t, modules: new Map() };
    current.end = t;
    let at = node;
    while (at && !at.callFrame.url && parent.has(at.id) && !["(program)", "(garbage collector)"].includes(at.callFrame.functionName)) at = nodes.get(parent.get(at.id));
    const key = where(at);
    current.modules.set(key, (current.modules.get(key) ?? 0) + 1);
  });
  if (current) stretches.push(current);
  const longest = stretches
    .sort((a, b) => b.end - b.start - (a.end - a.start))
    .slice(0, 8)
    .map((x) => ({
      ms: round((x.end - x.start) / 1000, 1),
      at_s: round((x.start - profile.startTime) / 1e6, 2),
      top: [...x.modules.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([m, n]) => `${m} ${n}`),
    }));
  return {
    busy_samples: total,
    idle_samples: idle,
    self_by_module: [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([module, n]) => ({ module, percent: share(n) })),
    by_part: [...parts.entries()].map(([part, n]) => ({ part, percent: share(n) })),
    longest_busy_stretches: longest,
  };
}

const log = (line) => console.log(`[${(performance.now() / 1000).toFixed(1).padStart(6)}s] ${line}`);
const inspectorPort = await freePort();
const app = await startRaibuOnWorkerd({ label: "profile", persistRoot: TMPFS, inspectorPort, assetsRouter: false });
const pids = processTree(process.pid, "workerd");
const client = new LoadClient({ serverPids: () => pids });
const sessions = [];
try {
  await client.open("raw", await raibuEndpoints(app.base, CONVERSATIONS));
  await client.phase("warm", { rate: RATE, durationMs: 3000, conversations: CONVERSATIONS });
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  log(`inspector targets: ${targets.map((t) => t.title || t.id).join(", ")}`);
  for (const target of targets) {
    const session = await cdp(target.webSocketDebuggerUrl);
    await session.send("Profiler.enable");
    await session.send("Profiler.setSamplingInterval", { interval: INTERVAL_US });
    await session.send("Profiler.start");
    sessions.push({ target, session });
  }
  const steady = await client.phase("steady", { rate: RATE, durationMs: SECONDS * 1000, conversations: CONVERSATIONS, graceMs: 15_000 });
  log(`steady ${RATE}/s for ${SECONDS} s: ${steady.server_cpu_ms_per_msg} ms CPU/msg, p50 ${steady.p50_ms} ms, p99 ${steady.p99_ms} ms, ${steady.received}/${steady.sent}`);
  const moduleOf = moduleMap(join(app.dist, "index.js"));
  const isolates = [];
  for (const { target, session } of sessions) {
    const { profile } = await session.send("Profiler.stop");
    const isBundle = (url) => /index\.js$/.test(url) && !/miniflare|workerd/.test(url);
    const summary = summarise(profile, moduleOf, isBundle);
    isolates.push({ target: target.title || target.id, ...summary });
    log(`${target.title || target.id}: ${summary.busy_samples} busy samples`);
  }
  await client.finalize();
  const totals = client.totals();
  const busiest = isolates.reduce((a, b) => (b.busy_samples > a.busy_samples ? b : a));
  const result = { date: new Date().toISOString(), source: sourceInfo(), rate: RATE, seconds: SECONDS, conversations: CONVERSATIONS, server_cpu_ms_per_msg: steady.server_cpu_ms_per_msg, lost: totals.lost, duplicated: totals.duplicated, isolates };
  writeFileSync(new URL("./profile.json", import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
  for (const p of busiest.by_part) log(`  ${p.part}: ${p.percent} %`);
  for (const m of busiest.self_by_module.slice(0, 12)) log(`  self ${m.module}: ${m.percent} %`);
  for (const x of busiest.longest_busy_stretches) log(`  busy ${x.ms} ms at ${x.at_s} s: ${x.top.join(", ")}`);
  log("wrote bench/profile.json");
} finally {
  for (const { session } of sessions) session.close();
  await client.close();
  await app.stop();
}
process.exit(0);
