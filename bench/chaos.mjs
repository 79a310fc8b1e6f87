// The `chaos` section of `npm run bench` (`--only=chaos` alone): messages written from both sides of 100
// conversations while sockets drop and workerd is killed with SIGKILL, then the races (races.mjs).
import { performance } from "node:perf_hooks";
import { agentEndpoint, apiOk, loginAdmin, loginAgent, openFrames, readBack, visitorEndpoint, visitorSession } from "./chaosApi.mjs";
import { ChaosClient, parseChaosId } from "./chaosClient.mjs";
import { processTree } from "./lib/cpu.mjs";
import { mapLimit, round, sleep } from "./lib/stats.mjs";
import { runRaces } from "./races.mjs";
import { startRaibuOnWorkerd } from "./systems/raibu.mjs";
import { INTERFACE_ID, TMP } from "./systems/raibuCommon.mjs";

export const CHAOS = {
  messages: 10_000,
  conversations: 100,
  /** Two conversations hold 550 messages each (3.7/s per side), so reading them back takes more than one resume page (500). */
  heavy: { conversations: 2, messages: 550 },
  sendMs: 75_000,
  dropEveryMs: 200,
  /** When workerd is killed, as fractions of the send window. */
  killsAt: [0.35, 0.7],
  drainTimeoutMs: 120_000,
};
const TICK_MS = 20;

/** Messages per conversation: the heavy ones first, the rest spread evenly. */
function perConversation({ messages, conversations, heavy }) {
  const light = conversations - heavy.conversations;
  const rest = messages - heavy.conversations * heavy.messages;
  return Array.from({ length: conversations }, (_, i) => (i < heavy.conversations ? heavy.messages : Math.floor(rest / light) + (i - heavy.conversations < rest % light ? 1 : 0)));
}

async function healthy(base, timeoutMs) {
  const until = performance.now() + timeoutMs;
  while (performance.now() < until) {
    try {
      const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return true;
    } catch {
      // still down
    }
    await sleep(50);
  }
  return false;
}

/** SIGKILLs every workerd under this process and waits until Miniflare has started a new one on the same state and it answers. */
async function killWorkerd(base, log) {
  const before = processTree(process.pid, "workerd");
  if (before.length === 0) throw new Error("no workerd process to kill");
  const t = performance.now();
  for (const pid of before) process.kill(pid, "SIGKILL");
  await sleep(100);
  const up = await healthy(base, 60_000);
  const after = processTree(process.pid, "workerd");
  const restarted = up && after.length > 0 && after.every((pid) => !before.includes(pid));
  const downMs = round(performance.now() - t, 0);
  log(`chaos: workerd ${before.join(",")} killed with SIGKILL; ${restarted ? `back as ${after.join(",")} in ${downMs} ms` : "NOT back"}`);
  if (!restarted) throw new Error(`workerd did not come back within 60 s after SIGKILL (pids before ${before}, after ${after})`);
  return downMs;
}

/** Seeds the conversations through the real endpoints and opens both sides of each. */
async function seed(base, admin, agent, counts) {
  const sessions = await mapLimit(counts, 8, (_, i) => visitorSession(base, INTERFACE_ID, i));
  // Each conversation is held by one of the two agents (even: the owner, odd: the agent), as « Attribuer à moi ».
  const holders = sessions.map((_, i) => (i % 2 === 0 ? admin : agent));
  await mapLimit(sessions, 8, (s, i) => apiOk(base, "POST", `/api/conversations/${s.conversationId}/assign`, { cookie: holders[i].cookie }));
  return sessions.map((s, i) => ({ ...s, holder: holders[i] }));
}

