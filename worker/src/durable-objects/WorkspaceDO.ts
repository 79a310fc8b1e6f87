// One Durable Object per workspace: the agents' lobby. It keeps the live visitor list
// (one row per recent conversation, reported by the Conversation DOs, bounded by
// lib/lobbyRetention.ts), derives agent presence from the consoles' hibernating sockets,
// and fans changes out to every tab.
import type { Env } from "../env";
import { conversationStub } from "../lib/conversationService";
import { alwaysKept, expiresAt, MAX_OTHER_ROWS, nextExpiry, rowsToRemove } from "../lib/lobbyRetention";
import {
  assertNever,
  LobbyClientMessageSchema,
  type AgentPresence,
  type ConversationStatus,
  type LobbyClientMessage,
  type LobbyConversation,
  type LobbyServerMessage,
} from "@raibu/protocol/realtime";
import { CLOSE, SocketServer } from "./SocketServer";

interface AgentSocket {
  userId: string;
  name: string;
  /** The console session (its token hash) the socket was opened with; ending it closes the socket. */
  session: string | null;
}

/** Conversations remembered per agent, so that ending a session reaches their sockets there too. */
const NOTED_PER_AGENT = 200;

/** Rows that expired close together leave in one pass of the alarm. */
const PRUNE_GAP_MS = 60_000;
/**
 * Rows reach the consoles at once and the storage within this delay, many in one commit: a busy
 * workspace's conversations report about once a second each, and a commit apiece would put one
 * storage write per conversation per second behind everything else on the machine. A row lost in
 * this window (a crash) is sent again with its conversation's next change, and D1 has the rest.
 */
const PERSIST_DELAY_MS = 500;

/**
 * The pace the lobby asks of each conversation's message copies: every second while at most
 * LOBBY_COPIES_PER_S conversations are active, slower beyond, so that the lobby's work stays
 * bounded however many visitors write at once (1,000 active conversations → every 4 s).
 * State changes (a request, an assignment) are copied at once whatever the pace.
 */
const LOBBY_COPIES_PER_S = 250;
const PACE_MIN_MS = 1000;
const PACE_MAX_MS = 5000;
/** A conversation that reported within this window counts as active. */
const ACTIVE_WINDOW_MS = 10_000;
/**
 * Metric events landing tell the consoles at most once a second: the first of a burst starts this
 * wait and one frame at its end speaks for every event meanwhile (each dashboard then reads once).
 */
const METRICS_FRAME_MS = 1000;

interface LobbyRow {
  version: number;
  status: ConversationStatus;
  visitorOnline: boolean;
  conversation: LobbyConversation;
  updatedAt: number;
}

