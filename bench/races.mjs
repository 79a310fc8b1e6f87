// The races of the chaos section: two agents accepting one live request at the same instant, and an
// accept meeting the request's timeout alarm at its deadline. Each must end with exactly one outcome.
import { performance } from "node:perf_hooks";
import { agentEndpoint, api, apiOk, openFrames, visitorEndpoint, visitorSession } from "./chaosApi.mjs";
import { mapLimit, round, sleep } from "./lib/stats.mjs";
import { INTERFACE_ID } from "./systems/raibuCommon.mjs";

export const RACES = {
  doubleAccept: { conversations: 1000, concurrency: 16 },
  /**
   * The shortest request timeout a Live chat step allows; each accept fires at its deadline plus a random
   * offset in `windowMs`. The alarm runs a little after its time (here 15–250 ms, more under load), so the
   * window leans late to put about as many accepts on each side of it.
   */
  deadline: { conversations: 200, timeoutSeconds: 10, windowMs: [-100, 300], concurrency: 20 },
};

/** Opens the visitor's socket and sends a live request; answers the socket and the `requested` state. */
async function request(base, session) {
  const sock = await openFrames(visitorEndpoint(base, session));
  sock.send({ type: "request", kind: "live" });
  const frame = await sock.next((f) => (f.type === "state" && f.conversation.status === "requested") || f.type === "error", 15_000);
  if (frame?.type !== "state") {
    sock.close();
    throw new Error(`request of ${session.conversationId}: ${frame ? `${frame.code}: ${frame.message}` : "no requested state within 15 s"}`);
  }
  return { sock, view: frame.conversation };
}

/** The conversation as it ends up: a fresh console socket's welcome (state and notices). */
async function finalState(base, conversationId, admin) {
  const sock = await openFrames(agentEndpoint(base, conversationId, admin.cookie));
  sock.close();
  const notices = sock.welcome.messages.map((m) => m.notice?.code).filter(Boolean);
  const count = (code) => notices.filter((n) => n === code).length;
  return { status: sock.welcome.conversation.status, assignee: sock.welcome.conversation.assignee, accepted: count("accepted"), timedOut: count("request_timeout") };
}

const accept = (base, conversationId, who) => api(base, "POST", `/api/conversations/${conversationId}/accept`, { cookie: who.cookie });

/** 1,000 live requests, each accepted by the owner and the agent in the same tick: one 200, one 409 already_taken. */
async function doubleAccept({ base, admin, agent, log }) {
  const { conversations, concurrency } = RACES.doubleAccept;
  const t0 = performance.now();
  const out = { conversations, one_winner: 0, both_won: 0, none_won: 0, inconsistent: 0, loser_told_winner: 0, winners: { owner: 0, agent: 0 }, examples: [] };
  const example = (text) => out.examples.length < 10 && out.examples.push(text);
  await mapLimit(Array.from({ length: conversations }), concurrency, async (_, i) => {
    const session = await visitorSession(base, INTERFACE_ID, `race ${i}`);
    const { sock } = await request(base, session);
    // Which request leaves first alternates at random: the same tick, no favourite.
    const adminFirst = Math.random() < 0.5;
    const fired = adminFirst ? [accept(base, session.conversationId, admin), accept(base, session.conversationId, agent)] : [accept(base, session.conversationId, agent), accept(base, session.conversationId, admin)];
    const answers = await Promise.all(fired);
    const [a, b] = adminFirst ? answers : [answers[1], answers[0]];
    sock.close();
    const fin = await finalState(base, session.conversationId, admin);
    const won = [a, b].map((r) => r.status === 200);
    const winners = won.filter(Boolean).length;
    if (winners === 2) {
      out.both_won += 1;
      return example(`${session.conversationId}: both accepts answered 200; final assignee ${fin.assignee?.name}, ${fin.accepted} "accepted" notices`);
    }
    if (winners === 0) {
      out.none_won += 1;
      return example(`${session.conversationId}: no accept won (${a.status} ${a.body?.error?.code}, ${b.status} ${b.body?.error?.code}); final ${fin.status}`);
    }
    const [winner, loser, loserRes] = won[0] ? [admin, agent, b] : [agent, admin, a];
    const lostRight = loserRes.status === 409 && loserRes.body?.error?.code === "already_taken";
    const consistent = lostRight && fin.status === "live" && fin.assignee?.id === winner.id && fin.accepted === 1;
    if (!consistent) {
      out.inconsistent += 1;
      return example(
        `${session.conversationId}: ${winner.email} won, ${loser.email} got ${loserRes.status} ${loserRes.body?.error?.code}; final ${fin.status}, assignee ${fin.assignee?.id}, ${fin.accepted} "accepted" notices`,
      );
    }
    out.one_winner += 1;
    out.winners[winner === admin ? "owner" : "agent"] += 1;
    if (loserRes.body?.error?.assignee?.id === winner.id) out.loser_told_winner += 1;
  });
  out.wall_s = round((performance.now() - t0) / 1000, 1);
  log(`races: two accepts × ${conversations}: one winner ${out.one_winner}, both won ${out.both_won}, none won ${out.none_won}, inconsistent ${out.inconsistent} (${out.wall_s} s)`);
  return out;
}

