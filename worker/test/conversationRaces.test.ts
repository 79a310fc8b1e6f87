// Where two events meet in a conversation: a request frame and an assign, two request frames,
// an assign on a video request, a copy that fails after a transition, and a long resume.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FRAME_RATES } from "../src/lib/frameLimits";
import { agentSocket, conversationObject as stub, conversationSetup as setup, createInterface, createWorkspace, messageId, openSocket, signedIn, visitorSession, visitorSocket } from "./helpers";

/**
 * Holds the object's presence lookups (the lobby's answer) until `release`: what happens
 * meanwhile is what a slow lobby would let happen.
 */
async function holdPresenceLookups(conversationId: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const asked = { count: 0 };
  await runInDurableObject(stub(conversationId), (instance) => {
    const o = instance as unknown as { gather: (needs: string) => Promise<unknown> };
    const gather = o.gather.bind(o);
    o.gather = async (needs) => {
      if (needs !== "onlineAgents") return gather(needs);
      asked.count += 1;
      await gate;
      return gather(needs);
    };
  });
  return { asked, release };
}

describe("request frames", () => {
  it("an assign that lands while a request frame waits for the lobby wins: the request is refused, not written over it", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id, { whenNobodyOnline: "offline_form" });
    const agent = await signedIn(ws.id, "agent");
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    const lookups = await holdPresenceLookups(session.conversationId);
    visitor.send({ type: "request", kind: "live" });
    await expect.poll(() => lookups.asked.count).toBe(1);
    const assigned = await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    expect(assigned.json.conversation).toMatchObject({ status: "live", assignee: { id: agent.user.id } });
    lookups.release();
    expect((await visitor.next((f) => f.type === "error")).code).toBe("request_not_allowed");
    expect(await stub(session.conversationId).getView()).toMatchObject({ status: "live", assignee: { id: agent.user.id }, requestKind: null });
    expect(visitor.frames.some((f) => f.type === "message" && f.message.notice?.code === "requested")).toBe(false);
  });

  it("two quick request frames make one request; the second is refused", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id, { whenNobodyOnline: "offline_form" });
    const agent = await signedIn(ws.id, "agent");
    const lobby = await openSocket("/ws/lobby", { Cookie: agent.client.cookie });
    await lobby.next((f) => f.type === "snapshot");
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    const lookups = await holdPresenceLookups(session.conversationId);
    visitor.send({ type: "request", kind: "live" });
    visitor.send({ type: "request", kind: "video" });
    await expect.poll(() => lookups.asked.count).toBe(2);
    lookups.release();
    expect((await visitor.next((f) => f.type === "error")).code).toBe("request_not_allowed");
    await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");
    const requested = visitor.frames.filter((f) => f.type === "message" && f.message.notice?.code === "requested");
    expect(requested).toHaveLength(1);
    expect(await stub(session.conversationId).getView()).toMatchObject({ status: "requested", requestKind: "live" });
  });
});

describe("video requests", () => {
  it("« Assign to me » on a pending video request starts it exactly like Accept: the call, both links and its row", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    visitor.send({ type: "request", kind: "video" });
    await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");
    const res = await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    expect(res.status).toBe(200);
    const call = res.json.conversation.call;
    expect(call.agentUrl).toMatch(new RegExp(`/call/${call.callId}\\?t=`));
    expect(call.url).toMatch(new RegExp(`/call/${call.callId}\\?t=`));
    const state = await visitor.next((f) => f.type === "state" && f.conversation.call);
    expect(state.conversation.call).toEqual({ callId: call.callId, url: call.url });
    const accepted = await visitor.next((f) => f.type === "message" && f.message.notice?.code === "accepted");
    expect(accepted.message.notice).toEqual({ code: "accepted", agent: agent.user.name, kind: "video" });
    const row = await env.DB.prepare(`SELECT conversation_id, agent_id FROM calls WHERE id = ?`).bind(call.callId).first();
    expect(row).toEqual({ conversation_id: session.conversationId, agent_id: agent.user.id });
  });

  it("the call links are stored with the acceptance itself: they survive the object's eviction even when the copy to D1 failed", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    visitor.send({ type: "request", kind: "video" });
    await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");
    const down = { prepare: () => { throw new Error("D1 is down"); }, batch: () => Promise.reject(new Error("D1 is down")) };
    await runInDurableObject(stub(session.conversationId), (instance) => {
      (instance as unknown as { env: typeof env }).env = { ...env, DB: down as unknown as D1Database };
    });
    const res = await agent.client.post(`/api/conversations/${session.conversationId}/accept`);
    expect(res.status).toBe(200);
    await evictDurableObject(stub(session.conversationId));
    const view = await stub(session.conversationId).getView();
    expect(view).toMatchObject({ status: "live", call: { callId: res.json.conversation.call.callId, agentUrl: res.json.conversation.call.agentUrl } });
  });
});

describe("resume", () => {
  it("a client that missed 1,200 messages resumes page by page and ends with every seq exactly once, in order", async () => {
    const { agent, session } = await setup();
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const before = await visitorSocket(session);
    const held = Math.max(...before.frames.find((f) => f.type === "welcome").messages.map((m: { seq: number }) => m.seq));
    before.close();

    const open = { perSecond: 1e9, burst: 1e9 };
    await runInDurableObject(stub(session.conversationId), (instance) => {
      const all = Object.fromEntries(Object.keys(FRAME_RATES.agent).map((k) => [k, open]));
      (instance as unknown as { frameRates: unknown }).frameRates = { visitor: FRAME_RATES.visitor, agent: all };
    });
    const writer = await agentSocket(agent.client, session.conversationId);
    const ids = Array.from({ length: 1200 }, () => messageId());
    for (const [i, id] of ids.entries()) writer.send({ type: "message", id, text: `missed ${i}` });
    const last = await writer.next((f) => f.type === "ack" && f.id === ids.at(-1), 30_000);

    // A raw client: it asks again after each answer while it does not hold the last seq.
    const client = await visitorSocket(session);
    const received: number[] = [];
    let highest = held;
    for (let round = 0; round < 10; round++) {
      client.frames.length = 0;
      client.send({ type: "resume", afterSeq: highest });
      const state = await client.next((f) => f.type === "state");
      const seqs = client.frames.filter((f) => f.type === "message").map((f) => f.message.seq as number);
      received.push(...seqs);
      highest = Math.max(highest, ...seqs);
      if (highest >= state.conversation.lastSeq) break;
    }
    const expected = Array.from({ length: last.seq - held }, (_, i) => held + 1 + i);
    expect(received).toEqual(expected);
  }, 60_000);
});
