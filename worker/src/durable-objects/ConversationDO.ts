// One Durable Object per conversation: the truth of its state machine and its ordered
// messages (SQLite), the hub of its sockets (visitor and agents, hibernating), and its
// alarm (request timeout, and the outbox that copies summaries to D1 and the lobby).
import { DurableObject } from "cloudflare:workers";
import { and, eq, lt, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { conversations, messageIndex, visitors } from "../db/schema";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { signToken } from "../lib/signedTokens";
import {
  assertNever,
  ClientMessageSchema,
  type Attachment,
  type Author,
  type ChatMessage,
  type ClientMessage,
  type ConversationStatus,
  type ConversationView,
  type LobbyConversation,
  type PageInfo,
  type RequestKind,
  type ServerMessage,
  type SystemNotice,
} from "../protocol/realtime";
import { describeIssues } from "../lib/errors";
import { botTexts } from "../lib/botTexts";
import { defaultFlow } from "../lib/defaultFlow";
import { ENDED, FlowRunner, type FlowCursor, type FlowEffect, type FlowResult } from "../lib/flowRunner";
import type { Flow, LiveChatStep } from "../protocol/flow";

export interface ConversationInit {
  id: string;
  workspaceId: string;
  interfaceId: string;
  interfaceName: string;
  /** How the bot signs its messages: the widget's title, else the interface's name. */
  botName?: string;
  visitorId: string;
  visitorName: string;
  language: "en" | "fr";
  signingKey: string;
  appOrigin: string;
  /** The published flow (or the default one) this conversation keeps until it ends. */
  flow: Flow;
  flowVersion: number | null;
}

/** What the bot's questions collected, waiting to be copied to the visitor's D1 row. */
interface CollectedFields {
  name?: string;
  email?: string;
  phone?: string;
  custom: Record<string, string>;
  /** Bumped on every answer; copied to D1 up to `syncedVersion`. */
  version: number;
  syncedVersion: number;
}

/** The state row; the flow is stored beside it (it never changes, and state rows are written often). */
interface ConversationState extends Omit<ConversationInit, "flow"> {
  status: ConversationStatus;
  requestKind: RequestKind | null;
  requestedAt: number | null;
  requestDeadline: number | null;
  assignee: { id: string; name: string } | null;
  visitorReadSeq: number;
  agentReadSeq: number;
  call: { callId: string; visitorUrl: string; agentUrl: string } | null;
  page: PageInfo | null;
  botReplied: boolean;
  /** Where the bot flow stands. */
  cursor: FlowCursor;
  /** The Live chat step the pending (or timed-out) request follows. */
  requestStepId: string | null;
  fields: CollectedFields;
  createdAt: number;
  startedAt: number | null;
  closedAt: number | null;
  /** Bumped on every state change. With the last seq it orders the copies in D1 and the lobby. */
  version: number;
  /** The change key (version + last seq) last copied to D1, and when. */
  d1Key: number;
  d1SyncedAt: number;
  /** Messages up to this seq are copied to D1's search index. */
  indexedSeq: number;
}

interface SocketInfo {
  role: "visitor" | "agent";
  id: string;
  name: string | null;
}

export type ActionResult = { ok: true; conversation: ConversationView } | { ok: false; status: 404 | 409; code: string; message: string };

/**
 * New messages reach the agents' live list within a second (a cheap RPC to the lobby, from an
 * in-memory timer: it writes nothing here; a busy lobby asks for a slower pace, up to 5 s), and
 * D1's summary and search index within ten (from the alarm, which survives eviction). Every
 * storage write is a commit the message path waits behind, so a burst of messages costs one
 * alarm and one D1 batch. State changes are copied at once.
 */
const LOBBY_FLUSH_MS = 1000;
const D1_FLUSH_MS = 10_000;
/** Up to this much later, at random: conversations that started together (a reconnect after a deploy) do not all write to D1 in the same second. */
const D1_FLUSH_JITTER_MS = 2_500;
const SYNC_RETRY_MS = 5000;
const HISTORY_LIMIT = 500;
const FILE_LINK_TTL_MS = 60 * 60 * 1000;
export const CALL_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export class ConversationDO extends DurableObject<Env> {
  private sql: SqlStorage;
  private state: ConversationState | null = null;
  private lastSeq = 0;
  private alarmAt: number | null = null;
  private flow: Flow | null = null;
  private flowRunner: FlowRunner | null = null;
  /** Derived from the messages table (kept in memory so the outbox never queries it): the list preview and unread count. */
  private lastPreview: { text: string; createdAt: number } | null = null;
  private unreadByAgents = 0;
  /** The change key last copied to the lobby. In memory only: after a wake the row is sent again, and the lobby ignores a copy it has. */
  private lobbyKey = 0;
  private lobbyTimer: ReturnType<typeof setTimeout> | null = null;
  /** How long new messages wait for their lobby copy: the lobby's last answer. */
  private lobbyPaceMs = LOBBY_FLUSH_MS;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        author_kind TEXT NOT NULL, author_id TEXT, author_name TEXT,
        text TEXT NOT NULL, attachment TEXT, notice TEXT,
        created_at INTEGER NOT NULL)`);
      const rows = new Map(this.sql.exec<{ k: string; v: string }>(`SELECT k, v FROM meta`).toArray().map((r) => [r.k, r.v]));
      const stored = rows.get("state");
      if (stored) {
        const state = JSON.parse(stored) as ConversationState & { flow?: Flow };
        // Conversations stored before flows existed run the default flow's request options.
        this.flow = rows.has("flow") ? (JSON.parse(rows.get("flow")!) as Flow) : (state.flow ?? defaultFlow(state.language));
        delete state.flow;
        this.state = withFlowDefaults(state);
      }
      this.lastSeq = this.sql.exec<{ s: number | null }>(`SELECT MAX(seq) AS s FROM messages`).one().s ?? 0;
      const last = this.sql
        .exec<{ text: string; created_at: number }>(`SELECT text, created_at FROM messages WHERE author_kind != 'system' ORDER BY seq DESC LIMIT 1`)
        .toArray()[0];
      this.lastPreview = last ? { text: last.text.slice(0, 140), createdAt: last.created_at } : null;
      if (this.state) this.countUnread();
      this.alarmAt = await ctx.storage.getAlarm();
    });
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  // ---- RPC, called by the Worker after it has authenticated the caller ----

  /** Creates the conversation once; later calls return it as it is. */
  async init(init: ConversationInit): Promise<ConversationView> {
    if (!this.state) {
      const now = Date.now();
      const { flow, ...rest } = init;
      this.flow = flow;
      this.sql.exec(`INSERT INTO meta (k, v) VALUES ('flow', ?) ON CONFLICT (k) DO NOTHING`, JSON.stringify(flow));
      this.state = {
        ...rest,
        status: "bot",
        requestKind: null,
        requestedAt: null,
        requestDeadline: null,
        assignee: null,
        visitorReadSeq: 0,
        agentReadSeq: 0,
        call: null,
        page: null,
        botReplied: false,
        cursor: ENDED,
        requestStepId: null,
        fields: { custom: {}, version: 0, syncedVersion: 0 },
        createdAt: now,
        startedAt: null,
        closedAt: null,
        version: 1,
        d1Key: 0,
        d1SyncedAt: 0,
        indexedSeq: 0,
      };
      this.applyFlow(this.runner().start(now));
      await this.scheduleFlowAlarm();
      await this.sync();
    }
    return this.view("agent");
  }

  async getView(): Promise<ConversationView | null> {
    return this.state ? this.view("agent") : null;
  }

  /** « Attribuer à moi »: any time before the conversation is closed, even while the bot talks. */
  async assign(agent: { id: string; name: string }): Promise<ActionResult> {
    const s = this.state;
    if (!s) return notFound();
    if (s.status === "closed") return { ok: false, status: 409, code: "conversation_closed", message: "This conversation is closed." };
    if (s.assignee && s.assignee.id !== agent.id) return taken(s.assignee.name);
    if (s.assignee?.id === agent.id && s.status === "live") return { ok: true, conversation: this.view("agent") };
    const wasRequested = s.status === "requested";
    this.startLive(agent);
    this.appendSystem(wasRequested ? { code: "accepted", agent: agent.name, kind: s.requestKind ?? "live" } : { code: "takeover", agent: agent.name });
    await this.afterChange();
    return { ok: true, conversation: this.view("agent") };
  }

  /** Accepts a pending live or video request; exactly one agent wins a race. */
  async accept(agent: { id: string; name: string }): Promise<ActionResult> {
    const s = this.state;
    if (!s) return notFound();
    if (s.assignee && s.assignee.id !== agent.id) return taken(s.assignee.name);
    if (s.status !== "requested") {
      if (s.assignee?.id === agent.id) return { ok: true, conversation: this.view("agent") };
      return { ok: false, status: 409, code: "no_request", message: "This conversation has no pending request." };
    }
    const kind = s.requestKind ?? "live";
    this.startLive(agent);
    if (kind === "video") s.call = await this.createCall();
    this.appendSystem({ code: "accepted", agent: agent.name, kind });
    await this.afterChange();
    return { ok: true, conversation: this.view("agent") };
  }

  async transfer(from: { id: string; name: string }, to: { id: string; name: string }): Promise<ActionResult> {
    const s = this.state;
    if (!s) return notFound();
    if (s.status === "closed") return { ok: false, status: 409, code: "conversation_closed", message: "This conversation is closed." };
    if (s.assignee && s.assignee.id !== from.id) return taken(s.assignee.name);
    this.startLive(to);
    this.appendSystem({ code: "transferred", from: from.name, to: to.name });
    await this.afterChange();
    return { ok: true, conversation: this.view("agent") };
  }

  async close(by: { id: string; name: string } | null): Promise<ActionResult> {
    const s = this.state;
    if (!s) return notFound();
    if (s.status !== "closed") {
      s.status = "closed";
      s.closedAt = Date.now();
      s.requestDeadline = null;
      s.cursor = ENDED;
      this.bump();
      this.appendSystem({ code: "closed", by: by?.name ?? null });
      await this.afterChange();
    }
    return { ok: true, conversation: this.view("agent") };
  }

  /** The visitor's name became known (identity verified, or marked as contact). */
  async setVisitorName(name: string): Promise<void> {
    if (!this.state || this.state.visitorName === name) return;
    this.state.visitorName = name;
    this.bump();
    await this.sync();
  }

  // ---- Sockets ----

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("Expected a WebSocket", { status: 426 });
    const s = this.state;
    if (!s) return new Response("Conversation not found", { status: 404 });
    const role = request.headers.get("X-Raibu-Role");
    const id = request.headers.get("X-Raibu-Id") ?? "";
    if (role !== "visitor" && role !== "agent") return new Response("Unknown role", { status: 400 });
    if (role === "visitor" && id !== s.visitorId) return new Response("Not your conversation", { status: 403 });
    if (role === "agent" && request.headers.get("X-Raibu-Workspace") !== s.workspaceId) return new Response("Not found", { status: 404 });

    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    const info: SocketInfo = { role, id, name: request.headers.get("X-Raibu-Name") };
    const wasOnline = this.visitorOnline();
    this.ctx.acceptWebSocket(server, [role]);
    server.serializeAttachment(info);
    this.send(server, { type: "welcome", conversation: this.view(role), messages: await this.messagesAfter(0, role), you: { role, id } });
    if (role === "visitor" && !wasOnline) {
      this.broadcast({ type: "presence", visitorOnline: true }, "agent");
      this.bump();
      await this.sync();
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const info = ws.deserializeAttachment() as SocketInfo;
    let data: unknown;
    try {
      data = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw));
    } catch {
      return this.send(ws, { type: "error", code: "invalid_frame", message: "Frames must be JSON." });
    }
    const parsed = ClientMessageSchema.safeParse(data);
    if (!parsed.success) {
      const id = typeof (data as { id?: unknown })?.id === "string" ? (data as { id: string }).id : undefined;
      const tooLong = parsed.error.issues.some((issue) => issue.code === "too_big" && issue.path[0] === "text");
      return this.send(ws, { type: "error", code: tooLong ? "message_too_long" : "invalid_frame", message: describeIssues(parsed.error.issues), ...(id ? { id } : {}) });
    }
    await this.handle(ws, info, parsed.data);
  }

  async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    const info = ws.deserializeAttachment() as SocketInfo | null;
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closing");
    } catch {
      // already closed
    }
    if (info?.role === "visitor" && !this.visitorOnline(ws)) {
      this.broadcast({ type: "presence", visitorOnline: false }, "agent");
      this.bump();
      await this.sync();
    }
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011);
  }

  private async handle(ws: WebSocket, info: SocketInfo, msg: ClientMessage): Promise<void> {
    const s = this.state!;
    switch (msg.type) {
      case "message":
        return this.receiveMessage(ws, info, msg);
      case "typing":
        return this.broadcast({ type: "typing", from: info.role, name: info.role === "agent" ? info.name : null, typing: msg.typing }, info.role === "visitor" ? "agent" : "visitor");
      case "read": {
        const seq = Math.min(msg.seq, this.lastSeq);
        const key = info.role === "visitor" ? "visitorReadSeq" : "agentReadSeq";
        if (seq <= s[key]) return;
        s[key] = seq;
        this.saveState();
        this.broadcast({ type: "read", by: info.role, seq }, null, ws);
        if (info.role === "agent") {
          this.countUnread();
          this.bump();
          this.markDirty();
        }
        return;
      }
      case "resume": {
        for (const message of await this.messagesAfter(msg.afterSeq, info.role)) this.send(ws, { type: "message", message });
        return this.send(ws, { type: "state", conversation: this.view(info.role) });
      }
      case "request":
        return this.receiveRequest(ws, info, msg.kind);
      case "choice":
        return this.receiveChoice(ws, info, msg);
      case "page": {
        if (info.role !== "visitor") return this.send(ws, { type: "error", code: "forbidden", message: "Only the visitor reports pages." });
        s.page = msg.page;
        this.bump();
        this.broadcast({ type: "page", page: msg.page }, "agent");
        await this.sync();
        return;
      }
      case "ping":
        return this.send(ws, { type: "pong" });
      default:
        assertNever(msg);
    }
  }

  private async receiveMessage(ws: WebSocket, info: SocketInfo, msg: Extract<ClientMessage, { type: "message" }>) {
    const s = this.state!;
    // A retry of a message already stored is acknowledged again, never stored twice —
    // even when it would now be refused (the conversation closed since, say).
    const ackExisting = () => {
      const existing = this.sql.exec<{ seq: number }>(`SELECT seq FROM messages WHERE id = ?`, msg.id).toArray()[0];
      if (existing) this.send(ws, { type: "ack", id: msg.id, seq: existing.seq });
      return existing !== undefined;
    };
    const refuse = (code: string, message: string) => {
      if (!ackExisting()) this.send(ws, { type: "error", code, message, id: msg.id });
    };
    if (!msg.text.trim() && !msg.attachment) return refuse("empty_message", "A message needs text or a file.");
    if (s.status === "closed") return refuse("conversation_closed", "This conversation is closed. Start a new one.");
    if (info.role === "agent" && s.assignee?.id !== info.id) {
      return refuse("not_assignee", s.assignee ? `${s.assignee.name} is handling this conversation.` : "Assign the conversation to yourself before writing.");
    }
    if (msg.attachment && !msg.attachment.key.startsWith(`${s.workspaceId}/${s.id}/`)) {
      return refuse("invalid_attachment", "This file does not belong to this conversation.");
    }
    const author: Author = { kind: info.role, id: info.id, name: info.role === "agent" ? info.name : s.visitorName };
    const message = this.appendMessage(author, msg.text, msg.attachment ?? null, null, msg.id);
    if (!message) {
      ackExisting();
      return;
    }
    // The ack and the broadcast leave only once the insert is durable (the output gate).
    this.send(ws, { type: "ack", id: msg.id, seq: message.seq });
    // The sender already has its text; a file also comes back to it, with its signed link.
    if (message.attachment) await this.deliverWithLink(message);
    else this.broadcast({ type: "message", message }, null, ws);
    if (info.role === "visitor" && s.status === "bot") await this.botHears(msg.text);
    else this.markDirty();
  }

  /** The visitor wrote while the bot runs: a question's answer, a typed button, or else one polite reply. */
  private async botHears(text: string) {
    const s = this.state!;
    const heard = this.runner().answer(s.cursor, text, Date.now());
    if (heard.handled) return this.afterFlow(heard);
    this.markDirty();
    if (s.botReplied) return;
    s.botReplied = true;
    this.saveState();
    this.sayAsBot(botTexts(s.language).reply(this.requestOffer() !== null));
  }

  /** The visitor picked a button: their pick is stored as their message, then the flow moves on. */
  private async receiveChoice(ws: WebSocket, info: SocketInfo, msg: Extract<ClientMessage, { type: "choice" }>) {
    const s = this.state!;
    const existing = this.sql.exec<{ seq: number }>(`SELECT seq FROM messages WHERE id = ?`, msg.id).toArray()[0];
    if (existing) return this.send(ws, { type: "ack", id: msg.id, seq: existing.seq });
    if (info.role !== "visitor") return this.send(ws, { type: "error", code: "forbidden", message: "Only the visitor answers the bot.", id: msg.id });
    const chosen = s.status === "bot" ? this.runner().choose(s.cursor, msg.stepId, msg.choiceId, Date.now()) : ({ ok: false } as const);
    if (!chosen.ok) return this.send(ws, { type: "error", code: "stale_choice", message: "This choice is no longer offered.", id: msg.id });
    const message = this.appendMessage({ kind: "visitor", id: info.id, name: s.visitorName }, chosen.label, null, null, msg.id)!;
    this.send(ws, { type: "ack", id: msg.id, seq: message.seq });
    this.broadcast({ type: "message", message }, null, ws);
    await this.afterFlow(chosen);
  }

  // ---- The bot flow ----

  private runner(): FlowRunner {
    const s = this.state!;
    this.flowRunner ??= new FlowRunner(this.flow!, s.language);
    return this.flowRunner;
  }

  /** Applies what the flow did, then tells everyone and copies it out. */
  private async afterFlow(result: FlowResult) {
    const ended = this.applyFlow(result);
    await this.scheduleFlowAlarm();
    if (ended) return this.close(null);
    await this.afterChange();
  }

  /**
   * Stores the flow's messages and answers and its new cursor, with no await in between:
   * they reach storage in one write. Returns true when the flow reached an End step.
   */
  private applyFlow({ cursor, effects }: FlowResult): boolean {
    const s = this.state!;
    let ended = false;
    for (const effect of effects) ended = this.applyEffect(effect) || ended;
    s.cursor = cursor;
    this.bump();
    return ended;
  }

  private applyEffect(effect: FlowEffect): boolean {
    const s = this.state!;
    switch (effect.type) {
      case "say":
        this.sayAsBot(effect.text);
        return false;
      case "typing":
        this.broadcast({ type: "typing", from: "bot", name: s.botName ?? s.interfaceName, typing: true }, null);
        return false;
      case "save":
        s.fields[effect.field] = effect.value;
        s.fields.version += 1;
        if (effect.field === "name") s.visitorName = effect.value;
        return false;
      case "saveCustom":
        s.fields.custom[effect.key] = effect.value;
        s.fields.version += 1;
        return false;
      case "end":
        return true;
      default:
        return assertNever(effect);
    }
  }

  private sayAsBot(text: string) {
    const s = this.state!;
    const message = this.appendMessage({ kind: "bot", id: null, name: s.botName ?? s.interfaceName }, text, null, null)!;
    this.broadcast({ type: "message", message }, null);
  }

  private async scheduleFlowAlarm() {
    const { cursor } = this.state!;
    if (cursor.waiting === "delay" && cursor.dueAt !== null) await this.scheduleAlarm(cursor.dueAt);
  }

  /** The Live chat step a request would follow now, if the flow offers one. */
  private liveChatStep(): LiveChatStep | null {
    const s = this.state!;
    return this.runner().liveChatStep(s.cursor);
  }

  private requestOffer() {
    return this.liveChatStep()?.offer ?? null;
  }

  /** The step of the pending or timed-out request, for its waiting text and offline form. */
  private requestedStep(): LiveChatStep | null {
    const step = this.runner().step(this.state!.requestStepId);
    return step?.kind === "live_chat" ? step : null;
  }

  private async receiveRequest(ws: WebSocket, info: SocketInfo, kind: RequestKind) {
    const s = this.state!;
    if (info.role !== "visitor") return this.send(ws, { type: "error", code: "forbidden", message: "Only the visitor asks for a chat." });
    if (s.status !== "bot" && s.status !== "offline_form") {
      return this.send(ws, { type: "error", code: "request_not_allowed", message: "A request is already pending or an agent is here." });
    }
    const step = this.liveChatStep();
    if (!step || (step.offer !== "both" && step.offer !== kind)) {
      return this.send(ws, { type: "error", code: "request_unavailable", message: "This chat does not offer that." });
    }
    const now = Date.now();
    s.requestKind = kind;
    s.requestedAt = now;
    s.requestStepId = step.id;
    if (step.whenNobodyOnline === "offline_form" && (await this.onlineAgents()) === 0) {
      this.appendSystem({ code: "requested", kind });
      this.giveUpRequest("nobody_online");
      return this.afterChange();
    }
    s.status = "requested";
    s.requestDeadline = now + step.timeoutSeconds * 1000;
    this.bump();
    this.appendSystem({ code: "requested", kind });
    await this.scheduleAlarm(s.requestDeadline);
    await this.afterChange();
  }

  /** Agents online in the workspace now; when the lobby cannot say, assume some (the request waits). */
  private async onlineAgents(): Promise<number> {
    try {
      return await this.lobby().onlineAgentCount();
    } catch (err) {
      console.error("could not read agent presence", err);
      return 1;
    }
  }

  /**
   * Nobody accepted in time, or nobody is online: the offline form when the Live chat
   * step has it on, else back to the bot (the visitor may ask again).
   */
  private giveUpRequest(why: "request_timeout" | "nobody_online") {
    const s = this.state!;
    s.status = this.requestedStep()?.offlineForm.enabled === false ? "bot" : "offline_form";
    s.requestDeadline = null;
    this.bump();
    this.appendSystem({ code: why });
  }

  // ---- Time: request timeout and the outbox ----

  async alarm(): Promise<void> {
    this.alarmAt = null;
    const s = this.state;
    if (!s) return;
    const now = Date.now();
    if (s.status === "requested" && s.requestDeadline !== null && s.requestDeadline <= now) {
      this.giveUpRequest("request_timeout");
      this.broadcastState();
    }
    if (s.status === "bot" && s.cursor.waiting === "delay" && s.cursor.dueAt !== null && s.cursor.dueAt <= now) {
      const ended = this.applyFlow(this.runner().wake(s.cursor, now));
      if (ended) await this.close(null);
      else this.broadcastState();
    }
    await this.sync({ d1: now - s.d1SyncedAt >= D1_FLUSH_MS });
    // Never in the past: while D1 is down, a copy that is due is retried, not spun on.
    if (s.d1Key < this.changeKey()) await this.scheduleAlarm(Math.max(s.d1SyncedAt + D1_FLUSH_MS, now + SYNC_RETRY_MS));
    if (s.status === "requested" && s.requestDeadline !== null) await this.scheduleAlarm(s.requestDeadline);
    await this.scheduleFlowAlarm();
  }

  /** A new message needs copying out; no state write here, the seq itself marks it. */
  private markDirty() {
    this.lobbyTimer ??= setTimeout(() => {
      this.lobbyTimer = null;
      void this.sync({ d1: false });
    }, this.lobbyPaceMs);
    void this.scheduleAlarm(Date.now() + D1_FLUSH_MS + Math.floor(Math.random() * D1_FLUSH_JITTER_MS));
  }

  /** Grows with every change to copy out: state changes bump version, messages bump the seq. */
  private changeKey(): number {
    return this.state!.version + this.lastSeq;
  }

  private async scheduleAlarm(at: number) {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  /**
   * Copies what changed to the workspace lobby and (unless `d1` is false) to D1's summary
   * row and search index. A failure leaves it dirty and retries from the alarm: nothing is lost.
   */
  private async sync({ d1 = true }: { d1?: boolean } = {}): Promise<void> {
    const s = this.state;
    const key = this.changeKey();
    if (!s || (this.lobbyKey >= key && (!d1 || s.d1Key >= key))) return;
    try {
      if (d1 && s.d1Key < key) {
        await this.writeToD1(key);
        s.d1Key = Math.max(s.d1Key, key);
        s.d1SyncedAt = Date.now();
        this.saveState();
      }
      if (this.lobbyKey < key) {
        const { paceMs } = await this.lobby().upsertConversation(this.lobbyRow(), key);
        this.lobbyPaceMs = paceMs;
        this.lobbyKey = Math.max(this.lobbyKey, key);
      }
    } catch (err) {
      console.error("conversation sync failed; retrying", err);
      await this.scheduleAlarm(Date.now() + SYNC_RETRY_MS);
    }
  }

  private async writeToD1(version: number) {
    const s = this.state!;
    const db = getDb(this.env.DB);
    const last = this.lastPreview;
    const summary = {
      status: s.status,
      requestKind: s.requestKind,
      assigneeId: s.assignee?.id ?? null,
      lastSeq: this.lastSeq,
      lastMessageAt: last?.createdAt ?? null,
      lastMessagePreview: last?.text ?? null,
      requestedAt: s.requestedAt,
      startedAt: s.startedAt,
      closedAt: s.closedAt,
      version,
    };
    const statements: Parameters<typeof db.batch>[0][number][] = [
      db.update(conversations).set(summary).where(and(eq(conversations.id, s.id), eq(conversations.workspaceId, s.workspaceId), lt(conversations.version, version))),
    ];
    const fresh = this.sql
      .exec<{ seq: number; text: string; created_at: number }>(`SELECT seq, text, created_at FROM messages WHERE seq > ? AND author_kind IN ('visitor', 'agent') AND text != '' ORDER BY seq LIMIT 200`, s.indexedSeq)
      .toArray();
    // D1 binds at most 100 parameters per statement: 5 columns × 20 rows.
    for (let i = 0; i < fresh.length; i += 20) {
      const rows = fresh.slice(i, i + 20).map((m) => ({ conversationId: s.id, seq: m.seq, workspaceId: s.workspaceId, text: m.text, createdAt: m.created_at }));
      statements.push(db.insert(messageIndex).values(rows).onConflictDoNothing());
    }
    const fields = s.fields;
    const fieldsVersion = fields.version;
    if (fieldsVersion > fields.syncedVersion) {
      statements.push(
        db
          .update(visitors)
          .set({
            ...(fields.name ? { name: fields.name } : {}),
            ...(fields.email ? { email: fields.email } : {}),
            ...(fields.phone ? { phone: fields.phone } : {}),
            customFields: sql`json_patch(coalesce(${visitors.customFields}, '{}'), ${JSON.stringify(fields.custom)})`,
          })
          .where(and(eq(visitors.id, s.visitorId), eq(visitors.workspaceId, s.workspaceId))),
      );
    }
    await db.batch(statements as [typeof statements[number], ...typeof statements]);
    fields.syncedVersion = Math.max(fields.syncedVersion, fieldsVersion);
    s.indexedSeq = Math.max(s.indexedSeq, fresh.at(-1)?.seq ?? 0);
    this.saveState();
  }

  private lobby() {
    return this.env.WORKSPACES.get(this.env.WORKSPACES.idFromName(this.state!.workspaceId));
  }

  // ---- Helpers ----

  private startLive(agent: { id: string; name: string }) {
    const s = this.state!;
    s.status = "live";
    s.assignee = { id: agent.id, name: agent.name };
    s.requestDeadline = null;
    s.startedAt ??= Date.now();
    // A person is here: the bot stops where it was, and stays stopped.
    s.cursor = ENDED;
    this.bump();
  }

  private async createCall() {
    const s = this.state!;
    const callId = newId();
    const exp = Date.now() + CALL_LINK_TTL_MS;
    const link = async (role: "visitor" | "agent") =>
      `${s.appOrigin}/call/${callId}?t=${await signToken(s.signingKey, { scope: "call", exp, call: callId, role, i: s.interfaceId })}`;
    return { callId, visitorUrl: await link("visitor"), agentUrl: await link("agent") };
  }

  /** After a state change: tell everyone on the sockets, then copy it out. */
  private async afterChange() {
    this.broadcastState();
    await this.sync();
  }

  private appendSystem(notice: SystemNotice) {
    const message = this.appendMessage({ kind: "system", id: null, name: null }, botTexts(this.state!.language).notice(notice), null, notice)!;
    this.broadcast({ type: "message", message }, null);
  }

  /** Stores a message and returns it with its seq; null when a message with this id exists. */
  private appendMessage(author: Author, text: string, attachment: Attachment | null, notice: SystemNotice | null, id = newId().replace(/-/g, "")): ChatMessage | null {
    const createdAt = Date.now();
    const row = this.sql
      .exec<{ seq: number }>(
        `INSERT INTO messages (id, author_kind, author_id, author_name, text, attachment, notice, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING RETURNING seq`,
        id,
        author.kind,
        author.id,
        author.name,
        text,
        attachment ? JSON.stringify(attachment) : null,
        notice ? JSON.stringify(notice) : null,
        createdAt,
      )
      .toArray()[0];
    if (!row) return null;
    const seq = row.seq;
    this.lastSeq = seq;
    if (author.kind !== "system") this.lastPreview = { text: text.slice(0, 140), createdAt };
    if (author.kind === "visitor") this.unreadByAgents += 1;
    return { seq, id, author, text, attachment: attachment ? { ...attachment, url: "" } : null, notice, createdAt };
  }

  /** A message with a file goes out with its signed link, to everyone (the sender too). */
  private async deliverWithLink(message: ChatMessage) {
    this.broadcast({ type: "message", message: await this.signAttachment(message) }, null);
  }

  private async signAttachment(message: ChatMessage): Promise<ChatMessage> {
    if (!message.attachment) return message;
    const s = this.state!;
    const token = await signToken(s.signingKey, { scope: "file", exp: Date.now() + FILE_LINK_TTL_MS, key: message.attachment.key, i: s.interfaceId });
    return { ...message, attachment: { ...message.attachment, url: `${s.appOrigin}/api/files/${encodeURIComponent(message.attachment.key)}?t=${token}` } };
  }

  private async messagesAfter(afterSeq: number, _role: "visitor" | "agent"): Promise<ChatMessage[]> {
    const rows = this.sql
      .exec<{ seq: number; id: string; author_kind: Author["kind"]; author_id: string | null; author_name: string | null; text: string; attachment: string | null; notice: string | null; created_at: number }>(
        `SELECT * FROM (SELECT * FROM messages WHERE seq > ? ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
        afterSeq,
        HISTORY_LIMIT,
      )
      .toArray();
    return Promise.all(
      rows.map((r) =>
        this.signAttachment({
          seq: r.seq,
          id: r.id,
          author: { kind: r.author_kind, id: r.author_id, name: r.author_name },
          text: r.text,
          attachment: r.attachment ? { ...(JSON.parse(r.attachment) as Attachment), url: "" } : null,
          notice: r.notice ? (JSON.parse(r.notice) as SystemNotice) : null,
          createdAt: r.created_at,
        }),
      ),
    );
  }

  private view(role: "visitor" | "agent"): ConversationView {
    const s = this.state!;
    return {
      id: s.id,
      status: s.status,
      requestKind: s.requestKind,
      requestedAt: s.requestedAt,
      requestDeadline: s.requestDeadline,
      assignee: s.assignee,
      lastSeq: this.lastSeq,
      visitorReadSeq: s.visitorReadSeq,
      agentReadSeq: s.agentReadSeq,
      page: s.page,
      // Agents see both links (to give the visitor theirs again); the visitor only their own.
      call: s.call ? { callId: s.call.callId, url: s.call.visitorUrl, ...(role === "agent" ? { agentUrl: s.call.agentUrl } : {}) } : null,
      prompt: s.status === "bot" ? this.runner().prompt(s.cursor) : null,
      requestOffer: s.status === "bot" ? this.requestOffer() : null,
      waitingText: this.requestedStep()?.waitingText ?? "",
      offlineForm: s.status === "offline_form" ? (this.requestedStep()?.offlineForm ?? null) : null,
      flowVersion: s.flowVersion,
    };
  }

  /** Visitor messages after the agents' read mark; counted again only when the mark moves. */
  private countUnread() {
    this.unreadByAgents = this.sql
      .exec<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE seq > ? AND author_kind = 'visitor'`, this.state!.agentReadSeq)
      .one().n;
  }

  private lobbyRow(): LobbyConversation {
    const s = this.state!;
    const last = this.lastPreview;
    return {
      conversationId: s.id,
      visitorId: s.visitorId,
      visitorName: s.visitorName,
      interfaceId: s.interfaceId,
      interfaceName: s.interfaceName,
      status: s.status,
      requestKind: s.requestKind,
      requestedAt: s.requestedAt,
      assignee: s.assignee,
      page: s.page,
      visitorOnline: this.visitorOnline(),
      lastMessageAt: last?.createdAt ?? null,
      lastMessagePreview: last?.text ?? null,
      unread: this.unreadByAgents,
      createdAt: s.createdAt,
    };
  }

  private visitorOnline(except?: WebSocket): boolean {
    return this.ctx.getWebSockets("visitor").some((ws) => ws !== except && ws.readyState === WebSocket.OPEN);
  }

  private bump() {
    this.state!.version += 1;
    this.saveState();
  }

  private saveState() {
    this.sql.exec(`INSERT INTO meta (k, v) VALUES ('state', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v`, JSON.stringify(this.state));
  }

  private broadcastState() {
    for (const ws of this.ctx.getWebSockets()) {
      const info = ws.deserializeAttachment() as SocketInfo;
      this.send(ws, { type: "state", conversation: this.view(info.role) });
    }
  }

  private broadcast(msg: ServerMessage, role: "visitor" | "agent" | null, except?: WebSocket) {
    const text = JSON.stringify(msg);
    for (const ws of role ? this.ctx.getWebSockets(role) : this.ctx.getWebSockets()) {
      if (ws === except) continue;
      try {
        ws.send(text);
      } catch {
        // A socket closing under us; its close handler tidies up.
      }
    }
  }

  private send(ws: WebSocket, msg: ServerMessage) {
    try {
      ws.send(JSON.stringify(msg));
    } catch {
      // closed
    }
  }
}

/** A conversation stored before flows existed runs the default flow's request options, its bot done. */
function withFlowDefaults(state: ConversationState): ConversationState {
  return {
    ...state,
    flowVersion: state.flowVersion ?? null,
    cursor: state.cursor ?? ENDED,
    requestStepId: state.requestStepId ?? null,
    fields: state.fields ?? { custom: {}, version: 0, syncedVersion: 0 },
  };
}

function notFound(): ActionResult {
  return { ok: false, status: 404, code: "not_found", message: "Conversation not found." };
}

function taken(winner: string): ActionResult {
  return { ok: false, status: 409, code: "already_taken", message: `${winner} already took this conversation.` };
}