export async function runChaos({ base, admin, agent, log }) {
  const t0 = performance.now();
  const counts = perConversation(CHAOS);
  const conversations = await seed(base, admin, agent, counts);
  log(`chaos: ${conversations.length} conversations seeded (sessions, assign) in ${round((performance.now() - t0) / 1000, 1)} s`);

  const stats = { reconnects: 0, resends: 0, resumes: 0, resume_stalls: 0, redelivered_frames: 0, seq_holes_skipped: 0, out_of_order_frames: 0, duplicate_acks: 0, rate_limited: 0, closed_1008: 0, upgrade_429: 0, problems: {} };
  const problems = [];
  const sendStart = performance.now() + 3000;
  const clients = conversations.flatMap((c, conv) => {
    const visitorCount = Math.ceil(counts[conv] / 2);
    const sides = [
      ["visitor", visitorEndpoint(base, c), visitorCount],
      ["agent", agentEndpoint(base, c.conversationId, c.holder.cookie), counts[conv] - visitorCount],
    ];
    return sides.map(([role, endpoint, count]) => {
      const everyMs = CHAOS.sendMs / count;
      return new ChaosClient({ conv, role, endpoint, count, startAt: sendStart + Math.random() * everyMs, everyMs, stats, problems });
    });
  });
  for (const client of clients) client.connect();

  let drops = 0;
  let stopFaults = false;
  const ticker = setInterval(() => {
    const now = performance.now();
    for (const client of clients) client.pump(now);
  }, TICK_MS);
  const dropper = (async () => {
    await sleep(sendStart - performance.now());
    while (!stopFaults) {
      await sleep(CHAOS.dropEveryMs * (0.5 + Math.random()));
      const live = clients.filter((c) => c.ready);
      if (live.length && live[Math.floor(Math.random() * live.length)].drop()) drops += 1;
    }
  })();
  const restarts = [];
  for (const at of CHAOS.killsAt) {
    await sleep(sendStart + at * CHAOS.sendMs - performance.now());
    restarts.push({ at_s: round((performance.now() - sendStart) / 1000, 1), down_ms: await killWorkerd(base, log) });
  }
  await sleep(sendStart + CHAOS.sendMs - performance.now());
  stopFaults = true;
  await dropper;
  const sendS = round((performance.now() - sendStart) / 1000, 1);
  log(`chaos: send window over (${sendS} s, ${drops} sockets dropped, ${restarts.length} restarts); draining`);

  // Drain: every outbox acknowledged, then every client caught up with the lastSeq the server names.
  const drainStart = performance.now();
  const allDone = () => clients.every((c) => c.done);
  while (!allDone() && performance.now() - drainStart < CHAOS.drainTimeoutMs) await sleep(100);
  // One resume each to learn the server's lastSeq, then again (paged) for those still behind.
  for (const c of clients) if (c.ready && !c.resumeInFlight) c.resume(c.held);
  while (performance.now() - drainStart < CHAOS.drainTimeoutMs) {
    await sleep(300);
    const lastByConv = new Map();
    for (const c of clients) lastByConv.set(c.conv, Math.max(lastByConv.get(c.conv) ?? 0, c.serverLastSeq));
    const behind = clients.filter((c) => !c.ready || c.resumeInFlight || c.held < lastByConv.get(c.conv));
    if (behind.length === 0) break;
    for (const c of behind) if (c.ready && !c.resumeInFlight) c.resume(c.held);
  }
  clearInterval(ticker);
  const drainS = round((performance.now() - drainStart) / 1000, 1);
  const unacked = clients.reduce((n, c) => n + c.outbox.length + (c.count - c.generated), 0);
  for (const c of clients.filter((x) => x.outbox.length > 0)) c.problem(`${c.outbox.length} messages never acknowledged (first ${c.outbox[0].id}, sent ${c.outbox[0].sends} times)`, "unacknowledged");
  for (const client of clients) client.stop();

  const verdict = await verify({ base, admin, conversations, counts, clients, stats });
  const result = {
    params: CHAOS,
    sent: clients.reduce((n, c) => n + c.sentIds, 0),
    ...verdict.counts,
    reconnects: stats.reconnects,
    restarts: restarts.length,
    socket_drops: drops,
    restart_at_s: restarts.map((r) => r.at_s),
    restart_down_ms: restarts.map((r) => r.down_ms),
    unacknowledged_at_end: unacked,
    resends: stats.resends,
    resumes: stats.resumes,
    resume_stalls: stats.resume_stalls,
    redelivered_frames: stats.redelivered_frames,
    seq_holes_skipped_by_clients: stats.seq_holes_skipped,
    out_of_order_frames: stats.out_of_order_frames,
    rate_limited: stats.rate_limited,
    closed_1008: stats.closed_1008,
    upgrade_429: stats.upgrade_429,
    duplicate_acks: stats.duplicate_acks,
    problem_counts: stats.problems,
    send_s: sendS,
    drain_s: drainS,
    wall_s: round((performance.now() - t0) / 1000, 1),
    problems: [...problems, ...verdict.problems].slice(0, 60),
  };
  result.resend_probe = await resendProbe(base, admin);
  // A hole in the seqs fails too: a client resuming "until it holds lastSeq" cannot tell it from a lost message.
  result.ok =
    result.lost === 0 && result.duplicated === 0 && result.out_of_order === 0 && result.mismatched === 0 && result.seq_holes === 0 && result.readback_incomplete === 0 && unacked === 0 && result.sent === CHAOS.messages &&
    result.resend_probe.seqs_stay_contiguous;
  return result;
}

