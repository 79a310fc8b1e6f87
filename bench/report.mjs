// Writes bench/RESULTS.md from the results object: machine, tables per scenario, ratios and targets.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { callsSection } from "./callsReport.mjs";
import { exportSection } from "./exportReport.mjs";
import { inboxSection } from "./inboxReport.mjs";
import { metricsSection } from "./metricsReport.mjs";

const ORDER = ["raibu", "raibu_wrangler_dev", "bare_do", "raibu_tmpfs", "bare_do_tmpfs", "socketio", "ws"];
const LABEL = {
  raibu: "Raibu, straight on workerd",
  bare_do: "bare Durable Object relay (insert + forward, on workerd)",
  raibu_tmpfs: "Raibu, straight on workerd, state on tmpfs",
  bare_do_tmpfs: "bare Durable Object relay, state on tmpfs",
  raibu_wrangler_dev: "Raibu through `wrangler dev`",
  socketio: "Socket.IO relay (no persistence)",
  ws: "raw `ws` relay (no persistence)",
};
export const TARGETS = { p50RatioToSocketIo: 5, sustainedPerS: 3000 };

const fmt = (v, unit = "") => (v === null || v === undefined ? "–" : `${v}${unit}`);
const ratio = (x, y) => (typeof x === "number" && typeof y === "number" && y > 0 ? Math.round((x / y) * 100) / 100 : null);

function fixedTable(relay, key) {
  const rows = [
    "| system | p50 | p90 | p99 | max | sent | received | acked | late | lost | dup | delivered/s | server CPU/msg | other load on the machine |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const name of ORDER) {
    const s = relay[name]?.[key];
    if (!s) continue;
    rows.push(
      `| ${LABEL[name]} | ${fmt(s.p50_ms, " ms")} | ${fmt(s.p90_ms, " ms")} | ${fmt(s.p99_ms, " ms")} | ${fmt(s.max_ms, " ms")} | ${s.sent} | ${s.received} | ${name.startsWith("raibu") || name.startsWith("bare_do") ? s.acked : "n/a"} | ${s.late} | ${s.lost} | ${s.duplicated} | ${s.delivered_per_s} | ${fmt(s.server_cpu_ms_per_msg, " ms")} | ${fmt(s.other_cpu_cores, " cores")} |`,
    );
  }
  return rows.join("\n");
}

function rampTable(relay) {
  const rows = ["| system | highest sustained (offered) | delivered there | p50 / p99 there | steps (offered → delivered/s, p99) |", "|---|---|---|---|---|"];
  for (const name of ORDER) {
    const r = relay[name]?.ramp;
    if (!r) continue;
    const steps = r.steps
      .map((s) => `${s.offered_per_s / 1000}k${s.attempt > 1 ? "(retry)" : ""} → ${s.delivered_per_s}, ${s.p99_ms} ms${s.sustained ? "" : " ✗"}`)
      .join("; ");
    const top = !r.ceiling_reached ? " (top of the ramp, not its ceiling)" : r.limited_by_client ? " (next step: the load client could not offer it)" : "";
    rows.push(`| ${LABEL[name]} | ${r.max_sustained_offered_per_s} msgs/s${top} | ${r.max_sustained_delivered_per_s} msgs/s | ${fmt(r.p50_ms_at_max, " ms")} / ${fmt(r.p99_ms_at_max, " ms")} | ${steps} |`);
  }
  return rows.join("\n");
}

/** The median over the attribution runs, with every run's value in brackets when there were several. */
function runsFmt(v, field, unit = "") {
  const values = v.per_run?.[field] ?? [];
  const head = fmt(v[field], unit);
  return values.length > 1 ? `${head} (${values.map((x) => fmt(x)).join(" / ")})` : head;
}

