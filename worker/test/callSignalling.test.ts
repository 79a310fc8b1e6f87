// The call's socket: one page per role, signals relayed only to the other member, the end for
// both with its duration, and what the conversation and D1 hear of it.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { CALL_ABANDONED_AFTER_MS } from "../src/durable-objects/CallDO";
import { getDb } from "../src/db/client";
import { calls } from "../src/db/schema";
import { callInfo, callObject, joinCall, openCallSocket, videoCall, type CallSocket } from "./callFixtures";

const offer = { type: "signal", signal: { kind: "offer", sdp: "v=0 offer" } };
const answer = { type: "signal", signal: { kind: "answer", sdp: "v=0 answer" } };
const candidate = { type: "signal", signal: { kind: "candidate", candidate: { candidate: "candidate:1 1 udp 1 1.2.3.4 5 typ host", sdpMid: "0", sdpMLineIndex: 0 } } };

/** Both members in the call, each having had its welcome. */
async function bothJoined() {
  const call = await videoCall();
  const agent = await joinCall(call.callId, call.agentToken);
  await agent.next((f) => f.type === "welcome");
  const visitor = await joinCall(call.callId, call.visitorToken);
  await visitor.next((f) => f.type === "welcome");
  await agent.next((f) => f.type === "peer" && f.present);
  return { call, agent, visitor };
}

/** Lets frames in flight arrive: a round trip on the socket through the object (a bad frame's error answer). */
async function settled(socket: CallSocket) {
  const before = socket.frames.filter((f) => f.type === "error" && f.code === "invalid_frame").length;
  socket.send({ type: "nonsense" });
  await socket.next(() => socket.frames.filter((f) => f.type === "error" && f.code === "invalid_frame").length > before);
}

async function callRow(callId: string) {
  const [row] = await getDb(env.DB).select().from(calls).where(eq(calls.id, callId));
  return row!;
}

