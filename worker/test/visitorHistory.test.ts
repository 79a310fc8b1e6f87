// A returning visitor's earlier conversations: what their widget may read (their own, closed ones,
// by their token alone, rate limited), and the list agents see in the visitor panel.
import { exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { Client, conversationSetup, createInterface, createWorkspace, messageId, ORIGIN, pageView, signedIn, unique, visitorSession, visitorSocket } from "./helpers";

function historyRequest(token: string | null, ip = unique("ip")) {
  return exports.default.fetch(`${ORIGIN}/api/widget/history`, {
    headers: { Origin: ORIGIN, "CF-Connecting-IP": ip, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
}

async function history(token: string) {
  const res = await historyRequest(token);
  expect(res.status).toBe(200);
  return ((await res.json()) as { conversations: Array<{ id: string; rating: number | null; messages: Array<{ text: string; author: { kind: string } }> }> }).conversations;
}

/** A visitor who wrote `text` in a conversation an agent then closed, and who came back: a new page view with their token. */
async function returningVisitor(text: string) {
  const setup = await conversationSetup();
  const socket = await visitorSocket(setup.session);
  const id = messageId();
  socket.send({ type: "message", id, text });
  await socket.next((f) => f.type === "ack" && f.id === id);
  expect((await setup.agent.client.post(`/api/conversations/${setup.session.conversationId}/close`)).status).toBe(200);
  socket.send({ type: "rate", score: 5, comment: "" });
  await socket.next((f) => f.type === "state" && f.conversation.rating);
  socket.close();
  const back = await pageView(setup.iface.id, setup.session.visitorToken);
  return { ...setup, back };
}

describe("a returning visitor's earlier conversations", () => {
  it("the session says how many are closed, and the history gives their messages, newest conversation first, without the open one", async () => {
    const { back, session, iface } = await returningVisitor("Where is my order 1234?");
    expect(back.visitorId).toBe(session.visitorId);
    expect((back as { pastConversations?: number }).pastConversations).toBe(1);
    const again = await visitorSession(iface.id, session.visitorToken);
    expect(again.conversationId).not.toBe(session.conversationId);
    const past = await history(session.visitorToken);
    expect(past.map((c) => c.id)).toEqual([session.conversationId]);
    expect(past[0]!.rating).toBe(5);
    expect(past[0]!.messages.some((m) => m.author.kind === "visitor" && m.text === "Where is my order 1234?")).toBe(true);
  });

  it("a new visitor's session counts no earlier conversation", async () => {
    const iface = await createInterface((await createWorkspace()).id);
    expect(((await pageView(iface.id)) as { pastConversations?: number }).pastConversations).toBe(0);
  });

  it("another visitor of the same interface, or a visitor of another interface, reads none of them", async () => {
    const { iface } = await returningVisitor("My secret order");
    const sameInterface = await visitorSession(iface.id);
    expect(await history(sameInterface.visitorToken)).toEqual([]);
    const elsewhere = await visitorSession((await createInterface((await createWorkspace()).id)).id);
    expect(await history(elsewhere.visitorToken)).toEqual([]);
  });

  it("needs a valid visitor token (401 without one, or with a forged one)", async () => {
    const { session } = await returningVisitor("hello");
    for (const token of [null, `${session.visitorToken.slice(0, -4)}AAAA`]) {
      const res = await historyRequest(token);
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error.code).toBe("unauthorized");
    }
  });

  it("is rate limited per address like a page view: 429 rate_limited naming the history, with Retry-After", async () => {
    const { session } = await conversationSetup();
    const ip = unique("ip");
    let refused: Response | null = null;
    for (let sent = 0; sent <= 180 && !refused; sent++) {
      const res = await historyRequest(session.visitorToken, ip);
      if (res.status === 429) refused = res;
      else await res.body?.cancel();
    }
    expect(refused).not.toBeNull();
    expect(refused!.headers.get("Retry-After")).toBe("60");
    expect(((await refused!.json()) as any).error).toMatchObject({ code: "rate_limited", action: "history", scope: "address" });
  }, 30_000);
});

describe("the visitor panel's conversations", () => {
  it("lists the visitor's conversations newest first with status, preview and rating", async () => {
    const { back, agent, session, iface } = await returningVisitor("Do you ship to Lyon?");
    const second = await visitorSession(iface.id, back.visitorToken);
    const list = await vi.waitFor(
      async () => {
        const res = await agent.client.get(`/api/visitors/${session.visitorId}/conversations`);
        expect(res.status).toBe(200);
        expect(res.json.conversations[1]?.rating).toBe(5);
        return res.json.conversations;
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(list.map((c: { id: string }) => c.id)).toEqual([second.conversationId, session.conversationId]);
    expect(list[1]).toMatchObject({ status: "closed", rating: 5, closedAt: expect.any(Number), lastMessagePreview: expect.any(String) });
    expect(list[0]).toMatchObject({ status: "bot", rating: null });
  }, 30_000);

  it("an agent of another workspace gets 404, and a signed-out caller 401", async () => {
    const { session } = await conversationSetup();
    const stranger = await signedIn((await createWorkspace()).id, "owner");
    const res = await stranger.client.get(`/api/visitors/${session.visitorId}/conversations`);
    expect(res.status).toBe(404);
    expect((await new Client().get(`/api/visitors/${session.visitorId}/conversations`)).status).toBe(401);
  });
});