export class WorkspaceDO extends SocketServer<AgentSocket, LobbyClientMessage, LobbyServerMessage> {
  private sql: SqlStorage;
  private upsertsSincePrune = 0;
  /** The live list, loaded once; the storage follows it through `persistSoon`. */
  private rows = new Map<string, LobbyRow>();
  private unsaved = new Set<string>();
  private persistTimer: ReturnType<typeof setTimeout> | null = null;
  private pace = { ms: PACE_MIN_MS, computedAt: 0 };
  /** When the alarm that prunes expired rows rings; null when none is set. */
  private alarmAt: number | null = null;
  /** The `metrics` frame waiting for the end of its burst. */
  private metricsTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS lobby (
        conversation_id TEXT PRIMARY KEY, version INTEGER NOT NULL, status TEXT NOT NULL,
        data TEXT NOT NULL, updated_at INTEGER NOT NULL)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS agents (user_id TEXT PRIMARY KEY, name TEXT NOT NULL, availability TEXT NOT NULL)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS agent_conversations (
        user_id TEXT NOT NULL, conversation_id TEXT NOT NULL, noted_at INTEGER NOT NULL, PRIMARY KEY (user_id, conversation_id))`);
      for (const r of this.sql.exec<{ conversation_id: string; version: number; status: string; data: string; updated_at: number }>(`SELECT * FROM lobby`)) {
        const conversation = JSON.parse(r.data) as LobbyConversation;
        this.rows.set(r.conversation_id, { version: r.version, status: conversation.status, visitorOnline: conversation.visitorOnline, conversation, updatedAt: r.updated_at });
      }
      this.alarmAt = await ctx.storage.getAlarm();
    });
  }

  // ---- RPC ----

  /**
   * A Conversation DO reports its row; an older version never overwrites a newer one.
   * Returns the pace at which to send the next copy of a mere new message.
   */
  async upsertConversation(row: LobbyConversation, version: number): Promise<{ paceMs: number }> {
    const paceMs = this.paceMs();
    const previous = this.rows.get(row.conversationId);
    if (previous && previous.version >= version) return { paceMs };
    const next: LobbyRow = { version, status: row.status, visitorOnline: row.visitorOnline, conversation: row, updatedAt: Date.now() };
    this.rows.set(row.conversationId, next);
    this.unsaved.add(row.conversationId);
    this.persistSoon();
    this.broadcast({ type: "conversation", conversation: row });
    if (row.status === "requested" && previous?.status !== "requested") this.broadcast({ type: "request", conversation: row });
    if (++this.upsertsSincePrune >= 100) this.prune();
    const expiry = expiresAt(next);
    if (expiry !== null) await this.wakeBy(expiry);
    return { paceMs };
  }

  /** Expired rows leave the list; the alarm then waits for the next row to expire, if any. */
  async alarm(): Promise<void> {
    this.alarmAt = null;
    this.prune();
    const next = nextExpiry(this.rows.values());
    if (next !== null) await this.wakeBy(Math.max(next, Date.now() + PRUNE_GAP_MS));
  }

  async snapshot(): Promise<{ conversations: LobbyConversation[]; agents: AgentPresence[] }> {
    return { conversations: this.conversations(), agents: this.presence() };
  }

  /** The agent changed their availability in the console. */
  async setAvailability(userId: string, name: string, availability: "online" | "away"): Promise<void> {
    this.saveAgent(userId, name, availability);
    this.broadcast({ type: "agents", agents: this.presence() });
  }

  /** The offline inbox changed (a new thread, a visitor's answer, an agent's change): every console tab hears it. */
  async offlineChanged(frame: Extract<LobbyServerMessage, { type: "offline" }>): Promise<void> {
    this.broadcast(frame);
  }

  /** An appointment was booked or cancelled (appointments/notify.ts): every console tab hears it. */
  async appointmentChanged(frame: Extract<LobbyServerMessage, { type: "appointment" }>): Promise<void> {
    this.broadcast(frame);
  }

  /**
   * Metric events landed in D1 (metrics/notify.ts): every console tab hears `{ type: "metrics" }`
   * once the burst is over, at most once a second. In memory only: a frame lost with the object
   * costs a dashboard one update, the next event sends another.
   */
  async metricsChanged(): Promise<void> {
    this.metricsTimer ??= setTimeout(() => {
      this.metricsTimer = null;
      this.broadcast({ type: "metrics" });
    }, METRICS_FRAME_MS);
  }

  async onlineAgentCount(): Promise<number> {
    return this.presence().filter((a) => a.status === "online").length;
  }

  /** An agent opened a socket on this conversation: ending their session must reach it. */
  async noteAgentSocket(userId: string, conversationId: string): Promise<void> {
    this.sql.exec(
      `INSERT INTO agent_conversations (user_id, conversation_id, noted_at) VALUES (?, ?, ?)
       ON CONFLICT (user_id, conversation_id) DO UPDATE SET noted_at = excluded.noted_at`,
      userId,
      conversationId,
      Date.now(),
    );
    this.sql.exec(
      `DELETE FROM agent_conversations WHERE user_id = ? AND conversation_id NOT IN
       (SELECT conversation_id FROM agent_conversations WHERE user_id = ? ORDER BY noted_at DESC, rowid DESC LIMIT ?)`,
      userId,
      userId,
      NOTED_PER_AGENT,
    );
  }

  /**
   * A session ended (logout; every session when `session` is null: password reset, removal):
   * its lobby sockets close with 4001 (the console then goes to its sign-in page), and so do its
   * sockets on the conversations the agent opened.
   */
  async endSessions(userId: string, session: string | null): Promise<void> {
    let closed = 0;
    for (const ws of this.ctx.getWebSockets(userId)) {
      if (session !== null && this.infoOf(ws)?.session !== session) continue;
      if (this.closeSocket(ws, CLOSE.sessionEnded.code, CLOSE.sessionEnded.reason)) closed += 1;
    }
    if (closed > 0) this.broadcast({ type: "agents", agents: this.presence() });
    const noted = this.sql.exec<{ conversation_id: string }>(`SELECT conversation_id FROM agent_conversations WHERE user_id = ?`, userId).toArray();
    const results = await Promise.allSettled(noted.map((r) => conversationStub(this.env, r.conversation_id).closeAgentSockets(userId, session)));
    for (const result of results) if (result.status === "rejected") console.error("conversation sockets not closed", result.reason);
    if (session === null) this.sql.exec(`DELETE FROM agent_conversations WHERE user_id = ?`, userId);
  }

  // ---- Sockets ----

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("Expected a WebSocket", { status: 426 });
    const userId = request.headers.get("X-Raibu-Id");
    const name = request.headers.get("X-Raibu-Name") ?? "";
    const availability = request.headers.get("X-Raibu-Availability") === "away" ? "away" : "online";
    const session = request.headers.get("X-Raibu-Session");
    if (!userId) return new Response("Missing agent", { status: 400 });
    const pair = new WebSocketPair();
    const server = pair[1];
    this.acceptSocket(server, [userId], { userId, name, session });
    this.saveAgent(userId, name, availability);
    this.send(server, { type: "snapshot", conversations: this.conversations(), agents: this.presence() });
    this.broadcast({ type: "agents", agents: this.presence() }, undefined, server);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  protected parseFrame(data: unknown) {
    return LobbyClientMessageSchema.safeParse(data);
  }

  protected onFrame(ws: WebSocket, agent: AgentSocket, msg: LobbyClientMessage): Promise<void> | void {
    switch (msg.type) {
      case "ping":
        return this.send(ws, { type: "pong" });
      case "availability":
        return this.setAvailability(agent.userId, agent.name, msg.status);
      default:
        assertNever(msg);
    }
  }

  protected onSocketClosed(ws: WebSocket) {
    this.broadcast({ type: "agents", agents: this.presence(ws) }, undefined, ws);
  }

  // ---- Helpers ----

  /** Every request and live chat, and the most recently changed of the other rows. */
  private conversations(): LobbyConversation[] {
    let others = 0;
    return [...this.rows.values()]
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .filter((r) => alwaysKept(r) || ++others <= MAX_OTHER_ROWS)
      .map((r) => r.conversation);
  }

  /** One alarm for every row: it only ever moves earlier here, and `alarm` sets the next one. */
  private async wakeBy(time: number) {
    if (this.alarmAt !== null && this.alarmAt <= time) return;
    this.alarmAt = time;
    await this.ctx.storage.setAlarm(time);
  }

  /** Recomputed at most once a second from the conversations active in the last ten. */
  private paceMs(): number {
    const now = Date.now();
    if (now - this.pace.computedAt < 1000) return this.pace.ms;
    let active = 0;
    for (const row of this.rows.values()) if (row.updatedAt > now - ACTIVE_WINDOW_MS) active += 1;
    this.pace = { ms: Math.min(PACE_MAX_MS, Math.max(PACE_MIN_MS, Math.ceil((active / LOBBY_COPIES_PER_S) * 1000))), computedAt: now };
    return this.pace.ms;
  }

  private persistSoon() {
    this.persistTimer ??= setTimeout(() => {
      this.persistTimer = null;
      this.persist();
    }, PERSIST_DELAY_MS);
  }

  /** Writes the rows changed since the last call, in one commit; on failure they wait for the next try. */
  private persist() {
    const ids = [...this.unsaved];
    this.unsaved.clear();
    try {
      this.writeRows(ids);
    } catch (err) {
      console.error("lobby rows not saved; retrying", err);
      for (const id of ids) this.unsaved.add(id);
      this.persistSoon();
    }
  }

  private writeRows(ids: string[]) {
    this.ctx.storage.transactionSync(() => {
      for (const id of ids) {
        const row = this.rows.get(id);
        if (!row) continue;
        this.sql.exec(
          `INSERT INTO lobby (conversation_id, version, status, data, updated_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (conversation_id) DO UPDATE SET version = excluded.version, status = excluded.status, data = excluded.data, updated_at = excluded.updated_at`,
          id,
          row.version,
          row.status,
          JSON.stringify(row.conversation),
          row.updatedAt,
        );
      }
    });
  }

  /** Online or away for agents with a console open, offline for the others seen before. */
  private presence(except?: WebSocket): AgentPresence[] {
    const connected = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except || ws.readyState !== WebSocket.OPEN) continue;
      const agent = this.infoOf(ws);
      if (agent) connected.add(agent.userId);
    }
    return this.sql
      .exec<{ user_id: string; name: string; availability: "online" | "away" }>(`SELECT user_id, name, availability FROM agents ORDER BY name`)
      .toArray()
      .map((a) => ({ userId: a.user_id, name: a.name, status: connected.has(a.user_id) ? a.availability : "offline" }));
  }

  private saveAgent(userId: string, name: string, availability: "online" | "away") {
    this.sql.exec(
      `INSERT INTO agents (user_id, name, availability) VALUES (?, ?, ?)
       ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, availability = excluded.availability`,
      userId,
      name,
      availability,
    );
  }

  /** Removes expired rows and the oldest beyond the bound, and tells every console. */
  private prune() {
    this.upsertsSincePrune = 0;
    const ids = rowsToRemove(this.rows, Date.now());
    if (ids.length === 0) return;
    for (const id of ids) {
      this.rows.delete(id);
      this.unsaved.delete(id);
    }
    this.ctx.storage.transactionSync(() => {
      for (const id of ids) this.sql.exec(`DELETE FROM lobby WHERE conversation_id = ?`, id);
    });
    for (const id of ids) this.broadcast({ type: "removed", conversationId: id });
  }
}