describe("call signalling", () => {
  it("the first member is welcomed alone; the second finds them there, and the call starts then", async () => {
    const call = await videoCall();
    const agent = await joinCall(call.callId, call.agentToken);
    expect(await agent.next((f) => f.type === "welcome")).toEqual({ type: "welcome", role: "agent", peerPresent: false, startedAt: null });
    const visitor = await joinCall(call.callId, call.visitorToken);
    const welcome = await visitor.next((f) => f.type === "welcome");
    expect(welcome).toMatchObject({ role: "visitor", peerPresent: true });
    expect(welcome.startedAt).toBeTypeOf("number");
    expect(await agent.next((f) => f.type === "peer")).toEqual({ type: "peer", present: true });
    expect((await callObject(call.callId).times()).startedAt).toBe(welcome.startedAt);
  });

  it("offer, answer, candidates and media states go only to the other member, never back to the sender", async () => {
    const { agent, visitor } = await bothJoined();
    agent.send(offer);
    expect(await visitor.next((f) => f.type === "signal")).toEqual(offer);
    visitor.send(answer);
    visitor.send(candidate);
    visitor.send({ type: "media", media: { audio: false, video: true, screen: false } });
    expect(await agent.next((f) => f.type === "signal" && f.signal.kind === "answer")).toEqual(answer);
    expect(await agent.next((f) => f.type === "signal" && f.signal.kind === "candidate")).toEqual(candidate);
    expect(await agent.next((f) => f.type === "media")).toEqual({ type: "media", media: { audio: false, video: true, screen: false } });
    await settled(agent);
    await settled(visitor);
    expect(agent.frames.filter((f) => f.type === "signal").map((f) => f.signal.kind)).toEqual(["answer", "candidate"]);
    expect(visitor.frames.filter((f) => f.type === "signal").map((f) => f.signal.kind)).toEqual(["offer"]);
    expect(visitor.frames.some((f) => f.type === "media")).toBe(false);
  });

  it("a second page of a role already in the call is refused with 4003 and hears nothing; the call goes on", async () => {
    const { call, agent, visitor } = await bothJoined();
    const third = await joinCall(call.callId, call.agentToken);
    expect(await third.closed).toBe(4003);
    visitor.send(offer);
    expect(await agent.next((f) => f.type === "signal")).toEqual(offer);
    expect(third.frames).toEqual([]);
    const secondVisitor = await joinCall(call.callId, call.visitorToken);
    expect(await secondVisitor.closed).toBe(4003);
  });

  it("after the call object hibernates, signals still pass between the two and a second page is still refused", async () => {
    const { call, agent, visitor } = await bothJoined();
    const startedAt = (await callObject(call.callId).times()).startedAt;
    await evictDurableObject(callObject(call.callId), { webSockets: "hibernate" });
    agent.send(offer);
    expect(await visitor.next((f) => f.type === "signal")).toEqual(offer);
    const third = await joinCall(call.callId, call.visitorToken);
    expect(await third.closed).toBe(4003);
    expect((await callObject(call.callId).times()).startedAt).toBe(startedAt);
  });

  it("the same page reconnecting while its old socket still looks open here takes its place at once; another page is refused", async () => {
    const call = await videoCall();
    const agent = await joinCall(call.callId, call.agentToken);
    await agent.next((f) => f.type === "welcome");
    const visitor = await joinCall(call.callId, call.visitorToken, {}, "page-visitor-1");
    await visitor.next((f) => f.type === "welcome");
    const otherPage = await joinCall(call.callId, call.visitorToken, {}, "page-visitor-2");
    expect(await otherPage.closed).toBe(4003);
    const again = await joinCall(call.callId, call.visitorToken, {}, "page-visitor-1");
    expect(await again.next((f) => f.type === "welcome")).toMatchObject({ role: "visitor", peerPresent: true });
    expect(await visitor.closed).toBe(1001);
    await agent.next((f) => f.type === "peer" && !f.present);
    agent.send(offer);
    expect(await again.next((f) => f.type === "signal")).toEqual(offer);
  });

  it("a page that pinged and then went silent is replaced by a new page of its role, and the other member sees it leave and come back", async () => {
    const { call, agent, visitor } = await bothJoined();
    visitor.send('{"type":"ping"}');
    await visitor.next((f) => f.type === "pong");
    await runInDurableObject(callObject(call.callId), (instance) => {
      (instance as unknown as { silentPageMs: number }).silentPageMs = 0;
    });
    const fresh = await joinCall(call.callId, call.visitorToken);
    expect(await fresh.next((f) => f.type === "welcome")).toMatchObject({ role: "visitor", peerPresent: true });
    await agent.next((f) => f.type === "peer" && !f.present);
    await agent.next((f) => f.type === "peer" && f.present && agent.frames.filter((g) => g.type === "peer").length === 3);
    agent.send(offer);
    expect(await fresh.next((f) => f.type === "signal")).toEqual(offer);
    // The agent's page never pinged: a second agent page is still refused.
    const second = await joinCall(call.callId, call.agentToken);
    expect(await second.closed).toBe(4003);
  });

  it("a signal while the other member is away is answered peer_absent and relayed to nobody", async () => {
    const call = await videoCall();
    const agent = await joinCall(call.callId, call.agentToken);
    await agent.next((f) => f.type === "welcome");
    agent.send(offer);
    expect(await agent.next((f) => f.type === "error")).toMatchObject({ code: "peer_absent" });
  });

  it("a member's media state sent while alone is kept and told to the other as they join, with no error", async () => {
    const call = await videoCall();
    const agent = await joinCall(call.callId, call.agentToken);
    await agent.next((f) => f.type === "welcome");
    agent.send({ type: "media", media: { audio: false, video: true, screen: false } });
    agent.send({ type: "ping" });
    await agent.next((f) => f.type === "pong");
    expect(agent.frames.some((f) => f.type === "error")).toBe(false);
    const visitor = await joinCall(call.callId, call.visitorToken);
    await visitor.next((f) => f.type === "welcome");
    expect(await visitor.next((f) => f.type === "media")).toEqual({ type: "media", media: { audio: false, video: true, screen: false } });
  });

  it("an invalid frame gets an error frame and the socket stays open", async () => {
    const { agent, visitor } = await bothJoined();
    agent.send("not json");
    expect(await agent.next((f) => f.type === "error")).toMatchObject({ code: "invalid_frame" });
    agent.send({ type: "signal", signal: { kind: "offer", sdp: "" } });
    agent.send({ type: "ping", extra: 1 });
    await agent.next((f) => f.type === "error" && f.message.includes("sdp"));
    agent.send(offer);
    expect(await visitor.next((f) => f.type === "signal")).toEqual(offer);
  });

  it("a page leaving tells the other, and coming back tells them again", async () => {
    const { call, agent, visitor } = await bothJoined();
    visitor.ws.close(1000, "bye");
    expect(await agent.next((f) => f.type === "peer" && !f.present)).toEqual({ type: "peer", present: false });
    const back = await joinCall(call.callId, call.visitorToken);
    expect(await back.next((f) => f.type === "welcome")).toMatchObject({ peerPresent: true });
    await agent.next((f) => f.type === "peer" && f.present && agent.frames.filter((g) => g.type === "peer").length === 3);
  });

  it("a hang-up ends the call for both with its duration, closes both with 4004, and a later join is refused with 4004", async () => {
    const { call, agent, visitor } = await bothJoined();
    visitor.send({ type: "hangup" });
    const ended = await agent.next((f) => f.type === "ended");
    expect(ended).toMatchObject({ type: "ended", by: "visitor" });
    expect(await visitor.next((f) => f.type === "ended")).toEqual(ended);
    expect(await agent.closed).toBe(4004);
    expect(await visitor.closed).toBe(4004);
    const times = await callObject(call.callId).times();
    expect(ended.durationMs).toBe(times.endedAt! - times.startedAt!);
    const late = await joinCall(call.callId, call.agentToken);
    expect(await late.closed).toBe(4004);
    expect((await callInfo(call.callId, call.visitorToken)).json.endedAt).toBe(times.endedAt);
  });

  it("the conversation hears each member join and the end with its duration, and D1's calls row holds the times", async () => {
    const { call, agent } = await bothJoined();
    agent.send({ type: "hangup" });
    const ended = await agent.next((f) => f.type === "ended");
    const joinedAgent = await call.chat.next((f) => f.type === "message" && f.message.notice?.code === "call_joined" && f.message.notice.role === "agent");
    const joinedVisitor = await call.chat.next((f) => f.type === "message" && f.message.notice?.code === "call_joined" && f.message.notice.role === "visitor");
    const end = await call.chat.next((f) => f.type === "message" && f.message.notice?.code === "call_ended");
    expect(joinedAgent.message.text).toBe("The agent joined the video call");
    expect(joinedVisitor.message.seq).toBeGreaterThan(joinedAgent.message.seq);
    expect(end.message.notice).toEqual({ code: "call_ended", durationMs: ended.durationMs });
    const times = await callObject(call.callId).times();
    expect(await callRow(call.callId)).toMatchObject({ startedAt: times.startedAt, endedAt: times.endedAt, durationMs: ended.durationMs });
  });

  it("a member coming back after a reload is not announced to the conversation a second time", async () => {
    const { call, visitor } = await bothJoined();
    visitor.ws.close(1000, "reload");
    const back = await joinCall(call.callId, call.visitorToken);
    await back.next((f) => f.type === "welcome");
    back.send({ type: "hangup" });
    await call.chat.next((f) => f.type === "message" && f.message.notice?.code === "call_ended");
    expect(call.chat.frames.filter((f) => f.type === "message" && f.message.notice?.code === "call_joined")).toHaveLength(2);
  });

  it("a started call both members left ends by itself after the wait, its duration up to when the last one left", async () => {
    const { call, agent, visitor } = await bothJoined();
    agent.ws.close(1000, "gone");
    await visitor.next((f) => f.type === "peer" && !f.present);
    visitor.ws.close(1000, "gone");
    const stub = callObject(call.callId);
    // Wait until the object has seen the last one go, then move that moment back past the wait.
    let leftAt = 0;
    for (let i = 0; i < 50 && !leftAt; i++) {
      leftAt = await runInDurableObject(stub, (instance) => (instance as unknown as { state: { emptySince: number | null } }).state.emptySince ?? 0);
      if (!leftAt) await new Promise((r) => setTimeout(r, 20));
    }
    const startedAt = (await stub.times()).startedAt!;
    await runInDurableObject(stub, (instance) => {
      const state = (instance as unknown as { state: { emptySince: number; startedAt: number } }).state;
      state.emptySince = leftAt - CALL_ABANDONED_AFTER_MS - 1;
      state.startedAt = startedAt - CALL_ABANDONED_AFTER_MS - 1;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const times = await stub.times();
    expect(times.endedAt).toBe(leftAt - CALL_ABANDONED_AFTER_MS - 1);
    expect(times.durationMs).toBe(leftAt - startedAt);
    const end = await call.chat.next((f) => f.type === "message" && f.message.notice?.code === "call_ended");
    expect(end.message.notice.durationMs).toBe(times.durationMs);
    expect((await callRow(call.callId)).durationMs).toBe(times.durationMs);
    const late = await joinCall(call.callId, call.visitorToken);
    expect(await late.closed).toBe(4004);
  });

  it("a call socket over its frame rate gets rate_limited and then a 1008 close", async () => {
    const { agent } = await bothJoined();
    for (let i = 0; i < 200; i++) agent.send({ type: "media", media: { audio: true, video: true, screen: false } });
    expect(await agent.next((f) => f.type === "error" && f.code === "rate_limited")).toMatchObject({ retryAfterMs: expect.any(Number) });
    expect(await agent.closed).toBe(1008);
  });

  it("a socket from another origin is refused before it reaches the call", async () => {
    const call = await videoCall();
    const res = await openCallSocket(call.callId, call.agentToken, { Origin: "https://evil.example" });
    expect(res).toMatchObject({ status: 403, json: { error: { code: "bad_origin" } } });
  });
});
