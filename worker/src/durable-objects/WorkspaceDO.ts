// One Durable Object per workspace: the agents' lobby. It keeps the live visitor list
// (one row per recent conversation, reported by the Conversation DOs), derives agent
// presence from the consoles' hibernating sockets, and fans changes out to every tab.
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { describeIssues } from "../lib/errors";
import {
  assertNever,
  LobbyClientMessageSchema,
  type AgentPresence,
  type LobbyConversation,
  type LobbyServerMessage,
} from "../protocol/realtime";

interface AgentSocket {
  userId: string;
  name: string;
}

/** Closed conversations leave the live list after a day; D1 keeps them. */
const CLOSED_RETENTION_MS = 24 * 60 * 60 * 1000;

export class WorkspaceDO extends DurableObject<Env> {
  private sql: SqlStorage;
  private upsertsSincePrune = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS lobby (
        conversation_id TEXT PRIMARY KEY, version INTEGER NOT NULL, status TEXT NOT NULL,
        data TEXT NOT NULL, updated_at INTEGER NOT NULL)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS agents (user_id TEXT PRIMARY KEY, name TEXT NOT NULL, availability TEXT NOT NULL)`);
    });
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  // ---- RPC ----

  /** A Conversation DO reports its row; an older version never overwrites a newer one. */
  async upsertConversation(row: LobbyConversation, version: number): Promise<void> {
    const previous = this.sql
      .exec<{ version: number; status: string }>(`SELECT version, status FROM lobby WHERE conversation_id = ?`, row.conversationId)
      .toArray()[0];
    if (previous && previous.version >= version) return;
    this.sql.exec(
      `INSERT INTO lobby (conversation_id, version, status, data, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET version = excluded.version, status = excluded.status, data = excluded.data, updated_at = excluded.updated_at`,
      row.conversationId,
      version,
      row.status,
      JSON.stringify(row),
      Date.now(),
    );
    this.broadcast({ type: "conversation", conversation: row });
    if (row.status === "requested" && previous?.status !== "requested") this.broadcast({ type: "request", conversation: row });
    if (++this.upsertsSincePrune >= 100) this.prune();
  }

  async snapshot(): Promise<{ conversations: LobbyConversation[]; agents: AgentPresence[] }> {
    return { conversations: this.conversations(), agents: this.presence() };
  }

  /** The agent changed their availability in the console. */
  async setAvailability(userId: string, name: string, availability: "online" | "away"): Promise<void> {
    this.saveAgent(userId, name, availability);
    this.broadcast({ type: "agents", agents: this.presence() });
  }

  async onlineAgentCount(): Promise<number> {
    return this.presence().filter((a) => a.status === "online").length;
  }

  // ---- Sockets ----

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("Expected a WebSocket", { status: 426 });
    const userId = request.headers.get("X-Raibu-Id");
    const name = request.headers.get("X-Raibu-Name") ?? "";
    const availability = request.headers.get("X-Raibu-Availability") === "away" ? "away" : "online";
    if (!userId) return new Response("Missing agent", { status: 400 });
    const pair = new WebSocketPair();
    const server = pair[1];
    this.ctx.acceptWebSocket(server, [userId]);
    server.serializeAttachment({ userId, name } satisfies AgentSocket);
    this.saveAgent(userId, name, availability);
    this.send(server, { type: "snapshot", conversations: this.conversations(), agents: this.presence() });
    this.broadcast({ type: "agents", agents: this.presence() }, server);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    let data: unknown;
    try {
      data = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw));
    } catch {
      return this.send(ws, { type: "error", code: "invalid_frame", message: "Frames must be JSON." });
    }
    const parsed = LobbyClientMessageSchema.safeParse(data);
    if (!parsed.success) return this.send(ws, { type: "error", code: "invalid_frame", message: describeIssues(parsed.error.issues) });
    const msg = parsed.data;
    const agent = ws.deserializeAttachment() as AgentSocket;
    switch (msg.type) {
      case "ping":
        return this.send(ws, { type: "pong" });
      case "availability":
        return this.setAvailability(agent.userId, agent.name, msg.status);
      default:
        assertNever(msg);
    }
  }

  async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
    this.broadcast({ type: "agents", agents: this.presence(ws) }, ws);
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011);
  }

  // ---- Helpers ----

  private conversations(): LobbyConversation[] {
    return this.sql
      .exec<{ data: string }>(`SELECT data FROM lobby ORDER BY updated_at DESC LIMIT 1000`)
      .toArray()
      .map((r) => JSON.parse(r.data) as LobbyConversation);
  }

  /** Online or away for agents with a console open, offline for the others seen before. */
  private presence(except?: WebSocket): AgentPresence[] {
    const connected = new Set<string>();
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except || ws.readyState !== WebSocket.OPEN) continue;
      connected.add((ws.deserializeAttachment() as AgentSocket).userId);
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

  private prune() {
    this.upsertsSincePrune = 0;
    this.sql.exec(`DELETE FROM lobby WHERE status = 'closed' AND updated_at < ?`, Date.now() - CLOSED_RETENTION_MS);
  }

  private broadcast(msg: LobbyServerMessage, except?: WebSocket) {
    const text = JSON.stringify(msg);
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except) continue;
      try {
        ws.send(text);
      } catch {
        // closing
      }
    }
  }

  private send(ws: WebSocket, msg: LobbyServerMessage) {
    try {
      ws.send(JSON.stringify(msg));
    } catch {
      // closed
    }
  }
}
