// Visitor sessions, new conversations and visitor sockets are limited per client address and
// per chat interface (wrangler.toml's rate-limit bindings, which Miniflare runs locally).
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createInterface, createWorkspace, ORIGIN, unique, visitorSession } from "./helpers";

/** The limits in wrangler.toml: per address per minute, per interface per 10 s. */
const LIMITS = {
  session: { address: 60, interface: 600 },
  conversation: { address: 10, interface: 200 },
  socket: { address: 60, interface: 600 },
};

/**
 * Sends attempts, `parallel` at a time, until one is refused, and returns the first refusal.
 * The counters live in fixed windows: each window boundary the run crosses lets up to another
 * `limit` through, so the bound allows two crossings.
 */
async function firstRefusal(limit: number, attempt: () => Promise<Response>, parallel = 1) {
  for (let sent = 0; sent <= 3 * limit; sent += parallel) {
    const answers = await Promise.all(Array.from({ length: parallel }, attempt));
    const refused = answers.find((res) => res.status === 429);
    for (const res of answers) if (res !== refused) await res.body?.cancel();
    if (refused) return { status: refused.status, retryAfter: refused.headers.get("Retry-After"), json: (await refused.json()) as any };
  }
  throw new Error(`never refused after ${3 * limit + 1} attempts`);
}

/** Hundreds of requests through three limiters each take a few seconds here. */
const SLOW = { timeout: 30_000 };

const PAGE = { url: "https://customer.example/", title: "", referrer: "" };

/** A session request; with the wrong host origin it is refused (403) after being counted, which keeps it cheap. */
function sessionRequest(interfaceId: string, ip: string, hostOrigin = "https://elsewhere.example") {
  return exports.default.fetch(`${ORIGIN}/api/widget/session`, {
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/json", "CF-Connecting-IP": ip },
    body: JSON.stringify({ interfaceId, hostOrigin, page: PAGE }),
  });
}

function newConversationRequest(token: string, ip: string) {
  return exports.default.fetch(`${ORIGIN}/api/widget/conversations`, {
    method: "POST",
    headers: { Origin: ORIGIN, "Content-Type": "application/json", Authorization: `Bearer ${token}`, "CF-Connecting-IP": ip },
    body: "{}",
  });
}

/** An upgrade to a conversation that is not the visitor's: counted, then answered 404 without a socket. */
function socketRequest(token: string, ip: string) {
  return exports.default.fetch(`${ORIGIN}/ws/visitor?token=${encodeURIComponent(token)}&conversation=none`, {
    headers: { Upgrade: "websocket", Origin: ORIGIN, "CF-Connecting-IP": ip },
  });
}

async function newInterface() {
  return createInterface((await createWorkspace()).id);
}

function expectRateLimited(refusal: Awaited<ReturnType<typeof firstRefusal>>, scope: "address" | "interface") {
  const period = scope === "address" ? 60 : 10;
  expect(refusal.status).toBe(429);
  expect(refusal.retryAfter).toBe(String(period));
  expect(refusal.json.error).toMatchObject({ code: "rate_limited", retryAfterMs: period * 1000, scope });
  expect(refusal.json.error.message).toEqual(expect.any(String));
}

describe("visitor sessions", () => {
  it("one address starting sessions past its limit gets rate_limited with Retry-After; another address is still served", SLOW, async () => {
    const iface = await newInterface();
    const ip = unique("ip");
    expectRateLimited(await firstRefusal(LIMITS.session.address, () => sessionRequest(iface.id, ip)), "address");
    expect((await sessionRequest(iface.id, ip, "https://customer.example")).status).toBe(429);
    expect((await sessionRequest(iface.id, unique("ip"), "https://customer.example")).status).toBe(200);
  });

  it("one chat interface past its limit refuses sessions from new addresses too; another interface is still served", SLOW, async () => {
    const iface = await newInterface();
    expectRateLimited(await firstRefusal(LIMITS.session.interface, () => sessionRequest(iface.id, unique("ip")), 20), "interface");
    expect((await sessionRequest(iface.id, unique("ip"), "https://customer.example")).status).toBe(429);
    const other = await newInterface();
    expect((await sessionRequest(other.id, unique("ip"), "https://customer.example")).status).toBe(200);
  });
});

describe("new conversations", () => {
  it("are limited per address, then per chat interface", SLOW, async () => {
    const iface = await newInterface();
    const { visitorToken } = await visitorSession(iface.id);
    const ip = unique("ip");
    expectRateLimited(await firstRefusal(LIMITS.conversation.address, () => newConversationRequest(visitorToken, ip)), "address");
    expect((await newConversationRequest(visitorToken, unique("ip"))).status).toBe(200);
    expectRateLimited(await firstRefusal(LIMITS.conversation.interface, () => newConversationRequest(visitorToken, unique("ip")), 5), "interface");
  });
});

describe("visitor socket upgrades", () => {
  it("are limited per address; another address is still let through", SLOW, async () => {
    const iface = await newInterface();
    const session = await visitorSession(iface.id);
    const ip = unique("ip");
    expectRateLimited(await firstRefusal(LIMITS.socket.address, () => socketRequest(session.visitorToken, ip)), "address");
    expect((await socketRequest(session.visitorToken, unique("ip"))).status).toBe(404);
  });

  it("are limited per chat interface across addresses", SLOW, async () => {
    const iface = await newInterface();
    const session = await visitorSession(iface.id);
    expectRateLimited(await firstRefusal(LIMITS.socket.interface, () => socketRequest(session.visitorToken, unique("ip")), 20), "interface");
    const res = await exports.default.fetch(`${ORIGIN}/ws/visitor?token=${encodeURIComponent(session.visitorToken)}&conversation=${session.conversationId}`, {
      headers: { Upgrade: "websocket", Origin: ORIGIN, "CF-Connecting-IP": unique("ip") },
    });
    expect(res.status).toBe(429);
    expect(res.webSocket).toBeNull();
  });
});