function attributionSection() {
  const path = new URL("./attribution.json", import.meta.url);
  if (!existsSync(path)) return "";
  const a = JSON.parse(readFileSync(path, "utf8"));
  const rows = [
    "| variant | steady CPU/msg | (a) p50 | (a) p99 | (a) server CPU/msg | fsync/msg | highest sustained | (b) p50 | (b) p99 | lost | dup |",
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const v of a.variants) {
    if (v.error) rows.push(`| ${v.label} | error: ${v.error.split("\n")[0]} | | | | | | | | | |`);
    else
      rows.push(
        `| ${v.label} | ${runsFmt(v, "steady_cpu_ms_per_msg", " ms")} | ${runsFmt(v, "p50_ms", " ms")} | ${runsFmt(v, "p99_ms", " ms")} | ${runsFmt(v, "server_cpu_ms_per_msg", " ms")} | ${runsFmt(v, "fsync_per_msg")} | ${runsFmt(v, "msgs_per_s", " msgs/s")} | ${runsFmt(v, "b_p50_ms", " ms")} | ${runsFmt(v, "b_p99_ms", " ms")} | ${v.lost} | ${v.duplicated} |`,
      );
  }
  const what = a.steady_only
    ? "and nothing else"
    : ", then scenario (a), a 3 s phase at 1,000 msgs/s\nwith the storage syscalls counted (perf), the ramp, and (b) for some variants";
  const steady = a.steady ? `${a.steady.rate.toLocaleString("en")} msgs/s for ${a.steady.durationMs / 1000} s over ${a.steady.conversations} conversations` : "–";
  return `\n## Where the time goes (attribution run of ${a.date}, ${a.repeat ?? 1} run(s) per variant)\n\nSeparate run of \`node bench/attribution.mjs${a.steady_only ? " --steady" : ""}\`: the same load client; a steady phase (${steady}: each\nconversation's D1 and lobby copies fall inside it) ${what}; straight on workerd on modified\ncopies of the built bundle in bench/.tmp (never committed), the bare relay for reference, and through \`wrangler dev\`\nwith and without its local observability. Medians, each run in brackets.\n\n${rows.join("\n")}\n`;
}

const list = (xs) => (xs?.length ? xs.join(", ") : "–");
const range = (xs) => (xs?.length ? `${xs[0]}…${xs[1]}` : "–");

/** The chaos section: the fault run's counts, then the races'. */
function headToHeadSection(h) {
  if (!h) return "";
  if (h.error) return `\n## Head to head on tmpfs: Raibu against the bare Durable Object relay\n\nRun of ${h.date} **failed to complete**: ${h.error.split("\n")[0]}\n`;
  const rows = ["| system | highest sustained (best round) | each round | delivered there | p50 / p99 there | sent | lost | dup | steps (round: offered → delivered/s, p99, CPU/msg) |", "|---|---|---|---|---|---|---|---|---|"];
  for (const name of ["bare_do_tmpfs", "raibu_tmpfs"]) {
    const s = h.systems[name];
    const steps = s.steps.map((x) => `${x.round}: ${x.offered_per_s / 1000}k${x.attempt > 1 ? "(retry)" : ""} → ${x.delivered_per_s}, ${x.p99_ms} ms, ${x.server_cpu_ms_per_msg} ms${x.sustained ? "" : " ✗"}`).join("; ");
    rows.push(`| ${LABEL[name]} | ${s.max_sustained_offered_per_s} msgs/s | ${s.max_sustained_per_round.join(" / ")} | ${s.max_sustained_delivered_per_s} msgs/s | ${fmt(s.p50_ms_at_max, " ms")} / ${fmt(s.p99_ms_at_max, " ms")} | ${s.sent} | ${s.lost} | ${s.duplicated} | ${steps} |`);
  }
  return `
## Head to head on tmpfs: Raibu against the bare Durable Object relay (run of ${h.date}, ${h.wall_s} s${h.machine ? `; load average at start ${h.machine.load_avg_at_start.join(" / ")}, niceness ${h.machine.bench_priority ?? 0}` : ""})

Both systems up at once with their state on tmpfs, ${h.conversations} conversations each; at each rate of a finer ladder
(${h.rates.map((r) => r / 1000 + "k").join(", ")} msgs/s, ${h.step_s} s per step) one runs after the other, the order alternating
from step to step, so load from elsewhere on this shared machine falls on both. Same criterion as the ramp; a failed
step is retried once after the system settles, and a system stops at a step it fails twice. The ladder runs ${h.systems.raibu_tmpfs.max_sustained_per_round.length}
times and each system keeps its best round (other load only ever lowers a ceiling).

${rows.join("\n")}

${["bare_do_tmpfs", "raibu_tmpfs"].map((name) => { const x = h.systems[name]; return x.sockets_closed ? `${LABEL[name]}: ${x.sockets_closed} sockets closed by the server or the network during the section (codes ${JSON.stringify(x.close_codes ?? {})}), ${x.socket_errors ?? 0} socket errors.\n` : ""; }).join("")}
Raibu's highest sustained rate ÷ the bare relay's: **${fmt(h.throughput_ratio, "×")}** (target ≥ ${h.target}×: ${h.met ? "**met**" : "**not met**"}); server CPU per message, Raibu ÷ bare, median over the ${h.cpu_ratio_rates_compared} rates both sustained in the same round: **${fmt(h.cpu_ratio, "×")}** — workerd runs every object on one thread, so the CPU alone would allow Raibu **${fmt(h.cpu_bound_ratio, "×")}** the bare relay's ceiling.
`;
}

