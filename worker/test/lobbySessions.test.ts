// Ending a session ends its sockets: the lobby closes the matching console sockets with 4001
// "session_ended" and asks every conversation the agent opened to do the same. Sockets are
// opened straight on the Durable Objects, with the headers the realtime routes forward.
import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createInterface, createWorkspace, unique, visitorSession } from "./helpers";

const lobbyOf = (workspaceId: string) => env.WORKSPACES.get(env.WORKSPACES.idFromName(workspaceId));
const conversationOf = (conversationId: string) => env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));

interface Watched {
  ws: WebSocket;
  closed: Promise<{ code: number; reason: string }>;
  /** Resolves at the next pong. */
  pong(): Promise<void>;
}

function watch(ws: WebSocket): Watched {
  const waiting: Array<() => void> = [];
  ws.accept();
  ws.addEventListener("message", (event) => {
    if (JSON.parse(event.data as string).type === "pong") waiting.splice(0).forEach((wake) => wake());
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason })));
  return { ws, closed, pong: () => new Promise<void>((resolve) => waiting.push(resolve)) };
}

/** A ping answered before any close: the socket is still open. */
async function stillOpen(socket: Watched): Promise<boolean> {
  const pong = socket.pong();
  socket.ws.send('{"type":"ping"}');
  return Promise.race([pong.then(() => true), socket.closed.then(() => false)]);
}

async function lobbySocket(workspaceId: string, userId: string, session: string) {
  const res = await lobbyOf(workspaceId).fetch("http://lobby/", {
    headers: { Upgrade: "websocket", "X-Raibu-Id": userId, "X-Raibu-Name": "Camille", "X-Raibu-Session": session },
  });
  return watch(res.webSocket!);
}

async function conversationSocket(workspaceId: string, conversationId: string, userId: string, session: string) {
  const res = await conversationOf(conversationId).fetch("http://conversation/", {
    headers: { Upgrade: "websocket", "X-Raibu-Role": "agent", "X-Raibu-Id": userId, "X-Raibu-Name": "Camille", "X-Raibu-Workspace": workspaceId, "X-Raibu-Session": session },
  });
  return watch(res.webSocket!);
}

describe("ending a session", () => {
  it("closes that session's lobby sockets with 4001 session_ended and leaves the agent's other sessions and other agents open", async () => {
    const ws = await createWorkspace();
    const [alex, camille] = [unique("alex"), unique("camille")];
    const ended = await lobbySocket(ws.id, alex, "session-a");
    const sameTab = await lobbySocket(ws.id, alex, "session-a");
    const otherSession = await lobbySocket(ws.id, alex, "session-b");
    const otherAgent = await lobbySocket(ws.id, camille, "session-a");

    await lobbyOf(ws.id).endSessions(alex, "session-a");
    expect(await ended.closed).toEqual({ code: 4001, reason: "session_ended" });
    expect(await sameTab.closed).toEqual({ code: 4001, reason: "session_ended" });
    expect(await stillOpen(otherSession)).toBe(true);
    expect(await stillOpen(otherAgent)).toBe(true);
    // The others see the agent's presence follow: still online through the other session.
    expect((await lobbyOf(ws.id).snapshot()).agents.find((a) => a.userId === alex)?.status).toBe("online");
  });

  it("with no session named (a password reset, a removal), closes every lobby socket of the agent and shows them offline", async () => {
    const ws = await createWorkspace();
    const alex = unique("alex");
    const first = await lobbySocket(ws.id, alex, "session-a");
    const second = await lobbySocket(ws.id, alex, "session-b");
    await lobbyOf(ws.id).endSessions(alex, null);
    expect((await first.closed).code).toBe(4001);
    expect((await second.closed).code).toBe(4001);
    expect((await lobbyOf(ws.id).snapshot()).agents.find((a) => a.userId === alex)?.status).toBe("offline");
  });

  it("closes the agent's sockets on every conversation they opened, for that session only", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const alex = unique("alex");
    const [one, two] = [await visitorSession(iface.id), await visitorSession(iface.id)];
    const lobby = lobbyOf(ws.id);
    await lobby.noteAgentSocket(alex, one.conversationId);
    await lobby.noteAgentSocket(alex, two.conversationId);
    const onOne = await conversationSocket(ws.id, one.conversationId, alex, "session-a");
    const onTwo = await conversationSocket(ws.id, two.conversationId, alex, "session-a");
    const otherSession = await conversationSocket(ws.id, one.conversationId, alex, "session-b");

    await lobby.endSessions(alex, "session-a");
    expect(await onOne.closed).toEqual({ code: 4001, reason: "session_ended" });
    expect(await onTwo.closed).toEqual({ code: 4001, reason: "session_ended" });
    expect(await stillOpen(otherSession)).toBe(true);

    await lobby.endSessions(alex, null);
    expect((await otherSession.closed).code).toBe(4001);
    const remembered = await runInDurableObject(lobby, (_instance, state) =>
      state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM agent_conversations WHERE user_id = ?`, alex).one().n,
    );
    expect(remembered).toBe(0);
  });

  it("remembers at most the 200 most recent conversations of an agent", async () => {
    const ws = await createWorkspace();
    const alex = unique("alex");
    const lobby = lobbyOf(ws.id);
    for (let i = 0; i < 250; i++) await lobby.noteAgentSocket(alex, `conv-${i}`);
    const kept = await runInDurableObject(lobby, (_instance, state) =>
      state.storage.sql
        .exec<{ conversation_id: string }>(`SELECT conversation_id FROM agent_conversations WHERE user_id = ?`, alex)
        .toArray()
        .map((r) => r.conversation_id),
    );
    expect(kept).toHaveLength(200);
    expect(kept).toContain("conv-249");
    expect(kept).not.toContain("conv-49");
  });
});
