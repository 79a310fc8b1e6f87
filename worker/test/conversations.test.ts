import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { LobbyConversation } from "@raibu/protocol/realtime";
import {
  agentSocket,
  Client,
  conversationObject as stub,
  conversationSetup as setup,
  createInterface,
  createWorkspace,
  messageId,
  openSocket,
  signedIn,
  visitorSession,
  visitorSocket,
} from "./helpers";

describe("messages", () => {
  it("are acknowledged with strictly increasing seqs and delivered to the agent in order", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const watcher = await agentSocket(agent.client, session.conversationId);
    const ids = [messageId(), messageId(), messageId()];
    for (const [i, id] of ids.entries()) visitor.send({ type: "message", id, text: `hello ${i}` });
    const acks = await Promise.all(ids.map((id) => visitor.next((f) => f.type === "ack" && f.id === id)));
    expect(acks[0].seq).toBeLessThan(acks[1].seq);
    expect(acks[1].seq).toBeLessThan(acks[2].seq);
    await watcher.next((f) => f.type === "message" && f.message.id === ids[2]);
    const received = watcher.frames.filter((f) => f.type === "message" && ids.includes(f.message.id)).map((f) => f.message.text);
    expect(received).toEqual(["hello 0", "hello 1", "hello 2"]);
  });

  it("sending the same id twice stores the message once and acks the same seq", async () => {
    const { session } = await setup();
    const visitor = await visitorSocket(session);
    const id = messageId();
    visitor.send({ type: "message", id, text: "only once" });
    const first = await visitor.next((f) => f.type === "ack" && f.id === id);
    visitor.send({ type: "message", id, text: "only once" });
    await visitor.next((f) => f.type === "ack" && f.id === id && visitor.frames.filter((g) => g.type === "ack" && g.id === id).length === 2);
    const acks = visitor.frames.filter((f) => f.type === "ack" && f.id === id);
    expect(acks.map((a) => a.seq)).toEqual([first.seq, first.seq]);
    const count = await runInDurableObject(stub(session.conversationId), (_i, state) => state.storage.sql.exec(`SELECT COUNT(*) AS n FROM messages WHERE id = ?`, id).one().n);
    expect(count).toBe(1);
  });

  it("a message resent after the conversation closed is still acknowledged with its seq, not refused", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    const id = messageId();
    visitor.send({ type: "message", id, text: "sent just before the close" });
    const first = await visitor.next((f) => f.type === "ack" && f.id === id);
    await agent.client.post(`/api/conversations/${session.conversationId}/close`);
    visitor.send({ type: "message", id, text: "sent just before the close" });
    await visitor.next((f) => f.type === "ack" && f.id === id && visitor.frames.filter((g) => g.type === "ack" && g.id === id).length === 2);
    expect(visitor.frames.filter((f) => f.type === "ack" && f.id === id).map((f) => f.seq)).toEqual([first.seq, first.seq]);
    expect(visitor.frames.some((f) => f.type === "error" && f.id === id)).toBe(false);
  });

  it("resume after a disconnect returns exactly the messages missed, in order", async () => {
    const { agent, session } = await setup();
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const visitor = await visitorSocket(session);
    const agentWs = await agentSocket(agent.client, session.conversationId);
    const lastHeld = visitor.frames.find((f) => f.type === "welcome").messages.at(-1).seq;
    visitor.close();

    const missed = [messageId(), messageId(), messageId()];
    for (const id of missed) {
      agentWs.send({ type: "message", id, text: `while away ${id}` });
      await agentWs.next((f) => f.type === "ack" && f.id === id);
    }
    const again = await visitorSocket(session);
    again.frames.length = 0;
    again.send({ type: "resume", afterSeq: lastHeld });
    await again.next((f) => f.type === "state");
    const resumed = again.frames.filter((f) => f.type === "message").map((f) => f.message.id);
    expect(resumed).toEqual(missed);
  });

  it("an invalid frame gets an error frame and the socket stays open", async () => {
    const { session } = await setup();
    const visitor = await visitorSocket(session);
    visitor.send("this is not json");
    await visitor.next((f) => f.type === "error" && f.code === "invalid_frame");
    visitor.send({ type: "fly", to: "moon" });
    expect((await visitor.next((f) => f.type === "error" && f.message.includes("type"))).code).toBe("invalid_frame");
    const id = messageId();
    visitor.send({ type: "message", id, text: "still here" });
    expect((await visitor.next((f) => f.type === "ack" && f.id === id)).seq).toBeGreaterThan(0);
  });

  it("a message over 4,000 characters is refused with a clear error, and nothing is stored", async () => {
    const { session } = await setup();
    const visitor = await visitorSocket(session);
    const id = messageId();
    visitor.send({ type: "message", id, text: "x".repeat(4001) });
    const error = await visitor.next((f) => f.type === "error" && f.id === id);
    expect(error.code).toBe("message_too_long");
    expect(error.message).toContain("4000");
    const count = await runInDurableObject(stub(session.conversationId), (_i, state) => state.storage.sql.exec(`SELECT COUNT(*) AS n FROM messages WHERE id = ?`, id).one().n);
    expect(count).toBe(0);
    visitor.send({ type: "message", id: messageId(), text: "x".repeat(4000) });
    await visitor.next((f) => f.type === "ack");
  });

  it("message text is stored and delivered as the exact characters sent", async () => {
    const { agent, session } = await setup();
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const visitor = await visitorSocket(session);
    const watcher = await agentSocket(agent.client, session.conversationId);
    const id = messageId();
    const text = `<img src=x onerror="alert(1)"> & "quotes"`;
    visitor.send({ type: "message", id, text });
    expect((await watcher.next((f) => f.type === "message" && f.message.id === id)).message.text).toBe(text);
  });
});

