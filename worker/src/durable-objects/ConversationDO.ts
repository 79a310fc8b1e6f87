// One Durable Object per conversation: the truth of its state machine and its ordered
// messages (SQLite), the hub of its sockets (visitor and agents, hibernating), and its
// alarm (request timeout, and the outbox that copies summaries to D1 and the lobby).
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { signToken } from "../lib/signedTokens";
import {
  assertNever,
  ClientMessageSchema,
  MAX_CONVERSATION_MESSAGES,
  type Attachment,
  type Author,
  type CallLinks,
  type ChatMessage,
  type ClientMessage,
  type ConversationStatus,
  type ConversationView,
  type LobbyConversation,
  type PageInfo,
  type RequestKind,
  type ServerError,
  type ServerMessage,
  type SystemNotice,
} from "@raibu/protocol/realtime";
import { describeIssues } from "../lib/errors";
import { botTexts } from "../lib/botTexts";
import { defaultFlow } from "../lib/defaultFlow";
import { ENDED, FlowRunner, type FlowCursor, type FlowEffect, type FlowResult } from "../lib/flowRunner";
import { FrameLimiter, frameKind, scaledFrameRates, type FrameRates, type FrameVerdict } from "../lib/frameLimits";
import type { Flow, LiveChatStep } from "@raibu/protocol/flow";
import { copyToD1 } from "./conversationD1Copy";
import { MessageLog } from "./MessageLog";

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
  call: CallLinks | null;
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
  /** The agent's session (its token hash), so ending the session closes this socket. */
  session: string | null;
  /** This socket, for its flood-control buckets. */
  sid: string;
}

/** An agent acting through the API; admins (and owners) may close or transfer a colleague's conversation. */
export interface Actor {
  id: string;
  name: string;
  admin?: boolean;
}

export type ActionResult =
  | { ok: true; conversation: ConversationView }
  | { ok: false; status: 404 | 409; code: string; message: string; assignee?: { id: string; name: string } };

/**
 * New messages reach the agents' live list within a second (a cheap RPC to the lobby, from an
 * in-memory timer: it writes nothing here; a busy lobby asks for a slower pace, up to 5 s), and
 * D1's summary and search index within ten (from the alarm, which survives eviction). Every
 * storage write is a commit the message path waits behind, so a burst of messages costs one
 * alarm and one D1 batch. State changes are copied at once. One copy runs at a time; whatever
 * asks for one meanwhile is folded into the next, so a flood of frames never piles copies up.
 */
const LOBBY_FLUSH_MS = 1000;
const D1_FLUSH_MS = 10_000;
/** Up to this much later, at random: conversations that started together (a reconnect after a deploy) do not all write to D1 in the same second. */
const D1_FLUSH_JITTER_MS = 2_500;
const SYNC_RETRY_MS = 5000;
/**
 * The widget reports each page the visitor opens: the agents see each at once, but the state
 * stores one at most this often (the newest of a burst, when the window ends). A report lost
 * with the object in that window is replaced by the next one.
 */
const PAGE_STORE_MS = 3000;
const FILE_LINK_TTL_MS = 60 * 60 * 1000;
export const CALL_LINK_TTL_MS = 24 * 60 * 60 * 1000;

