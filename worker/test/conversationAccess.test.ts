// Who may do what in a conversation: visitor-only frames, other workspaces, the assignee's
// privileges (writing, closing, transferring), ended sessions, and the files a message names.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { agentSocket, conversationObject as stub, conversationSetup as setup, createInterface, createWorkspace, messageId, openSocket, signedIn, visitorSession, visitorSocket } from "./helpers";

const storedCount = (conversationId: string, id: string) =>
  runInDurableObject(stub(conversationId), (_i, state) => state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE id = ?`, id).one().n);

describe("visitor-only frames", () => {
  it("an agent socket's request, choice and page frames are refused and change nothing", async () => {
    const { agent, session } = await setup();
    const socket = await agentSocket(agent.client, session.conversationId);
    const before = await stub(session.conversationId).getView();
    socket.send({ type: "request", kind: "live" });
    const choiceId = messageId();
    socket.send({ type: "choice", id: choiceId, stepId: "greeting", choiceId: "x" });
    socket.send({ type: "page", page: { url: "https://evil.example/", title: "", referrer: "" } });
    await socket.next((f) => f.type === "error" && f.message.includes("pages"));
    const errors = socket.frames.filter((f) => f.type === "error").map((f) => f.code);
    expect(errors).toEqual(["forbidden", "forbidden", "forbidden"]);
    expect(await stub(session.conversationId).getView()).toEqual(before);
    expect(await storedCount(session.conversationId, choiceId)).toBe(0);
  });
});

describe("other conversations and workspaces", () => {
  it("a visitor token opens neither another visitor's conversation nor one of another workspace", async () => {
    const { iface, session } = await setup();
    const neighbour = await visitorSession(iface.id);
    const elsewhere = await visitorSession((await createInterface((await createWorkspace()).id)).id);
    for (const token of [neighbour.visitorToken, elsewhere.visitorToken]) {
      await expect(openSocket(`/ws/visitor?token=${encodeURIComponent(token)}&conversation=${session.conversationId}`)).rejects.toThrow(/404/);
    }
  });

  it("an agent of another workspace cannot transfer the conversation, and nobody can hand it to someone of another workspace", async () => {
    const { agent, session } = await setup();
    const stranger = await signedIn((await createWorkspace()).id, "admin");
    const theirs = await stranger.client.post(`/api/conversations/${session.conversationId}/transfer`, { userId: stranger.user.id });
    expect(theirs.status).toBe(404);
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const away = await agent.client.post(`/api/conversations/${session.conversationId}/transfer`, { userId: stranger.user.id });
    expect(away.status).toBe(404);
    expect(await stub(session.conversationId).getView()).toMatchObject({ assignee: { id: agent.user.id } });
  });
});

describe("the assignee's privileges", () => {
  it("an agent who is not the assignee cannot write, and nothing is stored", async () => {
    const { ws, agent, session } = await setup();
    const other = await signedIn(ws.id, "agent");
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const socket = await agentSocket(other.client, session.conversationId);
    const id = messageId();
    socket.send({ type: "message", id, text: "let me answer instead" });
    const error = await socket.next((f) => f.type === "error" && f.id === id);
    expect(error.code).toBe("not_assignee");
    expect(await storedCount(session.conversationId, id)).toBe(0);
  });

  it("an assigned conversation is closed only by its assignee or an admin; another agent is told who has it", async () => {
    const { ws, agent, session } = await setup();
    const other = await signedIn(ws.id, "agent");
    const admin = await signedIn(ws.id, "admin");
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const refused = await other.client.post(`/api/conversations/${session.conversationId}/close`);
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatchObject({ code: "already_taken", assignee: { id: agent.user.id, name: agent.user.name } });
    expect((await stub(session.conversationId).getView())?.status).toBe("live");
    const closed = await admin.client.post(`/api/conversations/${session.conversationId}/close`);
    expect(closed.status).toBe(200);
    expect(closed.json.conversation.status).toBe("closed");

    const second = await setup();
    await second.agent.client.post(`/api/conversations/${second.session.conversationId}/assign`);
    expect((await second.agent.client.post(`/api/conversations/${second.session.conversationId}/close`)).json.conversation.status).toBe("closed");
  });

  it("an admin may transfer a colleague's conversation; another agent may not", async () => {
    const { ws, agent, session } = await setup();
    const other = await signedIn(ws.id, "agent");
    const admin = await signedIn(ws.id, "admin");
    await agent.client.post(`/api/conversations/${session.conversationId}/assign`);
    const refused = await other.client.post(`/api/conversations/${session.conversationId}/transfer`, { userId: other.user.id });
    expect(refused.status).toBe(409);
    expect(refused.json.error.assignee).toEqual({ id: agent.user.id, name: agent.user.name });
    const moved = await admin.client.post(`/api/conversations/${session.conversationId}/transfer`, { userId: other.user.id });
    expect(moved.status).toBe(200);
    expect(moved.json.conversation.assignee).toEqual({ id: other.user.id, name: other.user.name });
  });
});

describe("ended sessions", () => {
  /** An agent socket as the Worker forwards it, with the session it came from. */
  async function sessionSocket(conversationId: string, user: { id: string; workspaceId: string; name: string }, session: string) {
    const res = await stub(conversationId).fetch("http://conversation/ws", {
      headers: { Upgrade: "websocket", "X-Raibu-Role": "agent", "X-Raibu-Id": user.id, "X-Raibu-Name": user.name, "X-Raibu-Workspace": user.workspaceId, "X-Raibu-Session": session },
    });
    const ws = res.webSocket!;
    ws.accept();
    const closed = new Promise<CloseEvent>((resolve) => ws.addEventListener("close", resolve));
    let isClosed = false;
    void closed.then(() => (isClosed = true));
    return { closed, isClosed: () => isClosed };
  }

  it("closeAgentSockets closes that session's sockets of the user with 4001 session_ended, or all of them without a session", async () => {
    const { ws, agent, session } = await setup();
    const colleague = await signedIn(ws.id, "agent");
    const a = await sessionSocket(session.conversationId, agent.user, "session-a");
    const b = await sessionSocket(session.conversationId, agent.user, "session-b");
    const theirs = await sessionSocket(session.conversationId, colleague.user, "session-a");
    const visitor = await visitorSocket(session);

    expect(await stub(session.conversationId).closeAgentSockets(agent.user.id, "session-a")).toBe(1);
    const event = await a.closed;
    expect([event.code, event.reason]).toEqual([4001, "session_ended"]);
    expect(b.isClosed()).toBe(false);
    expect(theirs.isClosed()).toBe(false);

    expect(await stub(session.conversationId).closeAgentSockets(agent.user.id, null)).toBe(1);
    expect((await b.closed).code).toBe(4001);
    expect(theirs.isClosed()).toBe(false);
    const id = messageId();
    visitor.send({ type: "message", id, text: "still here" });
    await visitor.next((f) => f.type === "ack" && f.id === id);
  });
});

describe("attachments", () => {
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  async function stored(workspaceId: string, conversationId: string, name = "holiday.png") {
    const key = `${workspaceId}/${conversationId}/${crypto.randomUUID()}`;
    await env.ATTACHMENTS.put(key, png, { httpMetadata: { contentType: "image/png" }, customMetadata: { name } });
    return key;
  }

  it("a message's file carries the name, type and size stored under its key, whatever the frame says", async () => {
    const { ws, agent, session } = await setup();
    const watcher = await agentSocket(agent.client, session.conversationId);
    const visitor = await visitorSocket(session);
    const key = await stored(ws.id, session.conversationId);
    const id = messageId();
    visitor.send({ type: "message", id, text: "", attachment: { key, name: "invoice.html", type: "text/html", size: 1 } });
    const seen = await watcher.next((f) => f.type === "message" && f.message.id === id);
    expect(seen.message.attachment).toMatchObject({ key, name: "holiday.png", type: "image/png", size: png.byteLength });
    const back = await visitor.next((f) => f.type === "message" && f.message.id === id);
    expect(back.message.attachment.url).toContain(`/api/files/${encodeURIComponent(key)}?t=`);
  });

  it("a key nothing was stored under, or of another conversation, is refused with invalid_attachment", async () => {
    const { ws, session, iface } = await setup();
    const other = await visitorSession(iface.id);
    const visitor = await visitorSocket(session);
    for (const key of [`${ws.id}/${session.conversationId}/never-uploaded`, await stored(ws.id, other.conversationId)]) {
      const id = messageId();
      visitor.send({ type: "message", id, text: "look", attachment: { key } });
      expect((await visitor.next((f) => f.type === "error" && f.id === id)).code).toBe("invalid_attachment");
      expect(await storedCount(session.conversationId, id)).toBe(0);
    }
  });

  it("a file and the text sent right after it keep the sender's order", async () => {
    const { ws, session } = await setup();
    const visitor = await visitorSocket(session);
    const key = await stored(ws.id, session.conversationId);
    const [first, second] = [messageId(), messageId()];
    visitor.send({ type: "message", id: first, text: "", attachment: { key } });
    visitor.send({ type: "message", id: second, text: "that was my receipt" });
    const a = await visitor.next((f) => f.type === "ack" && f.id === first);
    const b = await visitor.next((f) => f.type === "ack" && f.id === second);
    expect(a.seq).toBeLessThan(b.seq);
  });

  it("the copy to D1 marks the uploads its messages carry as sent, and only those", async () => {
    const { ws, session } = await setup();
    const visitor = await visitorSocket(session);
    const [sent, unsent] = [await stored(ws.id, session.conversationId), await stored(ws.id, session.conversationId)];
    for (const key of [sent, unsent]) {
      await env.DB.prepare(`INSERT INTO uploads (key, workspace_id, conversation_id, created_at) VALUES (?, ?, ?, ?)`).bind(key, ws.id, session.conversationId, Date.now()).run();
    }
    const id = messageId();
    visitor.send({ type: "message", id, text: "", attachment: { key: sent } });
    await visitor.next((f) => f.type === "ack" && f.id === id);
    await runInDurableObject(stub(session.conversationId), (instance) => {
      (instance as unknown as { state: { d1SyncedAt: number } }).state.d1SyncedAt = 0;
    });
    await runDurableObjectAlarm(stub(session.conversationId));
    const rows = await env.DB.prepare(`SELECT key, sent_at FROM uploads WHERE conversation_id = ?`).bind(session.conversationId).all<{ key: string; sent_at: number | null }>();
    const byKey = Object.fromEntries(rows.results.map((r) => [r.key, r.sent_at]));
    expect(byKey[sent]).toBeGreaterThan(0);
    expect(byKey[unsent]).toBeNull();
  });
});