describe("taking over and requests", () => {
  it("the bot answers a visitor, and « Assign to me » stops it and tells the visitor who took over", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    visitor.send({ type: "message", id: messageId(), text: "hello?" });
    await visitor.next((f) => f.type === "message" && f.message.author.kind === "bot" && f.message.seq > 1);

    const res = await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    expect(res.status).toBe(200);
    expect(res.json.conversation).toMatchObject({ status: "live", assignee: { id: agent.user.id } });
    const notice = await visitor.next((f) => f.type === "message" && f.message.notice?.code === "takeover");
    expect(notice.message.text).toBe(`${agent.user.name} has taken over the chat`);
    await visitor.next((f) => f.type === "state" && f.conversation.status === "live");

    const botBefore = visitor.frames.filter((f) => f.type === "message" && f.message.author.kind === "bot").length;
    const id = messageId();
    visitor.send({ type: "message", id, text: "are you a person?" });
    await visitor.next((f) => f.type === "ack" && f.id === id);
    await new Promise((r) => setTimeout(r, 200));
    expect(visitor.frames.filter((f) => f.type === "message" && f.message.author.kind === "bot").length).toBe(botBefore);
  });

  it("an agent cannot write before the conversation is theirs", async () => {
    const { agent, session } = await setup();
    const watcher = await agentSocket(agent.client, session.conversationId);
    const id = messageId();
    watcher.send({ type: "message", id, text: "hi" });
    expect((await watcher.next((f) => f.type === "error" && f.id === id)).code).toBe("not_assignee");
  });

  it("a live-chat request is accepted by exactly one of two racing agents; the other is told who won", async () => {
    const { ws, agent, session } = await setup();
    const other = await signedIn(ws.id, "agent");
    const visitor = await visitorSocket(session);
    visitor.send({ type: "request", kind: "live" });
    await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");

    const [a, b] = await Promise.all([
      agent.client.post(`/api/conversations/${session.conversationId}/accept`),
      other.client.post(`/api/conversations/${session.conversationId}/accept`),
    ]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const winner = a.status === 200 ? agent : other;
    const loser = a.status === 200 ? b : a;
    expect(loser.json.error).toEqual({
      code: "already_taken",
      message: `${winner.user.name} already took this conversation.`,
      assignee: { id: winner.user.id, name: winner.user.name },
    });
    const notice = await visitor.next((f) => f.type === "message" && f.message.notice?.code === "accepted");
    expect(notice.message.text).toBe(`${winner.user.name} accepted the request`);
    const accepted = visitor.frames.filter((f) => f.type === "message" && f.message.notice?.code === "accepted");
    expect(accepted).toHaveLength(1);
  });

  it("accepting a video request creates a call with a signed link for the agent and one for the visitor", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    visitor.send({ type: "request", kind: "video" });
    await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");
    const res = await agent.client.post(`/api/conversations/${session.conversationId}/accept`);
    expect(res.status).toBe(200);
    const call = res.json.conversation.call;
    expect(call.agentUrl).toMatch(new RegExp(`/call/${call.callId}\\?t=[\\w-]+\\.[\\w-]+$`));
    const state = await visitor.next((f) => f.type === "state" && f.conversation.call);
    expect(state.conversation.call.url).toMatch(new RegExp(`/call/${call.callId}\\?t=`));
    expect(state.conversation.call.url).not.toBe(call.agentUrl);
    expect(state.conversation.call.agentUrl).toBeUndefined();
  });

  it("a request nobody accepts before the timeout turns into the offline form", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id, { requestTimeoutSeconds: 10 });
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    visitor.send({ type: "request", kind: "live" });
    const requested = await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");
    expect(requested.conversation.requestDeadline - requested.conversation.requestedAt).toBe(10_000);
    // Let the ten seconds pass: move the deadline into the past, then fire the alarm.
    await runInDurableObject(stub(session.conversationId), (instance) => {
      (instance as unknown as { state: { requestDeadline: number } }).state.requestDeadline = Date.now() - 1;
    });
    expect(await runDurableObjectAlarm(stub(session.conversationId))).toBe(true);
    await visitor.next((f) => f.type === "state" && f.conversation.status === "offline_form");
    await visitor.next((f) => f.type === "message" && f.message.notice?.code === "request_timeout");
  });

  it("a request the interface does not offer is refused", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id, { allowVideo: false });
    const visitor = await visitorSocket(await visitorSession(iface.id));
    visitor.send({ type: "request", kind: "video" });
    expect((await visitor.next((f) => f.type === "error")).code).toBe("request_unavailable");
  });

  it("an agent transfers a conversation to a colleague, who can then write", async () => {
    const { ws, agent, session } = await setup();
    const colleague = await signedIn(ws.id, "agent");
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const res = await agent.client.post(`/api/conversations/${session.conversationId}/transfer`, { userId: colleague.user.id });
    expect(res.json.conversation.assignee.id).toBe(colleague.user.id);
    const socket = await agentSocket(colleague.client, session.conversationId);
    const id = messageId();
    socket.send({ type: "message", id, text: "I'm here now" });
    await socket.next((f) => f.type === "ack" && f.id === id);
  });

  it("closing ends the conversation for the visitor, who can then start a new one", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    await agent.client.post(`/api/conversations/${session.conversationId}/close`);
    await visitor.next((f) => f.type === "state" && f.conversation.status === "closed");
    const id = messageId();
    visitor.send({ type: "message", id, text: "hello?" });
    expect((await visitor.next((f) => f.type === "error" && f.id === id)).code).toBe("conversation_closed");
    const fresh = await new Client().request("POST", "/api/widget/conversations", {}, { Authorization: `Bearer ${session.visitorToken}` });
    expect(fresh.status).toBe(200);
    expect(fresh.json.conversationId).not.toBe(session.conversationId);
  });
});

