// The call page's public doors are rate-limited per client address (wrangler.toml: 30 a minute each).
import { describe, expect, it } from "vitest";
import { callInfo, openCallSocket, videoCall } from "./callFixtures";
import { Client } from "./helpers";

const LIMIT = 30;

describe("call rate limits", () => {
  it("one address reading a call's info more than 30 times a minute gets 429 rate_limited with Retry-After; another address still gets in", async () => {
    const call = await videoCall();
    const client = new Client();
    for (let i = 0; i < LIMIT; i++) expect((await callInfo(call.callId, call.visitorToken, client)).status).toBe(200);
    const over = await callInfo(call.callId, call.visitorToken, client);
    expect(over.status).toBe(429);
    expect(over.json.error).toMatchObject({ code: "rate_limited", retryAfterMs: 60_000, scope: "address", action: "call_info" });
    expect(over.headers.get("Retry-After")).toBe("60");
    expect((await callInfo(call.callId, call.visitorToken, new Client())).status).toBe(200);
  });

  it("one address opening call sockets more than 30 times a minute gets 429 before its token is even read", async () => {
    const call = await videoCall();
    const ip = { "CF-Connecting-IP": "203.0.113.77" };
    for (let i = 0; i < LIMIT; i++) expect(await openCallSocket(call.callId, "bad-token", ip)).toMatchObject({ status: 401 });
    const over = await openCallSocket(call.callId, call.agentToken, ip);
    expect(over).toMatchObject({ status: 429, json: { error: { code: "rate_limited", action: "call_socket" } } });
    const elsewhere = await openCallSocket(call.callId, call.agentToken);
    expect("ws" in elsewhere).toBe(true);
  });
});
