// The `calls` section of `npm run bench` (`--only=calls` alone): video calls made through the real endpoints
// (a visitor's video request accepted by an agent) and held between two Chromiums with fake cameras on the
// call pages; timed from both pages joined to the first remote video frame on each side, with the signalling
// frames the call's Durable Object relayed, next to two peer connections joined inside one page, and between
// the same two browsers with the bench carrying their signals (no server either way).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { apiOk, loginAdmin, openFrames, visitorEndpoint } from "./chaosApi.mjs";
import { launchChromium, loopbackCall, readProbe, twoBrowserCall } from "./callsBrowser.mjs";
import { percentile, round, sleep } from "./lib/stats.mjs";
import { startRaibuOnWorkerd } from "./systems/raibu.mjs";
import { INTERFACE_ID } from "./systems/raibuCommon.mjs";
import { ROOT } from "../scripts/localStack.mjs";

const flag = (name, fallback) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);

export const CALLS = {
  calls: flag("calls", 10),
  /** Untimed calls (and loopbacks) first: Chromium's first video call loads its codecs. */
  warmup: 1,
  /** After both first frames, the call goes on this long before the agent hangs up (late candidates counted). */
  holdMs: 2000,
  frameTimeoutMs: 30_000,
};
/** The frames the call object relays from one member to the other; the rest it says itself. */
const RELAYED = (kind) => kind.startsWith("signal:") || kind === "media";

/** A link signed for the deployment's origin, on the bench's own server. */
const onBase = (base, link) => {
  const url = new URL(link);
  return `${base}${url.pathname}${url.search}`;
};

/** A visitor on the demo's contact page asks for a video chat on their socket; the admin accepts it. Answers the call's links. */
async function acceptedVideoRequest(base, admin, i) {
  const { body: s } = await apiOk(base, "POST", "/api/widget/session", { body: { interfaceId: INTERFACE_ID, hostOrigin: base, page: { url: `${base}/demo/contact`, title: `call ${i}` } } });
  const { body: conv } = await apiOk(base, "POST", "/api/widget/conversations", { bearer: s.visitorToken });
  const session = { visitorToken: s.visitorToken, conversationId: conv.conversationId };
  const sock = await openFrames(visitorEndpoint(base, session));
  try {
    sock.send({ type: "request", kind: "video" });
    const frame = await sock.next((f) => (f.type === "state" && f.conversation.status === "requested") || f.type === "error", 15_000);
    if (frame?.type !== "state") throw new Error(`video request of ${conv.conversationId}: ${frame ? `${frame.code}: ${frame.message}` : "no requested state within 15 s"}`);
    const { body } = await apiOk(base, "POST", `/api/conversations/${conv.conversationId}/accept`, { cookie: admin.cookie });
    const call = body.conversation.call;
    if (!call?.agentUrl) throw new Error(`accepting ${conv.conversationId}'s video request gave no call links`);
    return { conversationId: conv.conversationId, callId: call.callId, agentUrl: onBase(base, call.agentUrl), visitorUrl: onBase(base, call.url) };
  } finally {
    sock.close();
  }
}

/** Opens a call link, waits for the camera's preview as a person would, then Join. */
async function openAndJoin(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.querySelector('[data-testid="preview-video"]')?.videoWidth > 0, null, { timeout: 20_000 });
  await page.getByTestId("join").click();
  await page.waitForFunction(() => window.__benchCall.welcomedAt !== null, null, { timeout: 20_000 });
  return page;
}

/** Frames of one page's probe by kind, in one direction, up to `until` (wall clock ms). */
function tally(frames, dir, until = Infinity) {
  const out = {};
  for (const f of frames) if (f.dir === dir && f.at <= until) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}
const sum = (table, pick = () => true) => Object.entries(table).reduce((n, [k, v]) => n + (pick(k) ? v : 0), 0);
const relayedOf = (table) => Object.fromEntries(Object.entries(table).filter(([k]) => RELAYED(k)));