export class ConversationDO extends DurableObject<Env> {
  private sql: SqlStorage;
  private state: ConversationState | null = null;
  private log!: MessageLog;
  private alarmAt: number | null = null;
  private flow: Flow | null = null;
  private flowRunner: FlowRunner | null = null;
  /** Visitor messages after the agents' read mark (derived from the messages, kept for the outbox). */
  private unreadByAgents = 0;
  /** The change key last copied to the lobby. In memory only: after a wake the row is sent again, and the lobby ignores a copy it has. */
  private lobbyKey = 0;
  private lobbyTimer: ReturnType<typeof setTimeout> | null = null;
  /** How long new messages wait for their lobby copy: the lobby's last answer. */
  private lobbyPaceMs = LOBBY_FLUSH_MS;
  /** The copy running now, and whether another was asked for meanwhile (and with D1). */
  private copying: Promise<void> | null = null;
  private copyWanted: { d1: boolean } | null = null;
  private pendingPage: PageInfo | null = null;
  private pageTimer: ReturnType<typeof setTimeout> | null = null;
  private pageStoredAt = 0;
  /** Requests decided by this instance: a request frame that waited for the lobby sees whether another got in first. */
  private requestsDecided = 0;
  /**
   * Flood control per socket, in memory: after hibernation a socket starts with full buckets,
   * which is what ten idle seconds would have given it anyway.
   */
  private limiters = new Map<string, FrameLimiter>();
  private frameRates: Record<"visitor" | "agent", FrameRates>;
  /** Per socket, the message frame still fetching its file's facts: the next ones wait, so seqs follow the sender's order. */
  private appending = new Map<string, Promise<void>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.frameRates = scaledFrameRates(env.FRAME_RATE_SCALE);
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
      this.log = new MessageLog(this.sql);
      const rows = new Map(this.sql.exec<{ k: string; v: string }>(`SELECT k, v FROM meta`).toArray().map((r) => [r.k, r.v]));
      const stored = rows.get("state");
      if (stored) {
        const state = JSON.parse(stored) as ConversationState & { flow?: Flow };
        // Conversations stored before flows existed run the default flow's request options.
        this.flow = rows.has("flow") ? (JSON.parse(rows.get("flow")!) as Flow) : (state.flow ?? defaultFlow(state.language));
        delete state.flow;
        this.state = withFlowDefaults(state);
        this.countUnread();
      }
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

  /**
   * « Attribuer à moi »: any time before the conversation is closed, even while the bot talks.
   * On a pending request it is Accept (a video request gets its call).
   */
  async assign(agent: Actor): Promise<ActionResult> {
    return this.take(agent, "assign");
  }

  /** Accepts a pending live or video request; exactly one agent wins a race. */
  async accept(agent: Actor): Promise<ActionResult> {
    return this.take(agent, "accept");
  }

  /** The assignee (anyone while unassigned, or an admin) hands the conversation to a colleague. */
  async transfer(from: Actor, to: { id: string; name: string }): Promise<ActionResult> {
    const s = this.state;
    if (!s) return notFound();
    if (s.status === "closed") return closedResult();
    if (s.assignee && s.assignee.id !== from.id && !from.admin) return taken(s.assignee);
    this.startLive(to);
    this.appendSystem({ code: "transferred", from: from.name, to: to.name });
    await this.afterChange();
    return { ok: true, conversation: this.view("agent") };
  }

  /** The assignee closes it (anyone while unassigned, or an admin). */
  async close(by: Actor): Promise<ActionResult> {
    const s = this.state;
    if (!s) return notFound();
    if (s.status !== "closed" && s.assignee && s.assignee.id !== by.id && !by.admin) return taken(s.assignee);
    await this.end(by.name);
    return { ok: true, conversation: this.view("agent") };
  }

  /** The visitor's name became known (identity verified, or marked as contact). */
  async setVisitorName(name: string): Promise<void> {
    if (!this.state || this.state.visitorName === name) return;
    this.state.visitorName = name;
    this.bump();
    await this.sync();
  }

