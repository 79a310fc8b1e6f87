// The dashboard's events where the chat writes them: a page view's visitor_seen, and the responses
// (takeover, accepted live or video request) the conversation object copies to D1 through its
// outbox — once each, whatever is retried, and none lost while D1 fails — and the lobby's frame.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { VISITOR_SEEN_BUCKET_MS } from "@raibu/protocol/metrics";
import {
  conversationObject,
  conversationSetup as setup,
  createInterface,
  createWorkspace,
  openSocket,
  pageView,
  signedIn,
  visitorSession,
  visitorSocket,
} from "./helpers";

interface EventRow {
  id: string;
  kind: string;
  interface_id: string;
  at: number;
  visitor_id: string | null;
}

const eventsOf = async (workspaceId: string) =>
  (await env.DB.prepare(`SELECT id, kind, interface_id, at, visitor_id FROM metric_events WHERE workspace_id = ? ORDER BY seq`).bind(workspaceId).all<EventRow>()).results;

/** The workspace's day sums, added over every day and interface. */
async function dailyTotals(workspaceId: string) {
  const row = await env.DB.prepare(
    `SELECT coalesce(sum(visitors), 0) AS visitors, coalesce(sum(takeovers), 0) AS takeovers, coalesce(sum(live_chats), 0) AS liveChats, coalesce(sum(video_chats), 0) AS videoChats
     FROM metric_daily WHERE workspace_id = ?`,
  )
    .bind(workspaceId)
    .first<{ visitors: number; takeovers: number; liveChats: number; videoChats: number }>();
  return row!;
}

const startedAtOf = async (conversationId: string) =>
  (await env.DB.prepare(`SELECT started_at FROM conversations WHERE id = ?`).bind(conversationId).first<{ started_at: number | null }>())!.started_at;

const pendingIn = (conversationId: string) =>
  runInDurableObject(conversationObject(conversationId), (instance) => (instance as unknown as { state: { pendingMetrics?: unknown[] } }).state.pendingMetrics ?? []);

async function lobbySocket(cookie: string) {
  const lobby = await openSocket("/ws/lobby", { Cookie: cookie });
  await lobby.next((f) => f.type === "snapshot");
  return lobby;
}

/** The visitor's request, pending once the visitor sees it so. */
async function requested(session: { visitorToken: string; conversationId: string }, kind: "live" | "video") {
  const visitor = await visitorSocket(session);
  visitor.send({ type: "request", kind });
  await visitor.next((f) => f.type === "state" && f.conversation.status === "requested");
  return visitor;
}

describe("visitor_seen", () => {
  it("a page view writes the visitor's event for its quarter hour under the visitor's interface; another view in the same quarter writes none", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const before = Date.now();
    const first = await pageView(iface.id);
    const again = await pageView(iface.id, first.visitorToken);
    const after = Date.now();
    expect(again.visitorId).toBe(first.visitorId);
    const events = await eventsOf(ws.id);
    // Two views a moment apart fall in one quarter hour, unless a quarter began between them.
    const quarters = new Set(events.map((e) => Math.floor(e.at / VISITOR_SEEN_BUCKET_MS)));
    expect(events.length).toBe(quarters.size);
    expect(events.length).toBeLessThanOrEqual(Math.floor(after / VISITOR_SEEN_BUCKET_MS) - Math.floor(before / VISITOR_SEEN_BUCKET_MS) + 1);
    for (const e of events) {
      expect(e).toMatchObject({ kind: "visitor_seen", interface_id: iface.id, visitor_id: first.visitorId });
      expect(e.at).toBeGreaterThanOrEqual(before);
      expect(e.at).toBeLessThanOrEqual(after);
    }
    expect((await dailyTotals(ws.id)).visitors).toBe(1);
  });

  it("a new visitor's page view tells the consoles with a metrics frame", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const agent = await signedIn(ws.id, "agent");
    const lobby = await lobbySocket(agent.client.cookie);
    await pageView(iface.id);
    await lobby.next((f) => f.type === "metrics");
    lobby.close();
  });

  it("two visitors of one interface are two visitors of the day", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    await pageView(iface.id);
    await pageView(iface.id);
    expect((await dailyTotals(ws.id)).visitors).toBe(2);
  });
});