/** Each signal `from` sent, timed to its receipt by `to` (one socket each way keeps their order, kind by kind). */
function signalTrips(from, to) {
  const trips = [];
  for (const kind of ["signal:offer", "signal:answer", "signal:candidate"]) {
    const sent = from.frames.filter((f) => f.dir === "out" && f.kind === kind);
    const got = to.frames.filter((f) => f.dir === "in" && f.kind === kind);
    for (let k = 0; k < Math.min(sent.length, got.length); k++) trips.push(round(got[k].at - sent[k].at, 1));
  }
  return trips;
}

/** One call: its links through the endpoints, the agent's page joined, then the visitor's; timed and counted on both pages. */
async function oneCall(base, admin, agentContext, visitorContext, i) {
  const links = await acceptedVideoRequest(base, admin, i);
  const { body: info } = await apiOk(base, "GET", `/api/calls/${links.callId}?t=${encodeURIComponent(new URL(links.agentUrl).searchParams.get("t"))}`);
  const pages = [];
  try {
    pages.push(await openAndJoin(agentContext, links.agentUrl));
    pages.push(await openAndJoin(visitorContext, links.visitorUrl));
    const [agentPage, visitorPage] = pages;
    const bothFrames = () => window.__benchCall.firstFrameAt !== null && window.__benchCall.firstDecodedAt !== null;
    await Promise.all(pages.map((p) => p.waitForFunction(bothFrames, null, { timeout: CALLS.frameTimeoutMs, polling: 50 })));
    await sleep(CALLS.holdMs);
    await agentPage.getByTestId("hang-up").click();
    await Promise.all(pages.map((p) => p.waitForFunction(() => window.__benchCall.frames.some((f) => f.kind === "ended"), null, { timeout: 10_000 })));
    const [agent, visitor] = [await readProbe(agentPage), await readProbe(visitorPage)];
    const joinedAt = Math.max(agent.welcomedAt, visitor.welcomedAt);
    const framesAt = Math.max(agent.firstFrameAt, visitor.firstFrameAt);
    const side = (p) => ({
      first_frame_ms: round(p.firstFrameAt - joinedAt, 1),
      first_frame_received_ms: p.firstFrameReceivedAt === null ? null : round(p.firstFrameReceivedAt - joinedAt, 1),
      first_decoded_seen_ms: round(p.firstDecodedAt - joinedAt, 1),
      relayed_to_it: relayedOf(tally(p.frames, "in")),
      relayed_to_it_before_video: sum(tally(p.frames, "in", framesAt), RELAYED),
      sent: tally(p.frames, "out"),
      from_server: Object.fromEntries(Object.entries(tally(p.frames, "in")).filter(([k]) => !RELAYED(k))),
    });
    const out = { conversation_id: links.conversationId, call_id: links.callId, ice_servers: info.iceServers.flatMap((server) => [server.urls].flat()), agent: side(agent), visitor: side(visitor) };
    out.both_ms = round(framesAt - joinedAt, 1);
    // The visitor joins after the agent: the time between the two welcomes, outside the measure.
    out.joins_apart_ms = round(visitor.welcomedAt - agent.welcomedAt, 1);
    // Where the time goes: the offer and answer on their way, and each signal's trip from one page's send to the other's receipt.
    const offerer = agent.frames.some((f) => f.dir === "out" && f.kind === "signal:offer") ? agent : visitor;
    const answerer = offerer === agent ? visitor : agent;
    const at = (p, dir, kind) => {
      const f = p.frames.find((x) => x.dir === dir && x.kind === kind);
      return f ? round(f.at - joinedAt, 1) : null;
    };
    out.offerer = offerer === agent ? "agent" : "visitor";
    out.timeline_ms = {
      offer_sent: at(offerer, "out", "signal:offer"),
      offer_received: at(answerer, "in", "signal:offer"),
      answer_sent: at(answerer, "out", "signal:answer"),
      answer_received: at(offerer, "in", "signal:answer"),
    };
    out.relay_trips_ms = [...signalTrips(agent, visitor), ...signalTrips(visitor, agent)];
    const byKind = {};
    for (const s of [out.agent, out.visitor]) for (const [k, v] of Object.entries(s.relayed_to_it)) byKind[k] = (byKind[k] ?? 0) + v;
    out.relayed = { ...byKind, total: sum(byKind), before_video: out.agent.relayed_to_it_before_video + out.visitor.relayed_to_it_before_video };
    // Every signal and media frame a page sent reached the other page, nothing dropped or doubled. The first page
    // tells its media state on its welcome, while alone: the call object keeps it and tells the other page as it
    // joins. A signal sent while alone would be answered `peer_absent` and counted apart.
    out.problems = [];
    for (const [from, to] of [["agent", "visitor"], ["visitor", "agent"]]) {
      const alone = out[from].from_server["error:peer_absent"] ?? 0;
      const sent = sum(out[from].sent, RELAYED);
      const got = sum(out[to].relayed_to_it);
      if (sent - alone !== got) out.problems.push(`call ${i}: the ${from} sent ${sent} signal and media frames (${alone} while alone), the ${to} received ${got}`);
      const errors = Object.keys(out[from].from_server).filter((k) => k.startsWith("error:") && k !== "error:peer_absent");
      if (errors.length) out.problems.push(`call ${i}: the ${from} was told ${errors.join(", ")}`);
    }
    return { out, iceServers: info.iceServers };
  } finally {
    for (const page of pages) await page.close().catch(() => {});
  }
}

