// Raibu against the bare Durable Object relay, both with state on tmpfs, step by step on a fine ladder
// of rates: at each rate both systems run one after the other (the order alternates from step to step),
// so a burst of other load on this shared machine falls on both instead of on whichever ran later.
// The ratio of their highest sustained rates is the platform target of the relay (≥ 80 %). Other load
// only ever lowers a system's ceiling, so the ladder runs more than once and each system keeps its best
// round; and since workerd runs every object on one thread, the CPU each message costs (compared at the
// rates both sustained) is the ceiling noise cannot move.
import { performance } from "node:perf_hooks";
import { cpuMs } from "./lib/cpu.mjs";
import { round, sleep } from "./lib/stats.mjs";
import { LoadClient } from "./loadClient.mjs";
import { idleProbe, settle, SUSTAINED_FRACTION, sustained } from "./scenarios.mjs";
import { bareDoTmpfs } from "./systems/bareDo.mjs";
import { raibuTmpfs } from "./systems/raibu.mjs";

export const HEAD_TO_HEAD = {
  /**
   * Steps of 500 where the ceilings lie: a ratio of two ceilings is only as fine as the steps under them
   * (on steps of 1,000, 6,000 against 8,000 reads 0.75 whether the truth is 0.76 or 0.86).
   */
  rates: [1500, 2000, 3000, 4000, 4500, 5000, 5500, 6000, 6500, 7000, 7500, 8000, 8500, 9000, 10000],
  conversations: 100,
  /**
   * Long enough for a steady state: each conversation copies to the lobby every second and to D1 (summary and
   * search index) 10–20 s after its first new message, so most steps pay for their own D1 copies.
   */
  stepMs: 15_000,
  /** `--h2h-rounds=N` to change it (a quick look at one round while working on the relay). */
  rounds: Number(process.argv.find((a) => a.startsWith("--h2h-rounds="))?.slice(13) ?? 2),
  target: 0.8,
};

/**
 * A conversation holds at most 10,000 messages (more are refused as conversation_full, which the load
 * client counts as lost), so each side moves to a fresh set of conversations before a step would take
 * the set in use past this many. Set 0 takes only the light probes between steps.
 */
const SET_CAPACITY = 9000;
const perConversation = (rate) => Math.ceil((rate * HEAD_TO_HEAD.stepMs) / 1000 / HEAD_TO_HEAD.conversations);
/** Sets a round can use: every step and its retry, packed into sets in order. */
function setsPerRound() {
  let sets = 1;
  let load = 0;
  for (const rate of HEAD_TO_HEAD.rates.flatMap((r) => [r, r])) {
    if (load + perConversation(rate) > SET_CAPACITY) [sets, load] = [sets + 1, 0];
    load += perConversation(rate);
  }
  return sets;
}
const SETS = 1 + HEAD_TO_HEAD.rounds * setsPerRound();

const SYSTEMS = [
  { key: "bare_do_tmpfs", system: bareDoTmpfs },
  { key: "raibu_tmpfs", system: raibuTmpfs },
];

/** Both systems run workerd under this process: each side counts only the processes its own start added. */
async function start(entry, others, log) {
  const taken = new Set(others.flatMap((side) => side.pids));
  const running = await entry.system.start();
  const pids = running.serverPids().filter((pid) => !taken.has(pid));
  const client = new LoadClient({ serverPids: () => pids });
  const endpoints = await running.conversations(HEAD_TO_HEAD.conversations * SETS);
  await client.open(entry.system.wire, endpoints);
  const idle = await idleProbe(client, log);
  return { ...entry, running, pids, client, set: 0, setLoad: 0, baselineP99: idle.p99_ms ?? 10, steps: [], rounds: [], best: null, done: false };
}

/** The set a step at `rate` runs on: the one in use, or the next when this step would fill it. */
function setFor(side, rate) {
  if (side.setLoad + perConversation(rate) > SET_CAPACITY) Object.assign(side, { set: side.set + 1, setLoad: 0 });
  if (side.set >= SETS) throw new Error(`head-to-head: ${side.key} used all ${SETS - 1} sets of conversations`);
  side.setLoad += perConversation(rate);
  return side.set * HEAD_TO_HEAD.conversations;
}

/**
 * Waits until the system has finished what a step left it (Raibu's D1 copies leave up to 20 s after the
 * messages): under 5 % of a core for a whole second, at most 20 s. Only then does the other system run.
 */
async function quiesce(side) {
  const deadline = performance.now() + 20_000;
  let before = cpuMs(side.pids);
  while (performance.now() < deadline) {
    await sleep(1000);
    const now = cpuMs(side.pids);
    if (now - before < 50) return;
    before = now;
  }
}

/** One step on one system: a failed step is retried once after the system settles; returns whether it held. */
async function step(side, rate, log) {
  const s = HEAD_TO_HEAD;
  for (let attempt = 1; attempt <= 2; attempt++) {
    if (attempt > 1) await settle(side.client, side.baselineP99, log);
    await sleep(300);
    const offset = setFor(side, rate);
    const result = await side.client.phase(`h2h-${rate}${attempt > 1 ? "-retry" : ""}`, { rate, durationMs: s.stepMs, conversations: s.conversations, graceMs: 15_000, offset });
    const verdict = sustained(result);
    side.steps.push(Object.assign(result, { round: side.rounds.length + 1, attempt, sustained: verdict.ok, why_not: verdict.reasons }));
    await quiesce(side);
    log(`  ${side.key} ${rate}/s${attempt > 1 ? " (retry)" : ""}: delivered ${result.delivered_per_s}/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, CPU ${result.server_cpu_ms_per_msg} ms/msg — ${verdict.ok ? "sustained" : verdict.reasons.join(", ")}`);
    if (verdict.ok) {
      side.roundBest = result;
      return true;
    }
    if (result.lost > 0 || result.send_rate_per_s < SUSTAINED_FRACTION * rate) break;
  }
  side.done = true;
  return false;
}