/**
 * What the server stored, read back page by page from seq 0 on a fresh console socket per conversation,
 * against what was sent and what each client holds. Problems are summarised per conversation.
 */
async function verify({ base, admin, conversations, counts, clients, stats }) {
  const problems = [];
  const note = (text) => problems.length < 60 && problems.push(text);
  // Out of order: a message frame below an earlier one on the same socket, or a writer's messages stored out of writing order.
  const c = { stored: 0, lost_not_stored: 0, lost_in_delivery: 0, duplicated: stats.problems.duplicated ?? 0, mismatched: stats.problems.mismatched ?? 0, out_of_order: stats.out_of_order_frames, seq_holes: 0, delivered: 0, readback_pages: 0, readback_incomplete: 0 };
  const reads = await mapLimit(conversations, 8, (conv) => readBack(agentEndpoint(base, conv.conversationId, admin.cookie)));
  reads.forEach((read, conv) => {
    const where = `conversation ${conv} (${conversations[conv].conversationId})`;
    c.readback_pages += read.pages;
    if (read.stalled) {
      c.readback_incomplete += 1;
      note(`${where}: resume from seq ${read.held} brought nothing, lastSeq ${read.lastSeq}`);
    }
    if (read.holes.length) {
      c.seq_holes += read.holes.length;
      note(`${where}: no message at seq ${read.holes.slice(0, 12).join(", ")}${read.holes.length > 12 ? "…" : ""} (${read.holes.length} holes below lastSeq ${read.lastSeq})`);
    }
    const seen = new Map();
    const lastN = { visitor: -1, agent: -1 };
    for (const m of read.messages) {
      const id = parseChaosId(m.id);
      if (!id) continue;
      if (id.conv !== conv) note(`${m.id} stored in conversation ${conv}`);
      if (seen.has(m.id)) {
        c.duplicated += 1;
        note(`${where}: ${m.id} stored twice (seq ${seen.get(m.id)} and ${m.seq})`);
        continue;
      }
      seen.set(m.id, m.seq);
      c.stored += 1;
      if (m.author.kind !== id.role) note(`${where}: ${m.id} stored with author ${m.author.kind}`);
      // One writer's messages are stored in the order it wrote them, resends included.
      if (id.n < lastN[id.role]) {
        c.out_of_order += 1;
        note(`${where}: ${m.id} stored at seq ${m.seq}, after the same writer's n=${lastN[id.role]}`);
      }
      lastN[id.role] = Math.max(lastN[id.role], id.n);
    }
    const visitorCount = Math.ceil(counts[conv] / 2);
    const missing = [];
    for (const [role, count] of [["visitor", visitorCount], ["agent", counts[conv] - visitorCount]]) {
      for (let n = 0; n < count; n++) {
        const id = `C${String(conv).padStart(3, "0")}${role === "visitor" ? "v" : "a"}${String(n).padStart(5, "0")}`;
        if (!seen.has(id)) missing.push(id);
      }
    }
    if (missing.length) {
      c.lost_not_stored += missing.length;
      note(`${where}: ${missing.length} messages not in the read-back from seq 0: ${missing.slice(0, 8).join(", ")}${missing.length > 8 ? "…" : ""}`);
    }
    // Each side holds every stored message at its seq, once, and nothing else.
    for (const client of clients.filter((x) => x.conv === conv)) {
      c.delivered += client.delivered;
      const notHeld = read.messages.filter((m) => !client.bySeq.has(m.seq));
      const wrong = read.messages.filter((m) => client.bySeq.has(m.seq) && client.bySeq.get(m.seq) !== m.id);
      const extra = [...client.bySeq.keys()].filter((seq) => !read.messages.some((m) => m.seq === seq));
      c.lost_in_delivery += notHeld.length;
      c.mismatched += wrong.length + extra.length;
      if (notHeld.length) note(`${where}: the ${client.role} never received seq ${notHeld.slice(0, 8).map((m) => `${m.seq} (${m.id})`).join(", ")}`);
      if (wrong.length) note(`${where}: the ${client.role} holds other ids at seq ${wrong.slice(0, 8).map((m) => `${m.seq} (${client.bySeq.get(m.seq)}, stored ${m.id})`).join(", ")}`);
      if (extra.length) note(`${where}: the ${client.role} holds seq ${extra.slice(0, 8).join(", ")}, not in the read-back`);
    }
  });
  return {
    counts: { stored: c.stored, delivered: c.delivered, delivered_expected: c.stored, lost: c.lost_not_stored + c.lost_in_delivery, ...c },
    problems,
  };
}