const stats = (values) => {
  const sorted = values.filter((v) => v !== null).sort((a, b) => a - b);
  return { p50_ms: round(percentile(sorted, 50), 1), p95_ms: round(percentile(sorted, 95), 1), min_ms: round(sorted[0], 1), max_ms: round(sorted.at(-1), 1) };
};

export async function runCallsSection(log) {
  const t0 = performance.now();
  if (!existsSync(join(ROOT, "dist", "public", "call", "index.html"))) throw new Error("the call page is not built: run `npm run build` first");
  // The sockets' real frame rates (a call page is a person's), the state on disk.
  const app = await startRaibuOnWorkerd({ label: "calls", frameRateScale: null });
  const browsers = [];
  try {
    browsers.push(await launchChromium(), await launchChromium());
    const [agentBrowser, visitorBrowser] = browsers;
    const admin = await loginAdmin(app.base);
    const calls = [];
    const loopback = [];
    const twoBrowsers = [];
    for (let i = 0; i < CALLS.warmup + CALLS.calls; i++) {
      const timed = i >= CALLS.warmup;
      const { out, iceServers } = await oneCall(app.base, admin, agentBrowser.context, visitorBrowser.context, i);
      // The baselines right after each call (the one-page one in the agent's browser and the visitor's in turn): load on the machine falls on all alike.
      const bare = await loopbackCall((i % 2 ? visitorBrowser : agentBrowser).context, iceServers);
      const direct = await twoBrowserCall(visitorBrowser.context, agentBrowser.context, iceServers);
      log(`calls: ${timed ? `call ${i - CALLS.warmup + 1}/${CALLS.calls}` : "warm-up call"}: first frame on both sides ${out.both_ms} ms after both joined (agent ${out.agent.first_frame_ms}, visitor ${out.visitor.first_frame_ms}), ${out.relayed.total} frames relayed; one-page loopback ${round(bare.both_ms, 1)} ms, two browsers signalled by the bench ${round(direct.both_ms, 1)} ms`);
      if (timed) {
        calls.push(out);
        loopback.push(bare);
        twoBrowsers.push(direct);
      }
    }
    const both = stats(calls.map((c) => c.both_ms));
    const bare = stats(loopback.map((b) => b.both_ms));
    const direct = stats(twoBrowsers.map((b) => b.both_ms));
    const totals = calls.map((c) => c.relayed.total);
    const kinds = [...new Set(calls.flatMap((c) => Object.keys(c.relayed)))].filter((k) => k !== "total" && k !== "before_video");
    return {
      date: new Date().toISOString(),
      calls: CALLS.calls,
      params: { warmup: CALLS.warmup, hold_ms: CALLS.holdMs, ice_servers: calls[0]?.ice_servers ?? null },
      first_frame: {
        both_sides: both,
        agent_side: stats(calls.map((c) => c.agent.first_frame_ms)),
        visitor_side: stats(calls.map((c) => c.visitor.first_frame_ms)),
        decoded_seen_both_sides: stats(calls.map((c) => Math.max(c.agent.first_decoded_seen_ms, c.visitor.first_decoded_seen_ms))),
      },
      loopback: { both_sides: bare, offerer_side: stats(loopback.map((b) => b.offerer_ms)), answerer_side: stats(loopback.map((b) => b.answerer_ms)) },
      two_browsers: {
        both_sides: direct,
        offerer_side: stats(twoBrowsers.map((b) => b.offerer_ms)),
        answerer_side: stats(twoBrowsers.map((b) => b.answerer_ms)),
        signals_mean: round(twoBrowsers.reduce((n, b) => n + b.signals, 0) / twoBrowsers.length, 1),
      },
      ratio_p50: both.p50_ms && bare.p50_ms ? round(both.p50_ms / bare.p50_ms, 2) : null,
      overhead_p50_ms: both.p50_ms !== null && bare.p50_ms !== null ? round(both.p50_ms - bare.p50_ms, 1) : null,
      ratio_to_two_browsers_p50: both.p50_ms && direct.p50_ms ? round(both.p50_ms / direct.p50_ms, 2) : null,
      overhead_to_two_browsers_p50_ms: both.p50_ms !== null && direct.p50_ms !== null ? round(both.p50_ms - direct.p50_ms, 1) : null,
      relayed_per_call: {
        mean: round(totals.reduce((a, b) => a + b, 0) / totals.length, 1),
        max: Math.max(...totals),
        min: Math.min(...totals),
        before_video_mean: round(calls.reduce((a, c) => a + c.relayed.before_video, 0) / calls.length, 1),
        by_kind_mean: Object.fromEntries(kinds.map((k) => [k, round(calls.reduce((a, c) => a + (c.relayed[k] ?? 0), 0) / calls.length, 1)])),
      },
      timeline_p50_ms: Object.fromEntries(Object.keys(calls[0].timeline_ms).map((k) => [k, stats(calls.map((c) => c.timeline_ms[k])).p50_ms])),
      offerer: calls.map((c) => c.offerer),
      relay_trip: { ...stats(calls.flatMap((c) => c.relay_trips_ms)), n: calls.reduce((n, c) => n + c.relay_trips_ms.length, 0) },
      joins_apart_ms: stats(calls.map((c) => c.joins_apart_ms)),
      refused_while_alone_per_call: round(calls.reduce((a, c) => a + (c.agent.from_server["error:peer_absent"] ?? 0) + (c.visitor.from_server["error:peer_absent"] ?? 0), 0) / calls.length, 1),
      per_call: calls,
      problems: calls.flatMap((c) => c.problems),
      wall_s: round((performance.now() - t0) / 1000, 1),
    };
  } finally {
    for (const b of browsers) await b.close().catch(() => {});
    await app.stop();
  }
}

/** What fails the run: a section that did not complete, or a frame lost or refused between the pages. */
export function callsFailures(calls) {
  if (!calls) return [];
  if (calls.error) return [`calls: ${calls.error.split("\n")[0]}`];
  return calls.problems.map((p) => `calls: ${p}`);
}
