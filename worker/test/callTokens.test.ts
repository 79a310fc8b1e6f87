// A call's links: the token says the role and the call, expires, and is signed with the interface's
// key; anything else is refused on the info route and on the socket alike.
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "../src/db/client";
import { appointments, calls } from "../src/db/schema";
import { callToken } from "../src/calls/tokens";
import { STUN_DEFAULT } from "../src/calls/iceServers";
import { signToken } from "../src/lib/signedTokens";
import { appointmentCall, callInfo, joinCall, openCallSocket, signingKeyOf, videoCall } from "./callFixtures";
import { createInterface } from "./helpers";

/** The token with one character of its claims changed, its signature kept. */
function tampered(token: string): string {
  const [body, signature] = token.split(".");
  const i = 5;
  const swapped = body![i] === "A" ? "B" : "A";
  return `${body!.slice(0, i)}${swapped}${body!.slice(i + 1)}.${signature}`;
}

/** Both doors answer a bad token the same way. */
async function refusedEverywhere(callId: string, token: string, status: number, code: string) {
  const info = await callInfo(callId, token);
  expect(info.status).toBe(status);
  expect(info.json.error.code).toBe(code);
  const socket = await openCallSocket(callId, token);
  expect("ws" in socket).toBe(false);
  expect((socket as { status: number }).status).toBe(status);
  expect((socket as { json: any }).json.error.code).toBe(code);
}

describe("call links", () => {
  it("the agent's link opens the call as the agent, named after the visitor, with the public STUN server", async () => {
    const call = await videoCall();
    const res = await callInfo(call.callId, call.agentToken);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ callId: call.callId, role: "agent", peerName: call.session.visitorName, lang: "en", endedAt: null, scheduledAt: null });
    expect(res.json.iceServers).toEqual(STUN_DEFAULT);
    expect(res.json.expiresAt).toBeGreaterThan(Date.now());
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("the visitor's link opens the same call as the visitor, named after the agent who accepted", async () => {
    const call = await videoCall();
    const res = await callInfo(call.callId, call.visitorToken);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ callId: call.callId, role: "visitor", peerName: call.agent.user.name });
  });

  it("a tampered token is refused with 401 invalid_token", async () => {
    const call = await videoCall();
    await refusedEverywhere(call.callId, tampered(call.visitorToken), 401, "invalid_token");
    await refusedEverywhere(call.callId, "", 401, "invalid_token");
  });

  it("an expired token is refused with 410 call_link_expired", async () => {
    const call = await videoCall();
    const expired = await callToken({ interfaceId: call.iface.id, signingKey: await signingKeyOf(call.iface.id) }, call.callId, "visitor", Date.now() - 1000);
    await refusedEverywhere(call.callId, expired, 410, "call_link_expired");
  });

  it("another conversation's call token does not open this call: its interface's key does not verify here (401)", async () => {
    const [a, b] = [await videoCall(), await videoCall()];
    await refusedEverywhere(a.callId, b.agentToken, 401, "invalid_token");
  });

  it("another call's token of the same interface does not open this call (404)", async () => {
    const call = await videoCall();
    const key = await signingKeyOf(call.iface.id);
    const forOther = await callToken({ interfaceId: call.iface.id, signingKey: key }, "some-other-call", "agent", Date.now() + 60_000);
    await refusedEverywhere(call.callId, forOther, 404, "not_found");
  });

  it("a token signed with another interface's key is refused (401), even claiming this call and interface", async () => {
    const call = await videoCall();
    const stranger = await createInterface(call.ws.id);
    const forged = await callToken({ interfaceId: call.iface.id, signingKey: await signingKeyOf(stranger.id) }, call.callId, "agent", Date.now() + 60_000);
    await refusedEverywhere(call.callId, forged, 401, "invalid_token");
  });

  it("a token of another scope or with no known role is refused (401)", async () => {
    const call = await videoCall();
    const key = await signingKeyOf(call.iface.id);
    const exp = Date.now() + 60_000;
    await refusedEverywhere(call.callId, await signToken(key, { scope: "file", exp, call: call.callId, role: "agent", i: call.iface.id }), 401, "invalid_token");
    await refusedEverywhere(call.callId, await signToken(key, { scope: "call", exp, call: call.callId, role: "admin", i: call.iface.id }), 401, "invalid_token");
  });

  it("an unknown call is 404", async () => {
    const call = await videoCall();
    await refusedEverywhere("no-such-call", call.agentToken, 404, "not_found");
  });

  it("an appointment's visitor waits for « l'équipe » in French until an agent joins; then the page names that agent", async () => {
    const call = await appointmentCall();
    const before = await callInfo(call.callId, call.visitorToken);
    expect(before.json).toMatchObject({ role: "visitor", peerName: "l'équipe", lang: "fr", scheduledAt: call.startsAt, expiresAt: call.made.expiresAt });
    const agentView = await callInfo(call.callId, call.agentToken);
    expect(agentView.json).toMatchObject({ role: "agent", peerName: "Camille Martin", scheduledAt: call.startsAt });

    const { signedIn } = await import("./helpers");
    const agent = await signedIn(call.ws.id);
    const socket = await joinCall(call.callId, call.agentToken, { Cookie: agent.client.cookie });
    await socket.next((f) => f.type === "welcome");
    const after = await callInfo(call.callId, call.visitorToken);
    expect(after.json.peerName).toBe(agent.user.name);
  });

  it("a cancelled appointment's call is refused with 410 appointment_cancelled, and a call row past its expiry with 410 call_link_expired", async () => {
    const cancelled = await appointmentCall();
    await getDb(env.DB).update(appointments).set({ status: "cancelled", cancelledAt: Date.now(), cancelledBy: "visitor" }).where(eq(appointments.callId, cancelled.callId));
    await refusedEverywhere(cancelled.callId, cancelled.visitorToken, 410, "appointment_cancelled");
    const cut = await appointmentCall();
    await getDb(env.DB).update(calls).set({ expiresAt: Date.now() - 1 }).where(eq(calls.id, cut.callId));
    await refusedEverywhere(cut.callId, cut.agentToken, 410, "call_link_expired");
  });

  it("the page is told the earlier of the link's expiry and the call's", async () => {
    const call = await appointmentCall();
    const sooner = Date.now() + 60_000;
    await getDb(env.DB).update(calls).set({ expiresAt: sooner }).where(eq(calls.id, call.callId));
    expect((await callInfo(call.callId, call.visitorToken)).json.expiresAt).toBe(sooner);
  });

  it("an agent of another workspace opening an appointment's agent link does not become its agent", async () => {
    const call = await appointmentCall();
    const { createWorkspace, signedIn } = await import("./helpers");
    const outsider = await signedIn((await createWorkspace()).id);
    const socket = await joinCall(call.callId, call.agentToken, { Cookie: outsider.client.cookie });
    await socket.next((f) => f.type === "welcome");
    expect((await callInfo(call.callId, call.visitorToken)).json.peerName).toBe("l'équipe");
  });
});
