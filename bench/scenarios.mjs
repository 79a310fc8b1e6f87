// The scenarios every system runs: (a) 1k msgs/s over 100 conversations, the ramp, then (b) 2k msgs/s over 1,000.
import { performance } from "node:perf_hooks";
import { sleep } from "./lib/stats.mjs";

export const SCENARIOS = {
  a: { rate: 1000, conversations: 100, durationMs: 5000, warmMs: 1000 },
  b: { rate: 2000, conversations: 1000, durationMs: 5000, warmMs: 1000 },
  ramp: { rates: [500, 1000, 2000, 3000, 4000, 6000, 8000, 12000, 16000, 24000, 32000, 48000, 64000], conversations: 100, stepMs: 2500 },
};
export const MAX_CONVERSATIONS = Math.max(SCENARIOS.a.conversations, SCENARIOS.b.conversations, SCENARIOS.ramp.conversations);
/** A step is sustained when nothing is lost, delivery keeps up with the offer and p99 stays under this. */
export const SUSTAINED_P99_MS = 1000;
export const SUSTAINED_FRACTION = 0.95;

const PROBE = { rate: 100, durationMs: 500, conversations: 50 };
const MAX_SETTLE_PROBES = 8;
const MAX_SETTLE_MS = 12_000;

export function sustained(step) {
  const reasons = [];
  if (step.lost > 0) reasons.push(`${step.lost} lost`);
  if (step.duplicated > 0) reasons.push(`${step.duplicated} duplicated`);
  if (step.misrouted > 0) reasons.push(`${step.misrouted} misrouted`);
  if (step.send_rate_per_s < SUSTAINED_FRACTION * step.offered_per_s) reasons.push(`client offered only ${step.send_rate_per_s}/s`);
  if (step.delivered_per_s < SUSTAINED_FRACTION * step.offered_per_s) reasons.push(`delivered ${step.delivered_per_s}/s`);
  if (!(step.p99_ms < SUSTAINED_P99_MS)) reasons.push(`p99 ${step.p99_ms} ms`);
  return { ok: reasons.length === 0, reasons };
}

/** Light probes (100 msgs/s) until p99 is back near the idle baseline, bounded in count and time. */
export async function settle(client, baselineP99, log) {
  const limit = Math.max(20, baselineP99 * 3);
  const deadline = performance.now() + MAX_SETTLE_MS;
  for (let i = 1; i <= MAX_SETTLE_PROBES && performance.now() < deadline; i++) {
    const probe = await client.phase("settle", { ...PROBE, graceMs: 10_000 });
    if (probe.lost === 0 && probe.p99_ms !== null && probe.p99_ms <= limit) return;
    log(`  settling: probe ${i} p99 ${probe.p99_ms} ms (idle baseline ${baselineP99} ms)`);
    await sleep(1000);
  }
}

export async function fixedRate(client, key, log) {
  const s = SCENARIOS[key];
  // Warm-up (counted for loss, not for latency): touches every conversation (first message wakes bots, objects, JITs).
  const warm = await client.phase(`${key}-warm`, { rate: s.rate, durationMs: s.warmMs, conversations: s.conversations });
  log(`  ${key} warm-up: ${warm.received}/${warm.sent} received, p50 ${warm.p50_ms} ms`);
  await sleep(500);
  const result = await client.phase(key, { rate: s.rate, durationMs: s.durationMs, conversations: s.conversations });
  log(`  ${key}: ${s.rate}/s over ${s.conversations} conv — p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, ${result.received}/${result.sent} received, dup ${result.duplicated}`);
  return result;
}

export async function ramp(client, baselineP99, log) {
  const s = SCENARIOS.ramp;
  const steps = [];
  let best = null;
  for (const rate of s.rates) {
    let step = null;
    let verdict = null;
    // A failed step is tried once more after the system settles (the machine is noisy); the ramp stops at
    // the first step that fails twice, loses a message, or that the client itself cannot offer.
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (attempt > 1) await settle(client, baselineP99, log);
      await sleep(300);
      step = await client.phase(`ramp-${rate}${attempt > 1 ? "-retry" : ""}`, { rate, durationMs: s.stepMs, conversations: s.conversations, graceMs: 15_000 });
      verdict = sustained(step);
      // The same object as the client's phase summary, so the final grace period updates it in place.
      steps.push(Object.assign(step, { attempt, sustained: verdict.ok, why_not: verdict.reasons }));
      log(`  ramp ${rate}/s${attempt > 1 ? " (retry)" : ""}: delivered ${step.delivered_per_s}/s, p50 ${step.p50_ms} ms, p99 ${step.p99_ms} ms, lost ${step.lost} — ${verdict.ok ? "sustained" : `not sustained (${verdict.reasons.join(", ")})`}`);
      if (verdict.ok || step.lost > 0 || step.send_rate_per_s < SUSTAINED_FRACTION * rate) break;
    }
    if (!verdict.ok) break;
    best = step;
  }
  const last = steps.at(-1);
  return {
    conversations: s.conversations,
    step_s: s.stepMs / 1000,
    criterion: `lost = 0, duplicated = 0, delivered ≥ ${SUSTAINED_FRACTION * 100}% of offered, p99 < ${SUSTAINED_P99_MS} ms`,
    max_sustained_offered_per_s: best?.offered_per_s ?? 0,
    max_sustained_delivered_per_s: best?.delivered_per_s ?? 0,
    p50_ms_at_max: best?.p50_ms ?? null,
    p99_ms_at_max: best?.p99_ms ?? null,
    ceiling_reached: Boolean(last && !last.sustained),
    limited_by_client: Boolean(last && !last.sustained && last.send_rate_per_s < SUSTAINED_FRACTION * last.offered_per_s),
    steps,
  };
}

/** A light first phase: the idle latency the settle probes compare with. */
export async function idleProbe(client, log) {
  const idle = await client.phase("idle-probe", { ...PROBE });
  log(`  idle probe: p50 ${idle.p50_ms} ms, p99 ${idle.p99_ms} ms`);
  return idle;
}

/** Runs (a), the ramp and (b) (or the `only` ones) on an open client; returns the per-scenario results. */
export async function runScenarios(client, log, { only = ["a", "ramp", "b"] } = {}) {
  const idle = await idleProbe(client, log);
  const baseline = idle.p99_ms ?? 10;
  const out = { idle_probe: { p50_ms: idle.p50_ms, p99_ms: idle.p99_ms } };
  if (only.includes("a")) out.a = await fixedRate(client, "a", log);
  if (only.includes("ramp")) out.ramp = await ramp(client, baseline, log);
  if (only.includes("b")) {
    await settle(client, baseline, log);
    out.b = await fixedRate(client, "b", log);
  }
  return out;
}