describe("responses", () => {
  it("a takeover, an accepted live request and an accepted video request each count once, at the chat's start, under the conversation's interface", async () => {
    const ws = await createWorkspace();
    const iface = await createInterface(ws.id);
    const agent = await signedIn(ws.id, "agent");
    const taken = await visitorSession(iface.id);
    const live = await visitorSession(iface.id);
    const video = await visitorSession(iface.id);
    await requested(live, "live");
    await requested(video, "video");

    expect((await agent.client.post(`/api/conversations/${taken.conversationId}/assign`)).status).toBe(200);
    expect((await agent.client.post(`/api/conversations/${live.conversationId}/accept`)).status).toBe(200);
    expect((await agent.client.post(`/api/conversations/${video.conversationId}/accept`)).status).toBe(200);

    const events = (await eventsOf(ws.id)).filter((e) => e.kind !== "visitor_seen");
    const expected = await Promise.all(
      [
        [taken.conversationId, "takeover"],
        [live.conversationId, "live_accepted"],
        [video.conversationId, "video_accepted"],
      ].map(async ([id, kind]) => {
        const at = (await startedAtOf(id!))!;
        return { id: `response:${id}:${at}`, kind, interface_id: iface.id, at, visitor_id: null };
      }),
    );
    expect(events).toEqual(expected);
    expect(await dailyTotals(ws.id)).toMatchObject({ takeovers: 1, liveChats: 1, videoChats: 1 });
    expect(await pendingIn(taken.conversationId)).toEqual([]);
  });

  it("an accept sent again, an assign to the same agent, a transfer and an admin's take-over add no response", async () => {
    const { ws, agent, session } = await setup();
    const path = `/api/conversations/${session.conversationId}`;
    await requested(session, "live");
    expect((await agent.client.post(`${path}/accept`)).status).toBe(200);
    expect((await agent.client.post(`${path}/accept`)).status).toBe(200);
    expect((await agent.client.post(`${path}/assign`)).status).toBe(200);
    const colleague = await signedIn(ws.id, "agent");
    expect((await agent.client.post(`${path}/transfer`, { userId: colleague.user.id })).status).toBe(200);
    const admin = await signedIn(ws.id, "admin");
    const res = await admin.client.post(`${path}/assign`, { takeOverFrom: colleague.user.id });
    expect(res.json.conversation).toMatchObject({ status: "live", assignee: { id: admin.user.id } });

    const responses = (await eventsOf(ws.id)).filter((e) => e.kind !== "visitor_seen");
    expect(responses.map((e) => e.kind)).toEqual(["live_accepted"]);
    expect(await dailyTotals(ws.id)).toMatchObject({ takeovers: 0, liveChats: 1, videoChats: 0 });
  });

  it("a response lands in D1 with the copy that made it, and the consoles hear a metrics frame", async () => {
    const { ws, agent, session } = await setup();
    const lobby = await lobbySocket(agent.client.cookie);
    expect((await agent.client.post(`/api/conversations/${session.conversationId}/assign`)).status).toBe(200);
    expect((await eventsOf(ws.id)).filter((e) => e.kind === "takeover")).toHaveLength(1);
    await lobby.next((f) => f.type === "metrics");
    lobby.close();
  });
});

describe("the outbox", () => {
  const down = { prepare: () => { throw new Error("D1 is down"); }, batch: () => Promise.reject(new Error("D1 is down")) };
  type Host = { env: typeof env; state: { d1SyncedAt: number } };
  const setEnv = (conversationId: string, db: unknown) =>
    runInDurableObject(conversationObject(conversationId), (instance) => {
      const o = instance as unknown as Host;
      o.env = { ...env, DB: db as D1Database };
      // Due for its D1 copy at the next alarm.
      o.state.d1SyncedAt = 0;
    });

  it("a takeover while D1 is down is kept in the object's storage (through an eviction) and lands once D1 is back", async () => {
    const { ws, agent, session } = await setup();
    await setEnv(session.conversationId, down);
    expect((await agent.client.post(`/api/conversations/${session.conversationId}/assign`)).status).toBe(200);
    expect((await eventsOf(ws.id)).filter((e) => e.kind === "takeover")).toEqual([]);
    expect(await pendingIn(session.conversationId)).toHaveLength(1);

    await evictDurableObject(conversationObject(session.conversationId));
    await setEnv(session.conversationId, down);
    await runDurableObjectAlarm(conversationObject(session.conversationId));
    expect((await eventsOf(ws.id)).filter((e) => e.kind === "takeover")).toEqual([]);

    await setEnv(session.conversationId, env.DB);
    await runDurableObjectAlarm(conversationObject(session.conversationId));
    expect((await eventsOf(ws.id)).filter((e) => e.kind === "takeover")).toHaveLength(1);
    expect((await dailyTotals(ws.id)).takeovers).toBe(1);
    expect(await pendingIn(session.conversationId)).toEqual([]);
  });

  it("a copy that landed in D1 but whose answer was lost is copied again and counts nothing twice", async () => {
    const { ws, agent, session } = await setup();
    // The batch commits, then the answer never comes back.
    const lost = {
      prepare: (query: string) => env.DB.prepare(query),
      batch: async (statements: D1PreparedStatement[]) => {
        await env.DB.batch(statements);
        throw new Error("network lost the answer");
      },
    };
    await setEnv(session.conversationId, lost);
    await requested(session, "video");
    expect((await agent.client.post(`/api/conversations/${session.conversationId}/accept`)).status).toBe(200);
    expect((await eventsOf(ws.id)).filter((e) => e.kind === "video_accepted")).toHaveLength(1);
    expect(await pendingIn(session.conversationId)).toHaveLength(1);

    await setEnv(session.conversationId, env.DB);
    await runDurableObjectAlarm(conversationObject(session.conversationId));
    expect(await pendingIn(session.conversationId)).toEqual([]);
    expect((await eventsOf(ws.id)).filter((e) => e.kind === "video_accepted")).toHaveLength(1);
    expect((await dailyTotals(ws.id)).videoChats).toBe(1);
  });
});

describe("the lobby", () => {
  it("a burst of metric changes sends the consoles one metrics frame", async () => {
    const ws = await createWorkspace();
    const agent = await signedIn(ws.id, "agent");
    const lobby = await lobbySocket(agent.client.cookie);
    const stub = env.WORKSPACES.get(env.WORKSPACES.idFromName(ws.id));
    await Promise.all(Array.from({ length: 5 }, () => stub.metricsChanged()));
    await lobby.next((f) => f.type === "metrics");
    // Anything else the burst sent would be on the socket before this answer.
    lobby.send({ type: "ping" });
    await lobby.next((f) => f.type === "pong");
    expect(lobby.frames.filter((f) => f.type === "metrics")).toHaveLength(1);
    lobby.close();
  });
});