  /** A session ended (logout, password reset, removal): its sockets close, all of the user's when `session` is null. */
  async closeAgentSockets(userId: string, session: string | null): Promise<number> {
    let closed = 0;
    for (const ws of this.ctx.getWebSockets("agent")) {
      const info = ws.deserializeAttachment() as SocketInfo;
      if (info.id !== userId || (session !== null && info.session !== session)) continue;
      try {
        ws.close(4001, "session_ended");
        closed += 1;
      } catch {
        // closing already
      }
      this.forgetSocket(info);
    }
    return closed;
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
    const info: SocketInfo = { role, id, name: request.headers.get("X-Raibu-Name"), session: request.headers.get("X-Raibu-Session"), sid: newId() };
    const wasOnline = this.visitorOnline();
    this.ctx.acceptWebSocket(server, [role]);
    server.serializeAttachment(info);
    this.send(server, { type: "welcome", conversation: this.view(role), messages: await this.signAll(this.log.newest()), you: { role, id } });
    if (role === "visitor" && !wasOnline) {
      this.broadcast({ type: "presence", visitorOnline: true }, "agent");
      this.lobbyOnlyChange();
      await this.sync({ d1: false });
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const info = ws.deserializeAttachment() as SocketInfo;
    let data: unknown;
    let json = true;
    try {
      data = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw));
    } catch {
      json = false;
    }
    // Counted before anything else is done for the frame: an invalid one costs too.
    const verdict = this.limiterOf(info).check(frameKind(data), Date.now());
    if (!verdict.ok) return this.refuseFlood(ws, info, verdict, data);
    if (!json) return this.send(ws, { type: "error", code: "invalid_frame", message: "Frames must be JSON." });
    const parsed = ClientMessageSchema.safeParse(data);
    if (!parsed.success) {
      const id = frameId(data);
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
    if (info) this.forgetSocket(info);
    if (info?.role === "visitor" && !this.visitorOnline(ws)) {
      this.broadcast({ type: "presence", visitorOnline: false }, "agent");
      this.lobbyOnlyChange();
      await this.sync({ d1: false });
    }
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011);
  }

  private limiterOf(info: SocketInfo): FrameLimiter {
    const key = info.sid ?? info.id;
    let limiter = this.limiters.get(key);
    if (!limiter) this.limiters.set(key, (limiter = new FrameLimiter(this.frameRates[info.role], Date.now())));
    return limiter;
  }

  private forgetSocket(info: SocketInfo) {
    this.limiters.delete(info.sid ?? info.id);
  }

  /** Over its rate: told when to try again; still going after many refusals: closed (1008, policy violation). */
  private refuseFlood(ws: WebSocket, info: SocketInfo, verdict: Extract<FrameVerdict, { ok: false }>, data: unknown) {
    if (verdict.close) {
      this.forgetSocket(info);
      try {
        ws.close(1008, "rate_limited");
      } catch {
        // closing already
      }
      return;
    }
    const id = frameId(data);
    this.send(ws, { type: "error", code: "rate_limited", message: "Too many frames. Wait a moment, then send again.", retryAfterMs: verdict.retryAfterMs, ...(id ? { id } : {}) });
  }

  private async handle(ws: WebSocket, info: SocketInfo, msg: ClientMessage): Promise<void> {
    const s = this.state!;
    switch (msg.type) {
      case "message":
        return this.receiveMessage(ws, info, msg);
      case "typing":
        return this.broadcast({ type: "typing", from: info.role, name: info.role === "agent" ? info.name : null, typing: msg.typing }, info.role === "visitor" ? "agent" : "visitor");
      case "read": {
        const seq = Math.min(msg.seq, this.log.lastSeq);
        const key = info.role === "visitor" ? "visitorReadSeq" : "agentReadSeq";
        if (seq <= s[key]) return;
        s[key] = seq;
        this.broadcast({ type: "read", by: info.role, seq }, null, ws);
        if (info.role === "visitor") return this.saveState();
        // The unread count shows in the live list only.
        this.countUnread();
        this.lobbyOnlyChange();
        return this.copyToLobbySoon();
      }
      case "resume": {
        // The first page after the client's last seq; the state frame's lastSeq tells it whether to ask again.
        for (const message of await this.signAll(this.log.after(msg.afterSeq))) this.send(ws, { type: "message", message });
        return this.send(ws, { type: "state", conversation: this.view(info.role) });
      }
      case "request":
        return this.receiveRequest(ws, info, msg.kind);
      case "choice":
        return this.receiveChoice(ws, info, msg);
      case "page":
        if (info.role !== "visitor") return this.send(ws, { type: "error", code: "forbidden", message: "Only the visitor reports pages." });
        this.broadcast({ type: "page", page: msg.page }, "agent");
        return this.reportPage(msg.page);
      case "ping":
        return this.send(ws, { type: "pong" });
      default:
        assertNever(msg);
    }
  }

  private async receiveMessage(ws: WebSocket, info: SocketInfo, msg: Extract<ClientMessage, { type: "message" }>) {
    // A retry of a message already stored is acknowledged again, never stored twice —
    // even when it would now be refused (the conversation closed since, say).
    if (this.ackExisting(ws, msg.id)) return;
    const key = info.sid ?? info.id;
    const before = this.appending.get(key);
    if (!msg.attachment && !before) return this.storeMessage(ws, info, msg, null);
    let after: Promise<void> | void = undefined;
    const turn = (async () => {
      await before?.catch(() => undefined);
      const file = msg.attachment ? await this.storedAttachment(msg.attachment.key) : null;
      after = this.storeMessage(ws, info, msg, file);
    })();
    this.appending.set(key, turn);
    await turn.finally(() => {
      if (this.appending.get(key) === turn) this.appending.delete(key);
    });
    await after;
  }

  /** What R2 holds under a key of this conversation: the name, type and size a message shows. */
  private async storedAttachment(key: string): Promise<Attachment | "invalid" | "unavailable"> {
    const s = this.state!;
    if (!key.startsWith(`${s.workspaceId}/${s.id}/`)) return "invalid";
    try {
      const head = await this.env.ATTACHMENTS.head(key);
      if (!head) return "invalid";
      return { key, name: head.customMetadata?.name || "file", type: head.httpMetadata?.contentType || "application/octet-stream", size: head.size };
    } catch (err) {
      console.error("could not read an attachment's metadata", err);
      return "unavailable";
    }
  }

  /** Decides and stores with no await before the insert (the facts were gathered first); then delivers. */
  private storeMessage(ws: WebSocket, info: SocketInfo, msg: Extract<ClientMessage, { type: "message" }>, file: Attachment | "invalid" | "unavailable" | null): Promise<void> | void {
    const s = this.state!;
    const refuse = (code: string, message: string) => {
      if (!this.ackExisting(ws, msg.id)) this.send(ws, { type: "error", code, message, id: msg.id });
    };
    if (!msg.text.trim() && !msg.attachment) return refuse("empty_message", "A message needs text or a file.");
    if (s.status === "closed") return refuse("conversation_closed", "This conversation is closed. Start a new one.");
    if (info.role === "agent" && s.assignee?.id !== info.id) {
      return refuse("not_assignee", s.assignee ? `${s.assignee.name} is handling this conversation.` : "Assign the conversation to yourself before writing.");
    }
    if (file === "invalid") return refuse("invalid_attachment", "This file was not uploaded to this conversation.");
    if (file === "unavailable") return refuse("attachment_unavailable", "The file could not be checked. Send it again in a moment.");
    if (this.log.lastSeq >= MAX_CONVERSATION_MESSAGES) return refuse("conversation_full", `A conversation holds at most ${MAX_CONVERSATION_MESSAGES} messages. Start a new one.`);
    const author: Author = { kind: info.role, id: info.id, name: info.role === "agent" ? info.name : s.visitorName };
    const message = this.appendMessage(author, msg.text, file, null, msg.id);
    if (!message) {
      this.ackExisting(ws, msg.id);
      return;
    }
    // The ack and the broadcast leave only once the insert is durable (the output gate).
    this.send(ws, { type: "ack", id: msg.id, seq: message.seq });
    return this.afterMessage(ws, info, msg.text, message);
  }

  private async afterMessage(ws: WebSocket, info: SocketInfo, text: string, message: ChatMessage) {
    const s = this.state!;
    // The sender already has its text; a file also comes back to it, with its signed link.
    if (message.attachment) await this.deliverWithLink(message);
    else this.broadcast({ type: "message", message }, null, ws);
    if (info.role === "visitor" && s.status === "bot") await this.botHears(text);
    else this.markDirty();
  }

  private ackExisting(ws: WebSocket, id: string): boolean {
    const seq = this.log.seqOf(id);
    if (seq !== null) this.send(ws, { type: "ack", id, seq });
    return seq !== null;
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
    if (this.ackExisting(ws, msg.id)) return;
    if (info.role !== "visitor") return this.send(ws, { type: "error", code: "forbidden", message: "Only the visitor answers the bot.", id: msg.id });
    const chosen = s.status === "bot" ? this.runner().choose(s.cursor, msg.stepId, msg.choiceId, Date.now()) : ({ ok: false } as const);
    if (!chosen.ok) return this.send(ws, { type: "error", code: "stale_choice", message: "This choice is no longer offered.", id: msg.id });
    if (this.log.lastSeq >= MAX_CONVERSATION_MESSAGES) {
      return this.send(ws, { type: "error", code: "conversation_full", message: `A conversation holds at most ${MAX_CONVERSATION_MESSAGES} messages. Start a new one.`, id: msg.id });
    }
    const message = this.appendMessage({ kind: "visitor", id: info.id, name: s.visitorName }, chosen.label, null, null, msg.id)!;
    this.send(ws, { type: "ack", id: msg.id, seq: message.seq });
    this.broadcast({ type: "message", message }, null, ws);
    await this.afterFlow(chosen);
  }

  /** Agents see every page at once; the state stores the newest at most every few seconds, with a lobby copy and no D1 copy. */
  private reportPage(page: PageInfo) {
    this.pendingPage = page;
    if (this.pageTimer) return;
    const wait = this.pageStoredAt + PAGE_STORE_MS - Date.now();
    if (wait <= 0) return this.storePage();
    this.pageTimer = setTimeout(() => {
      this.pageTimer = null;
      this.storePage();
    }, wait);
  }

  private storePage() {
    const s = this.state;
    const page = this.pendingPage;
    this.pendingPage = null;
    if (!s || !page) return;
    this.pageStoredAt = Date.now();
    s.page = page;
    this.lobbyOnlyChange();
    void this.sync({ d1: false });
  }

  // ---- Taking a conversation ----

  /**
   * Assign and Accept: gathers what needs an await first (a video request's call links),
   * then checks again and writes the transition, its notice and the links in one storage write.
   */
  private async take(agent: Actor, how: "assign" | "accept"): Promise<ActionResult> {
    let call: CallLinks | null = null;
    for (;;) {
      const decided = this.takeDecided(agent, how);
      if (decided) return decided;
      if (!this.needsCall() || call) break;
      call = await this.createCall();
    }
    const s = this.state!;
    const wasRequested = s.status === "requested";
    const kind = s.requestKind ?? "live";
    if (this.needsCall()) s.call = call;
    this.startLive(agent);
    this.appendSystem(wasRequested ? { code: "accepted", agent: agent.name, kind } : { code: "takeover", agent: agent.name });
    await this.afterChange();
    return { ok: true, conversation: this.view("agent") };
  }

  /** A result when there is nothing to do (refused, or already done by this agent); null to go on. */
  private takeDecided(agent: Actor, how: "assign" | "accept"): ActionResult | null {
    const s = this.state;
    if (!s) return notFound();
    if (how === "assign" && s.status === "closed") return closedResult();
    if (s.assignee && s.assignee.id !== agent.id) return taken(s.assignee);
    const mine = s.assignee?.id === agent.id;
    if (how === "accept" && s.status !== "requested") {
      return mine ? { ok: true, conversation: this.view("agent") } : { ok: false, status: 409, code: "no_request", message: "This conversation has no pending request." };
    }
    if (mine && s.status === "live") return { ok: true, conversation: this.view("agent") };
    return null;
  }

  private needsCall(): boolean {
    const s = this.state!;
    return s.status === "requested" && s.requestKind === "video" && !s.call;
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
    if (ended) return this.end(null);
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

  /**
   * Asks the lobby first (whether anyone is online), then checks again and decides and writes
   * with no await in between: an assign or another request frame that came in meanwhile wins.
   */
  private async receiveRequest(ws: WebSocket, info: SocketInfo, kind: RequestKind) {
    if (info.role !== "visitor") return this.send(ws, { type: "error", code: "forbidden", message: "Only the visitor asks for a chat." });
    const refused = this.requestRefusal(kind);
    if (refused) return this.send(ws, refused);
    const decidedBefore = this.requestsDecided;
    const nobodyOnline = this.liveChatStep()!.whenNobodyOnline === "offline_form" && (await this.onlineAgents()) === 0;
    const again = this.requestRefusal(kind) ?? (this.requestsDecided !== decidedBefore ? requestNotAllowed() : null);
    if (again) return this.send(ws, again);
    this.requestsDecided += 1;
    const s = this.state!;
    const step = this.liveChatStep()!;
    const now = Date.now();
    s.requestKind = kind;
    s.requestedAt = now;
    s.requestStepId = step.id;
    this.appendSystem({ code: "requested", kind });
    if (nobodyOnline && step.whenNobodyOnline === "offline_form") {
      this.giveUpRequest("nobody_online");
      return this.afterChange();
    }
    s.status = "requested";
    s.requestDeadline = now + step.timeoutSeconds * 1000;
    this.bump();
    await this.scheduleAlarm(s.requestDeadline);
    await this.afterChange();
  }

  private requestRefusal(kind: RequestKind): ServerError | null {
    const s = this.state!;
    if (s.status !== "bot" && s.status !== "offline_form") return requestNotAllowed();
    const step = this.liveChatStep();
    if (!step || (step.offer !== "both" && step.offer !== kind)) return { type: "error", code: "request_unavailable", message: "This chat does not offer that." };
    return null;
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

  /** Closes the conversation (by an agent, or by the flow's End step when `by` is null). */
  private async end(by: string | null) {
    const s = this.state!;
    if (s.status === "closed") return;
    s.status = "closed";
    s.closedAt = Date.now();
    s.requestDeadline = null;
    s.cursor = ENDED;
    this.bump();
    this.appendSystem({ code: "closed", by });
    await this.afterChange();
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
      if (ended) await this.end(null);
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
    this.copyToLobbySoon();
    void this.scheduleAlarm(Date.now() + D1_FLUSH_MS + Math.floor(Math.random() * D1_FLUSH_JITTER_MS));
  }

  private copyToLobbySoon() {
    this.lobbyTimer ??= setTimeout(() => {
      this.lobbyTimer = null;
      void this.sync({ d1: false });
    }, this.lobbyPaceMs);
  }

  /** Grows with every change to copy out: state changes bump version, messages bump the seq. */
  private changeKey(): number {
    return this.state!.version + this.log.lastSeq;
  }

  private async scheduleAlarm(at: number) {
    if (this.alarmAt !== null && this.alarmAt <= at) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  /**
   * Copies what changed to the workspace lobby and (unless `d1` is false) to D1. At most one
   * copy runs at a time: a call while one runs asks for one more run after it, and every
   * caller meanwhile waits for that same run. Resolves once a copy that includes the caller's
   * change is done (or has failed and left the alarm to retry).
   */
  private sync({ d1 = true }: { d1?: boolean } = {}): Promise<void> {
    this.copyWanted = { d1: d1 || (this.copyWanted?.d1 ?? false) };
    this.copying ??= this.drainCopies();
    return this.copying;
  }

  private async drainCopies(): Promise<void> {
    try {
      while (this.copyWanted) {
        const { d1 } = this.copyWanted;
        this.copyWanted = null;
        await this.copyOut(d1);
      }
    } finally {
      this.copying = null;
    }
  }

  /** One copy. A failure leaves it dirty and retries from the alarm: nothing is lost. */
  private async copyOut(d1: boolean): Promise<void> {
    const s = this.state;
    if (!s) return;
    const key = this.changeKey();
    if (this.lobbyKey >= key && (!d1 || s.d1Key >= key)) return;
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
    const fields = s.fields;
    const fieldsVersion = fields.version;
    const last = this.log.lastPreview;
    const { name, email, phone, custom } = fields;
    await copyToD1(
      this.env.DB,
      this.sql,
      {
        conversationId: s.id,
        workspaceId: s.workspaceId,
        visitorId: s.visitorId,
        version,
        summary: {
          status: s.status,
          requestKind: s.requestKind,
          assigneeId: s.assignee?.id ?? null,
          lastSeq: this.log.lastSeq,
          lastMessageAt: last?.createdAt ?? null,
          lastMessagePreview: last?.text ?? null,
          requestedAt: s.requestedAt,
          startedAt: s.startedAt,
          closedAt: s.closedAt,
        },
        fields: fieldsVersion > fields.syncedVersion ? { name, email, phone, custom } : null,
        indexedSeq: s.indexedSeq,
        upToSeq: this.log.lastSeq,
      },
      (indexedSeq) => {
        fields.syncedVersion = Math.max(fields.syncedVersion, fieldsVersion);
        s.indexedSeq = Math.max(s.indexedSeq, indexedSeq);
        this.saveState();
      },
    );
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

  private async createCall(): Promise<CallLinks> {
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
    const message = this.log.append(id, author, text, attachment, notice);
    if (message && author.kind === "visitor") this.unreadByAgents += 1;
    return message;
  }

  /** A message with a file goes out with its signed link, to everyone (the sender too). */
  private async deliverWithLink(message: ChatMessage) {
    this.broadcast({ type: "message", message: await this.signAttachment(message) }, null);
  }

  private signAll(messages: ChatMessage[]): Promise<ChatMessage[]> {
    return Promise.all(messages.map((m) => this.signAttachment(m)));
  }

  private async signAttachment(message: ChatMessage): Promise<ChatMessage> {
    if (!message.attachment) return message;
    const s = this.state!;
    const token = await signToken(s.signingKey, { scope: "file", exp: Date.now() + FILE_LINK_TTL_MS, key: message.attachment.key, i: s.interfaceId });
    return { ...message, attachment: { ...message.attachment, url: `${s.appOrigin}/api/files/${encodeURIComponent(message.attachment.key)}?t=${token}` } };
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
      lastSeq: this.log.lastSeq,
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
    this.unreadByAgents = this.log.visitorMessagesAfter(this.state!.agentReadSeq);
  }

  private lobbyRow(): LobbyConversation {
    const s = this.state!;
    const last = this.log.lastPreview;
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

  /** A change only the live list shows (page, presence, unread): a D1 copy that was current stays current. */
  private lobbyOnlyChange() {
    const s = this.state!;
    const d1Current = s.d1Key >= this.changeKey();
    s.version += 1;
    if (d1Current) s.d1Key = this.changeKey();
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

/** The id a frame names, when it has one, so a refusal can say which message it refuses. */
function frameId(data: unknown): string | undefined {
  const id = typeof data === "object" && data !== null ? (data as { id?: unknown }).id : undefined;
  return typeof id === "string" && id.length <= 64 ? id : undefined;
}

function notFound(): ActionResult {
  return { ok: false, status: 404, code: "not_found", message: "Conversation not found." };
}

function closedResult(): ActionResult {
  return { ok: false, status: 409, code: "conversation_closed", message: "This conversation is closed." };
}

/** The loser of a race (or anyone but the assignee) is told who has it, as a fact. */
function taken(assignee: { id: string; name: string }): ActionResult {
  return { ok: false, status: 409, code: "already_taken", message: `${assignee.name} already took this conversation.`, assignee: { id: assignee.id, name: assignee.name } };
}

function requestNotAllowed(): ServerError {
  return { type: "error", code: "request_not_allowed", message: "A request is already pending or an agent is here." };
}