export async function runHeadToHead(log) {
  const t0 = performance.now();
  const sides = [];
  try {
    for (const entry of SYSTEMS) sides.push(await start(entry, sides, log));
    const [bare, raibu] = sides;
    for (let round = 1; round <= HEAD_TO_HEAD.rounds; round++) {
      // Each round starts on a fresh set (the first round on set 1: set 0 is the probes').
      for (const side of sides) Object.assign(side, { done: false, roundBest: null, setLoad: SET_CAPACITY });
      for (const [i, rate] of HEAD_TO_HEAD.rates.entries()) {
        const order = (i + round) % 2 === 0 ? [bare, raibu] : [raibu, bare];
        for (const side of order) if (!side.done) await step(side, rate, log);
        if (sides.every((side) => side.done)) break;
      }
      for (const side of sides) {
        side.rounds.push(side.roundBest?.offered_per_s ?? 0);
        if ((side.roundBest?.offered_per_s ?? 0) > (side.best?.offered_per_s ?? 0)) side.best = side.roundBest;
      }
      log(`head-to-head round ${round}: bare ${bare.rounds.at(-1)}/s, Raibu ${raibu.rounds.at(-1)}/s`);
      if (round < HEAD_TO_HEAD.rounds) for (const side of sides) await settle(side.client, side.baselineP99, log);
    }
    const finals = await Promise.all(sides.map((side) => side.client.finalize()));
    const result = { conversations: HEAD_TO_HEAD.conversations, step_s: HEAD_TO_HEAD.stepMs / 1000, rates: HEAD_TO_HEAD.rates, target: HEAD_TO_HEAD.target, systems: {} };
    for (const [i, side] of sides.entries()) {
      const totals = side.client.totals();
      result.systems[side.key] = {
        max_sustained_offered_per_s: side.best?.offered_per_s ?? 0,
        max_sustained_delivered_per_s: side.best?.delivered_per_s ?? 0,
        p50_ms_at_max: side.best?.p50_ms ?? null,
        p99_ms_at_max: side.best?.p99_ms ?? null,
        max_sustained_per_round: side.rounds,
        lost: totals.lost,
        duplicated: totals.duplicated,
        sent: totals.sent,
        received: totals.received,
        sockets_closed: totals.sockets_closed,
        close_codes: totals.close_codes,
        server_errors: totals.server_errors,
        socket_errors: totals.socket_errors,
        final_grace: finals[i],
        steps: side.steps,
      };
    }
    const b = result.systems.bare_do_tmpfs;
    const r = result.systems.raibu_tmpfs;
    result.throughput_ratio = b.max_sustained_offered_per_s > 0 ? round(r.max_sustained_offered_per_s / b.max_sustained_offered_per_s, 3) : null;
    // CPU per message at each rate both sustained in the same round: the median of Raibu's ÷ the bare relay's.
    const cpuRatios = [];
    for (const rs of r.steps.filter((x) => x.sustained))
      for (const bs of b.steps.filter((x) => x.sustained && x.round === rs.round && x.offered_per_s === rs.offered_per_s))
        if (bs.server_cpu_ms_per_msg > 0) cpuRatios.push(rs.server_cpu_ms_per_msg / bs.server_cpu_ms_per_msg);
    cpuRatios.sort((x, y) => x - y);
    result.cpu_ratio = cpuRatios.length ? round(cpuRatios[Math.floor(cpuRatios.length / 2)], 3) : null;
    result.cpu_ratio_rates_compared = cpuRatios.length;
    // The ceiling the CPU alone allows, relative to the bare relay's (one thread runs every object).
    result.cpu_bound_ratio = result.cpu_ratio ? round(1 / result.cpu_ratio, 3) : null;
    result.met = result.throughput_ratio !== null && result.throughput_ratio >= HEAD_TO_HEAD.target;
    result.wall_s = round((performance.now() - t0) / 1000, 1);
    log(`head-to-head: Raibu ${r.max_sustained_offered_per_s}/s vs bare ${b.max_sustained_offered_per_s}/s (${result.throughput_ratio}×), CPU/msg ${result.cpu_ratio}× (median over ${cpuRatios.length} rates both sustained)`);
    return result;
  } finally {
    for (const side of sides) {
      await side.client.close();
      await side.running.stop();
    }
  }
}

/** What makes the run fail: a message lost or duplicated (the ratio itself is reported, not asserted). */
export function headToHeadFailures(h2h) {
  if (!h2h || h2h.error) return h2h?.error ? [`head-to-head: ${h2h.error.split("\n")[0]}`] : [];
  return Object.entries(h2h.systems)
    .filter(([, s]) => s.lost > 0 || s.duplicated > 0)
    .map(([key, s]) => `head-to-head ${key}: lost ${s.lost}, duplicated ${s.duplicated}`);
}