/** An interface whose Live chat step times out after `timeoutSeconds`, and waits even with nobody online. */
async function shortTimeoutInterface(base, admin, timeoutSeconds) {
  const { body: iface } = await apiOk(base, "POST", "/api/interfaces", { cookie: admin.cookie, body: { name: "Deadline races", language: "en", allowedOrigins: [base] } });
  const { body: doc } = await apiOk(base, "GET", `/api/interfaces/${iface.id}/flow`, { cookie: admin.cookie });
  const flow = doc.draft;
  const live = flow.steps.filter((s) => s.kind === "live_chat");
  if (live.length === 0) throw new Error("the default flow has no Live chat step");
  for (const step of live) Object.assign(step, { timeoutSeconds, whenNobodyOnline: "wait", offlineForm: { ...step.offlineForm, enabled: true } });
  await apiOk(base, "PUT", `/api/interfaces/${iface.id}/flow`, { cookie: admin.cookie, body: { flow } });
  await apiOk(base, "POST", `/api/interfaces/${iface.id}/flow/publish`, { cookie: admin.cookie });
  return iface.id;
}

/**
 * 200 live requests with a 10 s timeout, each accepted at about its deadline: either the accept
 * wins (200, live, no timeout notice) or the alarm does (409 no_request, offline form, no accept notice).
 */
async function acceptAtDeadline({ base, admin, log }) {
  const { conversations, timeoutSeconds, windowMs, concurrency } = RACES.deadline;
  const t0 = performance.now();
  const interfaceId = await shortTimeoutInterface(base, admin, timeoutSeconds);
  const sessions = await mapLimit(Array.from({ length: conversations }), 8, (_, i) => visitorSession(base, interfaceId, `deadline ${i}`));
  const out = { conversations, timeout_s: timeoutSeconds, window_ms: windowMs, accepted: 0, timed_out: 0, inconsistent: 0, accepted_offsets_ms: [], timed_out_offsets_ms: [], examples: [] };
  const example = (text) => out.examples.length < 10 && out.examples.push(text);
  const fired = await mapLimit(sessions, concurrency, async (session) => {
    const { sock, view } = await request(base, session);
    const offset = Math.round(windowMs[0] + Math.random() * (windowMs[1] - windowMs[0]));
    return { session, sock, deadline: view.requestDeadline, offset };
  });
  // Every accept at its own deadline + offset (wall clock, the one workerd's alarms use on this machine).
  const answers = await Promise.all(
    fired.map(async (f) => {
      await sleep(f.deadline + f.offset - Date.now());
      const firedAt = Date.now();
      const res = await accept(base, f.session.conversationId, admin);
      return { ...f, res, lateMs: firedAt - f.deadline };
    }),
  );
  await sleep(1500); // let any alarm still due run
  // When the visitor heard the outcome (the first state frame past `requested`), from the deadline.
  for (const f of answers) {
    const ended = await f.sock.next((x) => x.type === "state" && x.conversation.status !== "requested", 0);
    f.heardMs = ended ? ended.receivedAt - f.deadline : null;
    f.sock.close();
  }
  const heard = { accepted: [], timed_out: [] };
  await mapLimit(answers, 8, async ({ session, res, offset, lateMs, heardMs }) => {
    const fin = await finalState(base, session.conversationId, admin);
    const code = res.body?.error?.code;
    if (res.status === 200 && fin.status === "live" && fin.assignee?.id === admin.id && fin.accepted === 1 && fin.timedOut === 0) {
      out.accepted += 1;
      out.accepted_offsets_ms.push(lateMs);
      heard.accepted.push(heardMs);
    } else if (res.status === 409 && code === "no_request" && fin.status !== "live" && fin.status !== "requested" && fin.timedOut === 1 && fin.accepted === 0) {
      out.timed_out += 1;
      out.timed_out_offsets_ms.push(lateMs);
      heard.timed_out.push(heardMs);
    } else {
      out.inconsistent += 1;
      example(`${session.conversationId} (accept ${offset} ms from the deadline): HTTP ${res.status} ${code ?? ""}; final ${fin.status}, assignee ${fin.assignee?.id ?? "none"}, ${fin.accepted} accepted / ${fin.timedOut} timeout notices`);
    }
  });
  const span = (xs) => (xs.length ? [Math.min(...xs), Math.max(...xs)] : null);
  out.accepted_fired_ms_from_deadline = span(out.accepted_offsets_ms);
  out.timed_out_fired_ms_from_deadline = span(out.timed_out_offsets_ms);
  out.visitor_told_ms_from_deadline = { accepted: span(heard.accepted.filter((x) => x !== null)), timed_out: span(heard.timed_out.filter((x) => x !== null)) };
  delete out.accepted_offsets_ms;
  delete out.timed_out_offsets_ms;
  out.wall_s = round((performance.now() - t0) / 1000, 1);
  log(`races: accept at the deadline × ${conversations}: accepted ${out.accepted}, timed out ${out.timed_out}, inconsistent ${out.inconsistent} (${out.wall_s} s)`);
  return out;
}

export async function runRaces({ base, admin, agent, log }) {
  const double_accept = await doubleAccept({ base, admin, agent, log });
  const accept_vs_timeout = await acceptAtDeadline({ base, admin, log });
  return { double_accept, accept_vs_timeout };
}