/**
 * A resend of a stored message (its ack lost) must not use up a seq: a visitor writes P1, sends P1
 * again, then P2, on a conversation an agent holds (no bot reply between). P2 must come right after P1.
 */
async function resendProbe(base, admin) {
  const session = await visitorSession(base, INTERFACE_ID, "resend probe");
  await apiOk(base, "POST", `/api/conversations/${session.conversationId}/assign`, { cookie: admin.cookie });
  const sock = await openFrames(visitorEndpoint(base, session));
  try {
    const ackOf = async (id) => (await sock.next((f) => (f.type === "ack" && f.id === id) || (f.type === "error" && f.id === id), 10_000)) ?? { type: "timeout" };
    const tag = Date.now().toString(36);
    const [p1, p2] = [`probe1${tag}`, `probe2${tag}`];
    sock.send({ type: "message", id: p1, text: "probe one" });
    const first = await ackOf(p1);
    sock.send({ type: "message", id: p1, text: "probe one" });
    const again = await ackOf(p1);
    sock.send({ type: "message", id: p2, text: "probe two" });
    const second = await ackOf(p2);
    const contiguous = first.seq !== undefined && again.seq === first.seq && second.seq === first.seq + 1;
    return { conversation: session.conversationId, first_seq: first.seq ?? null, resent_ack_seq: again.seq ?? null, next_seq: second.seq ?? null, seqs_stay_contiguous: contiguous };
  } finally {
    sock.close();
  }
}

/** The whole section: Raibu on workerd with its state on disk, the fault run, then the races on the same server. */
export async function runChaosSection(log) {
  const t0 = performance.now();
  log("chaos: starting Raibu on workerd (state on disk)");
  const app = await startRaibuOnWorkerd({ label: "chaos", persistRoot: TMP, frameRateScale: null });
  try {
    const admin = await loginAdmin(app.base);
    const agent = await loginAgent(app.base);
    const faults = await runChaos({ base: app.base, admin, agent, log });
    log(
      `chaos: sent ${faults.sent}, stored ${faults.stored}, delivered ${faults.delivered}, lost ${faults.lost}, duplicated ${faults.duplicated}, out of order ${faults.out_of_order}, reconnects ${faults.reconnects}, restarts ${faults.restarts}`,
    );
    const races = await runRaces({ base: app.base, admin, agent, log });
    return { date: new Date().toISOString(), faults, races, wall_s: round((performance.now() - t0) / 1000, 1) };
  } finally {
    await app.stop();
  }
}

/** What fails the run: a loss, a duplicate, a message out of order, a race with two or no outcomes. */
export function chaosFailures(chaos) {
  if (chaos.error) return [`chaos: ${chaos.error.split("\n")[0]}`];
  const f = chaos.faults;
  const failures = [];
  if (!f.ok) failures.push(`chaos: sent ${f.sent}/${f.params.messages}, resend keeps seqs contiguous ${f.resend_probe.seqs_stay_contiguous}, lost ${f.lost}, duplicated ${f.duplicated}, mismatched ${f.mismatched}, out of order ${f.out_of_order}, seq holes ${f.seq_holes}, unacknowledged ${f.unacknowledged_at_end}`);
  const a = chaos.races.double_accept;
  if (a.one_winner !== a.conversations) failures.push(`races (two accepts): one winner ${a.one_winner}/${a.conversations}, both won ${a.both_won}, none won ${a.none_won}, inconsistent ${a.inconsistent}`);
  const d = chaos.races.accept_vs_timeout;
  if (d.inconsistent > 0 || d.accepted + d.timed_out !== d.conversations) failures.push(`races (accept at the deadline): accepted ${d.accepted}, timed out ${d.timed_out}, inconsistent ${d.inconsistent} of ${d.conversations}`);
  return failures;
}