describe("who may open what", () => {
  it("a visitor token cannot open another visitor's conversation", async () => {
    const { iface, session } = await setup();
    const intruder = await visitorSession(iface.id);
    const res = await env.DB.prepare("select 1").first();
    expect(res).toBeTruthy();
    await expect(openSocket(`/ws/visitor?token=${encodeURIComponent(intruder.visitorToken)}&conversation=${session.conversationId}`)).rejects.toThrow(/404/);
  });

  it("a forged visitor token opens nothing", async () => {
    const { session } = await setup();
    const [body] = session.visitorToken.split(".");
    await expect(openSocket(`/ws/visitor?token=${body}.AAAA&conversation=${session.conversationId}`)).rejects.toThrow(/401/);
  });

  it("an agent of another workspace cannot join, act on or see the conversation", async () => {
    const { session } = await setup();
    const stranger = await signedIn((await createWorkspace()).id, "admin");
    await expect(openSocket(`/ws/conversations/${session.conversationId}`, { Cookie: stranger.client.cookie })).rejects.toThrow(/404/);
    for (const action of ["assign", "accept", "close"]) {
      expect((await stranger.client.post(`/api/conversations/${session.conversationId}/${action}`)).status).toBe(404);
    }
    expect((await stranger.client.get(`/api/visitors/${session.visitorId}`)).status).toBe(404);
    expect((await stranger.client.get(`/api/conversations`)).json.conversations).toEqual([]);
  });

  it("an agent socket from another site's page is refused", async () => {
    const { agent, session } = await setup();
    await expect(openSocket(`/ws/conversations/${session.conversationId}`, { Cookie: agent.client.cookie, Origin: "https://evil.example" })).rejects.toThrow(/403/);
  });

  it("a session from a website the interface does not allow is refused", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const res = await new Client().post("/api/widget/session", { interfaceId: iface.id, hostOrigin: "https://other.example", page: { url: "https://other.example/" } });
    expect(res.status).toBe(403);
    expect(res.json.error.code).toBe("origin_not_allowed");
  });

  it("the same visitor token brings back the same visitor and their open conversation", async () => {
    const { iface, session } = await setup();
    const again = await visitorSession(iface.id, session.visitorToken);
    expect(again.visitorId).toBe(session.visitorId);
    expect(again.conversationId).toBe(session.conversationId);
  });
});