function profileSection() {
  const path = new URL("./profile.json", import.meta.url);
  if (!existsSync(path)) return "";
  const p = JSON.parse(readFileSync(path, "utf8"));
  const worker = p.isolates.reduce((a, b) => (b.busy_samples > a.busy_samples ? b : a));
  const others = p.isolates.filter((i) => i !== worker && i.busy_samples > 0);
  const share = (n) => Math.round((1000 * n) / worker.busy_samples) / 10;
  return `
## Where the CPU goes (profile run of ${p.date}, \`node bench/profile.mjs --rate=${p.rate}\`)

Raibu on tmpfs, ${p.rate.toLocaleString("en")} msgs/s over ${p.conversations} conversations for ${p.seconds} s with V8's sampling profiler on
(which itself costs: ${p.server_cpu_ms_per_msg} ms of server CPU a message while it runs). Shares of the Worker isolate's busy samples
(${worker.busy_samples.toLocaleString("en")}); a part counts every sample whose stack passes through it, so parts overlap.
${others.map((i) => `${i.target.replace(/^workerd: worker /, "")}: ${i.busy_samples.toLocaleString("en")} busy samples (${share(i.busy_samples)} % of the Worker's)`).join("; ")}.

| part of Raibu | share |
|---|---|
${worker.by_part.map((x) => `| ${x.part} | ${x.percent} % |`).join("\n")}

| innermost frame's module (self) | share |
|---|---|
${worker.self_by_module.slice(0, 12).map((x) => `| ${x.module} | ${x.percent} % |`).join("\n")}
`;
}

function chaosSection(chaos) {
  if (!chaos) return "";
  if (chaos.error) return `\n## Proof under faults (chaos)\n\nRun of ${chaos.date} **failed to complete**: ${chaos.error.split("\n")[0]}\n`;
  const f = chaos.faults;
  const p = f.params;
  const a = chaos.races.double_accept;
  const d = chaos.races.accept_vs_timeout;
  const problems = f.problems?.length ? `\n**Problems found** (first ${f.problems.length}):\n\n${f.problems.map((x) => `- ${x}`).join("\n")}\n` : "";
  const examples = [...(a.examples ?? []), ...(d.examples ?? [])];
  return `
## Proof under faults (chaos)

Run of ${chaos.date} (${chaos.wall_s} s; alone: \`npm run bench -- --only=chaos\`) against commit ${chaos.source?.commit ?? "?"}${chaos.source?.worker_uncommitted_changes ? " with uncommitted changes under worker/" : ""}:
the built bundle straight on workerd, state on disk. Seeded through the real endpoints (visitor session, conversation,
both agents' logins, « Attribuer à moi »), ${p.messages.toLocaleString("en")} messages over ${p.conversations} conversations
(${p.heavy.conversations} of them ${p.heavy.messages} messages, read back in more than one resume page), written from both sides
over ${p.sendMs / 1000} s by clients that keep an outbox, resend unacknowledged messages with the same id after
reconnecting and resume page by page until they hold the server's lastSeq (under the server's frame rates,
\`retryAfterMs\` obeyed). Meanwhile the harness drops a random socket about every ${p.dropEveryMs} ms (no close frame)
and kills workerd with SIGKILL at ${list(f.restart_at_s.map((x) => `${x} s`))}; Miniflare starts it again on the same state
(back in ${list(f.restart_down_ms.map((x) => `${x} ms`))}). At the end every conversation is read back from seq 0 on a
fresh console socket, page by page, and compared with what was sent and with what each side holds.

| sent | stored | delivered | lost | duplicated | out of order | reconnects | restarts | result |
|---|---|---|---|---|---|---|---|---|
| ${f.sent} | ${f.stored} | ${f.delivered} | ${f.lost} | ${f.duplicated} | ${f.out_of_order} | ${f.reconnects} | ${f.restarts} | ${f.ok ? "**pass**" : "**FAIL**"} |

- Delivered = messages of the other side each client received (welcome, live or resume), each once; expected ${f.delivered_expected}.
  Lost = not in the read-back (${f.lost_not_stored}) + stored but never received by a side (${f.lost_in_delivery}); a side holding another id at a seq: ${f.mismatched}.
- Holes in the seqs below lastSeq: ${f.seq_holes} (they would keep a client resuming "until it holds lastSeq" forever);
  a resent stored message keeps the seqs contiguous: ${f.resend_probe?.seqs_stay_contiguous ? "yes" : "**no**"} (acks ${f.resend_probe?.first_seq} / ${f.resend_probe?.resent_ack_seq}, next ${f.resend_probe?.next_seq}).
- ${f.socket_drops} sockets dropped, ${f.resends} messages resent, ${f.resumes} resume frames (${f.readback_pages} read-back pages), ${f.redelivered_frames} frames of an already-held seq,
  ${f.rate_limited} \`rate_limited\` answers, ${f.closed_1008} closes 1008; all acknowledged ${f.send_s} s + ${f.drain_s} s after the first message.
${problems}
### Races

| race | conversations | outcome counts | result |
|---|---|---|---|
| visitor \`request\`, then the owner and the agent accept in the same tick | ${a.conversations} | one winner ${a.one_winner} (owner ${a.winners.owner}, agent ${a.winners.agent}), both won ${a.both_won}, none won ${a.none_won}, inconsistent ${a.inconsistent} | ${a.one_winner === a.conversations ? "**pass**" : "**FAIL**"} |
| accept fired ${d.window_ms[0]}…+${d.window_ms[1]} ms from a ${d.timeout_s} s request deadline (the timeout alarm) | ${d.conversations} | accepted ${d.accepted}, timed out ${d.timed_out}, inconsistent ${d.inconsistent} | ${d.inconsistent === 0 && d.accepted + d.timed_out === d.conversations ? "**pass**" : "**FAIL**"} |

- One winner = one 200 and one 409 \`already_taken\`, the final state live with the winner as assignee and one "accepted" notice;
  the 409 named the winner in its \`assignee\` field ${a.loser_told_winner} times.
- Accepted = 200, then live with one "accepted" notice and no timeout notice; timed out = 409 \`no_request\`, then the offline form
  with one timeout notice and no "accepted" one. Accepts that won were fired ${range(d.accepted_fired_ms_from_deadline)} ms from the deadline,
  those that lost ${range(d.timed_out_fired_ms_from_deadline)} ms; the visitor heard of a timeout ${range(d.visitor_told_ms_from_deadline?.timed_out)} ms after it.
${examples.length ? `\n${examples.map((x) => `- ${x}`).join("\n")}\n` : ""}`;
}

export function writeReport(results, url) {
  const { relay, machine, date, source } = results;
  const get = (name, path) => path.reduce((o, k) => (o == null ? undefined : o[k]), relay[name]);
  const p50Ratio = ratio(get("raibu", ["p50_ms"]), get("socketio", ["p50_ms"]));
  const devRatioP50 = ratio(get("raibu_wrangler_dev", ["p50_ms"]), get("raibu", ["p50_ms"]));
  const devRatioP99 = ratio(get("raibu_wrangler_dev", ["p99_ms"]), get("raibu", ["p99_ms"]));
  const tputRatio = ratio(get("raibu", ["msgs_per_s"]), get("socketio", ["msgs_per_s"]));
  const floorP50 = ratio(get("bare_do", ["p50_ms"]), get("socketio", ["p50_ms"]));
  const overFloorP50 = ratio(get("raibu", ["p50_ms"]), get("bare_do", ["p50_ms"]));
  const floorTput = get("bare_do", ["msgs_per_s"]);
  const overFloorCpu = ratio(get("raibu", ["at_1000_per_s_100_conversations", "server_cpu_ms_per_msg"]), get("bare_do", ["at_1000_per_s_100_conversations", "server_cpu_ms_per_msg"]));
  const raibuTput = get("raibu", ["msgs_per_s"]);
  const tmpfsP50 = ratio(get("raibu_tmpfs", ["p50_ms"]), get("socketio", ["p50_ms"]));
  const tmpfsTput = get("raibu_tmpfs", ["msgs_per_s"]);
  const floorTmpfsP50 = ratio(get("bare_do_tmpfs", ["p50_ms"]), get("socketio", ["p50_ms"]));
  const floorTmpfsTput = get("bare_do_tmpfs", ["msgs_per_s"]);
  const fsyncCpu = ratio(get("raibu", ["at_1000_per_s_100_conversations", "server_cpu_ms_per_msg"]), get("raibu_tmpfs", ["at_1000_per_s_100_conversations", "server_cpu_ms_per_msg"]));
  const met = (ok) => (ok === null ? "not measured" : ok ? "**met**" : "**not met**");
  const errors = ORDER.filter((n) => relay[n]?.error).map((n) => `- ${n}: ${relay[n].error.split("\n")[0]}`);

  const md = `# Relay benchmark: visitor socket → agent socket

Generated by \`npm run bench\` (bench/run.mjs) on ${date}, in ${results.duration_s} s, against commit
${source?.commit ?? "?"} (“${source?.subject ?? ""}”)${source?.worker_uncommitted_changes ? ", with uncommitted changes under worker/" : ""}. Numbers from a noisy
2-core machine (other jobs may run on it: see “other load”): compare systems within one run, not across runs.

## Machine

- CPU: ${machine.cpu}, ${machine.cores} cores; memory ${machine.memory_gb} GB; kernel ${machine.kernel}; load average at start ${machine.load_avg_at_start.join(" / ")}; the bench ran at niceness ${machine.bench_priority ?? 0} (negative: ahead of other jobs)
- Node ${machine.node}; workerd ${machine.workerd}; wrangler ${machine.wrangler}; miniflare ${machine.miniflare}; ws ${machine.ws}; socket.io ${machine["socket.io"]} (client ${machine["socket.io-client"]})

## What is measured

One load client (bench/loadClient.mjs) for every system, in the bench's own Node process. Per conversation
one visitor socket and one agent socket. Messages are offered open-loop at a fixed rate, round-robin over the
conversations; each carries a unique id and its send timestamp (\`performance.now()\`), and the latency is
taken when the agent socket receives it; the agent holds each Raibu conversation (a live chat, the bot out of
the way). Raibu stores every message in the conversation's Durable Object (SQLite) before the ack and the
delivery leave (output gate); so does the bare Durable Object relay, which does nothing else (no validation,
state machine, lobby or D1): the floor of any design on Durable Objects. Both run twice: with the state on this
machine's disk, where workerd's local storage makes every commit an fsync, and on tmpfs, where the same SQLite
commits cost no fsync (Cloudflare's storage makes a write durable by replicating it, not by a local fsync; the
network trip it adds is not modelled by either). The two Node relays store nothing. Every phase
(warm-ups included) counts sent, received, duplicated and misrouted ids; a message not received within the
drain window of its phase (10–15 s) is *late*; one still missing after a final 20 s grace period at the end of
the system's run is *lost*, and the run fails if any system loses or duplicates one. Server CPU per message is
the CPU time of the system's processes (from /proc) over the phase divided by the messages delivered;
“other load” is the CPU the rest of the machine used meanwhile (2 cores in all).

- (a) ${results.scenarios.a.rate} msgs/s over ${results.scenarios.a.conversations} conversations, ${results.scenarios.a.durationMs / 1000} s measured after a ${results.scenarios.a.warmMs / 1000} s warm-up.
- (b) ${results.scenarios.b.rate} msgs/s over ${results.scenarios.b.conversations} conversations, ${results.scenarios.b.durationMs / 1000} s after a ${results.scenarios.b.warmMs / 1000} s warm-up.
- Ramp over ${results.scenarios.ramp.conversations} conversations, ${results.scenarios.ramp.stepMs / 1000} s per step (${results.scenarios.ramp.rates.map((r) => r / 1000 + "k").join(", ")} msgs/s), each step drained before the next; a failed step is retried once, the ramp stops at the first step failed twice. Sustained = nothing lost or duplicated, delivered ≥ 95 % of offered, p99 < 1 s.
${errors.length ? `\n**Errors:**\n${errors.join("\n")}\n` : ""}
## (a) 1,000 msgs/s over 100 conversations

${fixedTable(relay, "at_1000_per_s_100_conversations")}

## (b) 2,000 msgs/s over 1,000 conversations

${fixedTable(relay, "at_2000_per_s_1000_conversations")}

## Highest sustained throughput (ramp, 100 conversations)

${rampTable(relay)}

## Totals (all phases, warm-ups included)

| system | sent | received | late (after their phase's drain) | lost (never received) | duplicated | misrouted |
|---|---|---|---|---|---|---|
${ORDER.filter((n) => relay[n] && !relay[n].error)
  .map((n) => `| ${LABEL[n]} | ${relay[n].sent} | ${relay[n].received} | ${relay[n].late} | ${relay[n].lost} | ${relay[n].duplicated} | ${relay[n].misrouted} |`)
  .join("\n")}

## Ratios

- Raibu on workerd p50 ÷ Socket.IO p50 at 1,000 msgs/s: **${fmt(p50Ratio, "×")}**
- Raibu through wrangler dev ÷ straight on workerd: p50 **${fmt(devRatioP50, "×")}**, p99 **${fmt(devRatioP99, "×")}**
- Raibu throughput ÷ Socket.IO throughput (highest sustained): **${fmt(tputRatio, "×")}**
- The floor: bare Durable Object p50 ÷ Socket.IO p50 at 1,000 msgs/s **${fmt(floorP50, "×")}**; its highest sustained **${fmt(floorTput, " msgs/s")}**
- Raibu over the floor at 1,000 msgs/s: p50 **${fmt(overFloorP50, "×")}**, server CPU per message **${fmt(overFloorCpu, "×")}**
- State on tmpfs: Raibu p50 ÷ Socket.IO p50 **${fmt(tmpfsP50, "×")}**, highest sustained **${fmt(tmpfsTput, " msgs/s")}**; the bare relay **${fmt(floorTmpfsP50, "×")}**, **${fmt(floorTmpfsTput, " msgs/s")}**; Raibu's server CPU per message on disk ÷ on tmpfs **${fmt(fsyncCpu, "×")}**

## Targets

| target | measured | status |
|---|---|---|
| straight on workerd, p50 ≤ ${TARGETS.p50RatioToSocketIo}× Socket.IO at 1,000 msgs/s | ${fmt(p50Ratio, "×")} | ${met(p50Ratio === null ? null : p50Ratio <= TARGETS.p50RatioToSocketIo)} |
| ≥ ${TARGETS.sustainedPerS.toLocaleString("en")} persisted msgs/s sustained (straight on workerd) | ${fmt(raibuTput, " msgs/s")} | ${met(raibuTput === undefined ? null : raibuTput >= TARGETS.sustainedPerS)} |
| the same two with the state on tmpfs (for reference: no fsync per commit) | ${fmt(tmpfsP50, "×")}, ${fmt(tmpfsTput, " msgs/s")} | ${tmpfsP50 === null || tmpfsTput === undefined ? "not measured" : tmpfsP50 <= TARGETS.p50RatioToSocketIo && tmpfsTput >= TARGETS.sustainedPerS ? "both within" : "not within"} |
| the floor on disk: bare Durable Object relay | ${fmt(floorP50, "×")}, ${fmt(floorTput, " msgs/s")} | ${floorP50 === null || floorTput === undefined ? "not measured" : floorP50 <= TARGETS.p50RatioToSocketIo && floorTput >= TARGETS.sustainedPerS ? "both within" : "not within"} |
| head to head on tmpfs: Raibu's highest sustained ≥ 80 % of the bare relay's, same run | ${results.head_to_head?.systems ? `${results.head_to_head.systems.raibu_tmpfs.max_sustained_offered_per_s} ÷ ${results.head_to_head.systems.bare_do_tmpfs.max_sustained_offered_per_s} msgs/s = ${fmt(results.head_to_head.throughput_ratio, "×")}` : "–"} | ${met(results.head_to_head?.systems ? results.head_to_head.met : null)} |
${headToHeadSection(results.head_to_head)}${profileSection()}${attributionSection()}${chaosSection(results.chaos)}${inboxSection(results.inbox)}${callsSection(results.calls)}${exportSection(results.export)}${metricsSection(results.metrics)}`;
  writeFileSync(url, md);
}