describe("verified identity", () => {
  async function hmac(secret: string, data: string) {
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return [...new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(data)))].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  it("a right hash names the visitor; a wrong one is refused with 403", async () => {
    const { iface, agent, session } = await setup();
    const visitor = new Client();
    const auth = { Authorization: `Bearer ${session.visitorToken}` };
    const wrong = await visitor.request("POST", "/api/widget/identify", { userId: "u-42", hash: "0".repeat(64), name: "Mallory" }, auth);
    expect(wrong.status).toBe(403);
    expect(wrong.json.error.code).toBe("bad_identity_hash");
    const right = await visitor.request("POST", "/api/widget/identify", { userId: "u-42", hash: await hmac(iface.identitySecret, "u-42"), name: "Lena Petit", email: "lena@example.test" }, auth);
    expect(right.status).toBe(200);
    const detail = await agent.client.get(`/api/visitors/${session.visitorId}`);
    expect(detail.json.visitor).toMatchObject({ name: "Lena Petit", email: "lena@example.test", verified: true });
  });
});

describe("hibernation and eviction", () => {
  it("an evicted Durable Object keeps its state, its messages and its hibernating sockets", async () => {
    const { agent, session } = await setup();
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const visitor = await visitorSocket(session);
    const agentWs = await agentSocket(agent.client, session.conversationId);
    const before = messageId();
    visitor.send({ type: "message", id: before, text: "before eviction" });
    await visitor.next((f) => f.type === "ack" && f.id === before);

    await evictDurableObject(stub(session.conversationId), { webSockets: "hibernate" });

    const after = messageId();
    visitor.send({ type: "message", id: after, text: "after eviction" });
    const ack = await visitor.next((f) => f.type === "ack" && f.id === after);
    await agentWs.next((f) => f.type === "message" && f.message.id === after);
    const view = await stub(session.conversationId).getView();
    expect(view).toMatchObject({ status: "live", assignee: { id: agent.user.id }, lastSeq: ack.seq });
    // Sending the pre-eviction id again is still recognised.
    visitor.send({ type: "message", id: before, text: "before eviction" });
    await visitor.next((f) => f.type === "ack" && f.id === before && f.seq < ack.seq);
  });
});

describe("the lobby", () => {
  it("agents see visitors live and are told of new requests", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const agent = await signedIn(ws.id, "agent");
    const lobby = await openSocket("/ws/lobby", { Cookie: agent.client.cookie });
    const snapshot = await lobby.next((f) => f.type === "snapshot");
    expect(snapshot.agents.map((a: { userId: string }) => a.userId)).toContain(agent.user.id);

    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    const row = await lobby.next((f) => f.type === "conversation" && f.conversation.conversationId === session.conversationId && f.conversation.visitorOnline);
    expect(row.conversation).toMatchObject({ status: "bot", visitorName: session.visitorName, page: null });
    visitor.send({ type: "page", page: { url: "https://customer.example/contact", title: "Contact", referrer: "" } });
    await lobby.next((f) => f.type === "conversation" && f.conversation.page?.url === "https://customer.example/contact");
    visitor.send({ type: "request", kind: "live" });
    const request = await lobby.next((f) => f.type === "request");
    expect(request.conversation).toMatchObject({ conversationId: session.conversationId, requestKind: "live" });
  });

  it("a new message reaches the live list within a second without touching the conversation's alarm, which waits for the ten-second D1 copy", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const agent = await signedIn(ws.id, "agent");
    const lobby = await openSocket("/ws/lobby", { Cookie: agent.client.cookie });
    await lobby.next((f) => f.type === "snapshot");
    const session = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    const id = messageId();
    const sentAt = Date.now();
    visitor.send({ type: "message", id, text: "Is the shop open on Sunday?" });
    await visitor.next((f) => f.type === "ack" && f.id === id);
    const [alarm, d1SyncedAt] = await runInDurableObject(stub(session.conversationId), async (instance, state) => [
      await state.storage.getAlarm(),
      (instance as unknown as { state: { d1SyncedAt: number } }).state.d1SyncedAt,
    ]);
    expect(d1SyncedAt).toBeGreaterThan(0);
    expect(alarm).toBeGreaterThanOrEqual(Math.max(sentAt + 1000, d1SyncedAt! + 10_000));
    const row = await lobby.next((f) => f.type === "conversation" && f.conversation.conversationId === session.conversationId && f.conversation.unread === 1);
    expect(row.conversation.lastMessageAt).toBeGreaterThanOrEqual(sentAt);
  });

  it("the live list survives the lobby's eviction: rows reported before it come back in the next snapshot", async () => {
    const { ws, agent, session } = await setup();
    const visitor = await visitorSocket(session);
    visitor.send({ type: "page", page: { url: "https://customer.example/pricing", title: "Pricing", referrer: "" } });
    const lobbyStub = env.WORKSPACES.get(env.WORKSPACES.idFromName(ws.id));
    await expect.poll(async () => (await lobbyStub.snapshot()).conversations.find((c) => c.conversationId === session.conversationId)?.page?.url).toBe("https://customer.example/pricing");
    // Rows are written to storage in batches, within half a second.
    await new Promise((resolve) => setTimeout(resolve, 700));
    await evictDurableObject(lobbyStub);
    const lobby = await openSocket("/ws/lobby", { Cookie: agent.client.cookie });
    const snapshot = await lobby.next((f) => f.type === "snapshot");
    expect(snapshot.conversations.find((c: { conversationId: string }) => c.conversationId === session.conversationId)).toMatchObject({
      page: { url: "https://customer.example/pricing" },
      visitorOnline: true,
    });
  });

  it("a busy lobby asks conversations to copy new messages less often: every second up to 250 active conversations, slower beyond", async () => {
    const lobbyStub = env.WORKSPACES.get(env.WORKSPACES.idFromName(`busy-${crypto.randomUUID()}`));
    const now = Date.now();
    const row = (i: number): LobbyConversation => ({
      conversationId: `c${i}`, visitorId: `v${i}`, visitorName: `Visitor #${i}`, interfaceId: "i", interfaceName: "Site", status: "bot",
      requestKind: null, requestedAt: null, assignee: null, page: null, visitorOnline: true, lastMessageAt: now, lastMessagePreview: "hi", unread: 1, createdAt: now,
    });
    expect(await lobbyStub.upsertConversation(row(0), 1)).toEqual({ paceMs: 1000 });
    for (let i = 1; i < 600; i++) await lobbyStub.upsertConversation(row(i), 1);
    // The pace is recomputed at most once a second: let a second pass.
    await runInDurableObject(lobbyStub, (instance) => {
      (instance as unknown as { pace: { computedAt: number } }).pace.computedAt = 0;
    });
    expect(await lobbyStub.upsertConversation(row(0), 2)).toEqual({ paceMs: 2400 });
  });

  it("search finds conversations by message text once the outbox has copied them", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    const id = messageId();
    visitor.send({ type: "message", id, text: "Do you deliver to Lyon?" });
    await visitor.next((f) => f.type === "ack" && f.id === id);
    // The first flush feeds only the lobby: D1 is written at most every ten seconds.
    await runDurableObjectAlarm(stub(session.conversationId));
    expect((await agent.client.get(`/api/conversations?q=Lyon`)).json.conversations).toEqual([]);
    // Ten seconds later, the next flush copies the text to D1's search index.
    await runInDurableObject(stub(session.conversationId), (instance) => {
      (instance as unknown as { state: { d1SyncedAt: number } }).state.d1SyncedAt = 0;
    });
    await runDurableObjectAlarm(stub(session.conversationId));
    const found = await agent.client.get(`/api/conversations?q=${encodeURIComponent("to lyon")}`);
    expect(found.json.conversations.map((c: { id: string }) => c.id)).toEqual([session.conversationId]);
    const none = await agent.client.get(`/api/conversations?q=${encodeURIComponent("Marseille")}`);
    expect(none.json.conversations).toEqual([]);
  });

  it("while D1 fails, the outbox retries a few seconds later instead of spinning, and the copy lands once D1 is back", async () => {
    const { agent, session } = await setup();
    const visitor = await visitorSocket(session);
    const id = messageId();
    visitor.send({ type: "message", id, text: "Anyone in Bordeaux?" });
    await visitor.next((f) => f.type === "ack" && f.id === id);
    const down = { prepare: () => { throw new Error("D1 is down"); }, batch: () => Promise.reject(new Error("D1 is down")) };
    type Outbox = { env: typeof env; state: { d1SyncedAt: number } };
    await runInDurableObject(stub(session.conversationId), (instance) => {
      const o = instance as unknown as Outbox;
      o.env = { ...env, DB: down as unknown as D1Database };
      o.state.d1SyncedAt = 0;
    });
    const before = Date.now();
    await runDurableObjectAlarm(stub(session.conversationId));
    const next = await runInDurableObject(stub(session.conversationId), (_i, state) => state.storage.getAlarm());
    expect(next).toBeGreaterThanOrEqual(before + 4000);
    expect((await agent.client.get(`/api/conversations?q=Bordeaux`)).json.conversations).toEqual([]);

    await runInDurableObject(stub(session.conversationId), (instance) => {
      (instance as unknown as Outbox).env = env;
    });
    await runDurableObjectAlarm(stub(session.conversationId));
    expect((await agent.client.get(`/api/conversations?q=Bordeaux`)).json.conversations.map((c: { id: string }) => c.id)).toEqual([session.conversationId]);
  });
});
