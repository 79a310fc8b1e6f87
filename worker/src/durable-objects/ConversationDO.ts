// One Durable Object per conversation: a thin shell over the parts in ../conversation/. It holds
// the state row and the message log, answers the Worker's RPC calls and the sockets' frames, runs
// the status machine and the bot flow with their facts gathered first, and leaves copying out
// (lobby, D1) and the alarm to the outbox. Some 620 lines: what is left is the shell's own wiring
// (RPC surface — chat, offline form, call events, appointments, erasure —, frame dispatch, running the
// machine and the flow, applying their results), one short method each; the decisions themselves live
// in the pure parts (statusMachine, flowRunner, rating, ../offline/form, erasure).
import type { Flow, LiveChatStep } from "@raibu/protocol/flow";
import {
  assertNever,
  type Author,
  type ChatMessage,
  type ClientMessage,
  type ConversationView,
  type RequestKind,
  type ServerError,
  type ServerMessage,
  type SystemNotice,
} from "@raibu/protocol/realtime";
import { frameError, frameId, readClientFrame } from "../conversation/clientFrames";
import { gatherFact } from "../conversation/facts";
import { withFileLinks } from "../conversation/links";
import { MessageLog } from "../conversation/MessageLog";
import { Messages } from "../conversation/messages";
import { earliest, Outbox } from "../conversation/outbox";
import { decideRating } from "../conversation/rating";
import { ERASED_MESSAGE_ID, erasedState } from "../conversation/erasure";
import {
  knownValue,
  newState,
  requestedStep,
  takeFlowResult,
  takeVisitorFields,
  viewOf,
  withFlowDefaults,
  type ConversationInit,
  type ConversationState,
  type KnownVisitor,
  type Role,
} from "../conversation/state";
import { decide, type Actor, type NeededFact, type Outcome, type Refusal, type StatusEvent, type StatusFacts } from "../conversation/statusMachine";
import type { Env } from "../env";
import { botTexts } from "../lib/botTexts";
import { translate } from "../lib/i18n";
import { newId } from "../lib/crypto";
import { defaultFlow } from "../lib/defaultFlow";
import { FlowRunner, type FlowResult } from "../lib/flowRunner";
import { fieldMessages } from "../offline/form";
import { createFormThread, notifyLobby } from "../offline/threads";
import { conversationClosed } from "../integrations/emitters";
import type { OfflineSubmission, OfflineSubmitted } from "@raibu/protocol/offline";
import { scaledFrameRates, SocketLimits, type FrameRates, type FrameVerdict } from "../lib/frameLimits";
import { CLOSE, SocketServer, type FrameIssues } from "./SocketServer";

export { CALL_LINK_TTL_MS } from "../conversation/links";
export type { Actor } from "../conversation/statusMachine";
export type { ConversationInit } from "../conversation/state";

interface SocketInfo {
  role: Role;
  id: string;
  name: string | null;
  /** The agent's session (its token hash), so ending the session closes this socket. */
  session: string | null;
}

export type ActionResult =
  | { ok: true; conversation: ConversationView }
  | { ok: false; status: 404 | 409; code: string; message: string; assignee?: { id: string; name: string } };

export type OfflineFormResult =
  | { ok: true; submitted: OfflineSubmitted }
  | { ok: false; status: 400 | 404 | 409 | 503; code: string; message: string; fields?: Record<string, string> };

export class ConversationDO extends SocketServer<SocketInfo, ClientMessage, ServerMessage> {
  private sql: SqlStorage;
  private state: ConversationState | null = null;
  private log!: MessageLog;
  private outbox!: Outbox;
  private messages!: Messages;
  private flow: Flow | null = null;
  private flowRunner: FlowRunner | null = null;
  /** Requests decided by this instance: a request frame that waited for the lobby sees whether another got in first. */
  private requestsDecided = 0;
  private frameRates: Record<Role, FrameRates>;
  private flood = new SocketLimits((role: Role) => this.frameRates[role]);

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.frameRates = scaledFrameRates(env.FRAME_RATE_SCALE);
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
      this.log = new MessageLog(this.sql, () => ({ id: this.state!.visitorId, name: this.state!.visitorName }));
      const rows = new Map(this.sql.exec<{ k: string; v: string }>(`SELECT k, v FROM meta`).toArray().map((r) => [r.k, r.v]));
      const stored = rows.get("state");
      if (stored) {
        const state = JSON.parse(stored) as ConversationState & { flow?: Flow };
        // Conversations stored before flows existed run the default flow's request options.
        this.flow = rows.has("flow") ? (JSON.parse(rows.get("flow")!) as Flow) : (state.flow ?? defaultFlow(state.language));
        delete state.flow;
        this.state = withFlowDefaults(state);
        this.log.agentsRead(this.state.agentReadSeq);
      }
      const host = {
        state: () => this.state!,
        log: this.log,
        env: () => this.env,
        visitorOnline: () => this.visitorOnline(),
        saveState: () => this.saveState(),
        deadline: () => this.deadline(),
        storage: ctx.storage,
      };
      this.outbox = new Outbox(host, await ctx.storage.getAlarm());
      this.messages = new Messages({
        log: this.log,
        state: () => this.state!,
        files: () => this.env.ATTACHMENTS,
        send: (ws, msg) => this.send(ws, msg),
        broadcast: (msg, except) => this.broadcast(msg, undefined, except),
        stored: (sender, text, at) => (sender.role === "visitor" && this.state!.status === "bot" ? this.botHears(text) : this.outbox.messageAdded(at)),
        view: (role) => this.view(role),
      });
    });
  }

  // ---- RPC, called by the Worker after it has authenticated the caller ----

  /** Creates the conversation once; later calls return it as it is. */
  async init(init: ConversationInit): Promise<ConversationView> {
    if (!this.state) {
      const now = Date.now();
      const { flow, ...rest } = init;
      this.flow = flow;
      this.sql.exec(`INSERT INTO meta (k, v) VALUES ('flow', ?) ON CONFLICT (k) DO NOTHING`, JSON.stringify(flow));
      this.state = newState(rest, now);
      this.applyFlow(this.runner().start(now));
      await this.wakeForDeadlines();
      await this.outbox.sync();
    }
    return this.view("agent");
  }

  async getView(): Promise<ConversationView | null> {
    return this.state ? this.view("agent") : null;
  }

  /** The newest messages, oldest first, with their file links: a returning visitor reads an earlier conversation. */
  async transcript(limit: number): Promise<ChatMessage[]> {
    return this.state ? withFileLinks(this.state, this.log.newest(limit)) : [];
  }

  /** « Assign to me »: any time before the conversation is closed, even while the bot talks; on a pending request it is Accept. */
  async assign(agent: Actor, takeOverFrom?: string): Promise<ActionResult> {
    return this.act({ type: "assign", agent, takeOverFrom });
  }

  /** Accepts a pending live or video request; exactly one agent wins a race. */
  async accept(agent: Actor): Promise<ActionResult> {
    return this.act({ type: "accept", agent });
  }

  /** The assignee (anyone while unassigned, or an admin) hands the conversation to a colleague. */
  async transfer(from: Actor, to: { id: string; name: string }): Promise<ActionResult> {
    return this.act({ type: "transfer", from, to });
  }

  /** The assignee closes it (anyone while unassigned, or an admin). */
  async close(by: Actor): Promise<ActionResult> {
    return this.act({ type: "close", by });
  }

  /**
   * The visitor's record changed (identity verified, or marked as contact): the name they are shown
   * under, and what is now known of them (the flow asks none of it again; agents see it at once).
   */
  async setVisitorName(name: string, known: Partial<KnownVisitor> = {}): Promise<void> {
    const s = this.state;
    if (!s) return;
    const facts = Object.entries(known).filter(([field, value]) => value !== undefined && s.known[field as keyof KnownVisitor] !== value);
    if (s.visitorName === name && facts.length === 0) return;
    Object.assign(s.known, Object.fromEntries(facts));
    this.renameVisitor(name);
    this.bump();
    await this.afterChange();
  }

  /**
   * The visitor sends the offline form (`submission` as they sent it; the machine checks it). The
   * thread is in D1 before anything is acknowledged: when D1 cannot be reached the visitor is told
   * to try again (503), and the same submission sent again makes no second thread.
   */
  async submitOfflineForm(visitorId: string, submission: unknown): Promise<OfflineFormResult> {
    const s = this.state;
    if (!s || s.visitorId !== visitorId) return { ok: false, status: 404, code: "not_found", message: "Conversation not found." };
    let outcome: Awaited<ReturnType<ConversationDO["transition"]>>;
    try {
      outcome = await this.transition({ type: "offlineSubmit", submission });
    } catch (err) {
      console.error("offline thread not written", err);
      return { ok: false, status: 503, code: "unavailable", message: "Your message could not be saved just now. Send it again in a moment." };
    }
    if (!outcome.ok) {
      const { code, message, fields } = outcome.refusal;
      return code === "invalid_form" ? { ok: false, status: 400, code, message, fields: fieldMessages(fields ?? {}, s.language) } : { ok: false, status: 409, code, message };
    }
    const sent = s.offlineSubmission!;
    if (outcome.changed) {
      await this.afterChange();
      await notifyLobby(this.env, s.workspaceId, "created", sent.threadId);
    }
    return { ok: true, submitted: { threadId: sent.threadId, submittedAt: sent.submittedAt } };
  }

  /**
   * The conversation's video call reports a member joining or its end: a notice in the log (the
   * state does not change). `id` makes a retried report land once.
   */
  async callEvent(id: string, event: { kind: "joined"; role: Role } | { kind: "ended"; durationMs: number }): Promise<void> {
    const s = this.state;
    if (!s) return;
    const notice: SystemNotice = event.kind === "joined" ? { code: "call_joined", role: event.role } : { code: "call_ended", durationMs: event.durationMs };
    const message = this.log.append(id, { kind: "system", id: null, name: null }, botTexts(s.language).notice(notice), null, notice);
    if (!message) return;
    this.broadcast({ type: "message", message });
    this.outbox.messageAdded();
  }

  /**
   * The visitor booked an appointment in the widget (appointments/bookings.ts wrote it): the
   * booking notice once per appointment, their name and email on their record, and the flow past
   * its Appointment step as its « continue » would. False: not this visitor's conversation.
   */
  async appointmentBooked(
    visitorId: string,
    booked: { appointmentId: string; startsAt: number; endsAt: number; name: string; email: string; visitorUrl: string },
  ): Promise<boolean> {
    const s = this.state;
    if (!s || s.visitorId !== visitorId) return false;
    // The notice's id is the appointment's: a booking told twice (a retry) lands once.
    const notice: SystemNotice = { code: "appointment_booked", startsAt: booked.startsAt };
    const message = this.log.append(`appointment-${booked.appointmentId}`, { kind: "system", id: null, name: null }, botTexts(s.language).notice(notice), null, notice);
    if (!message) return true;
    this.broadcast({ type: "message", message });
    takeVisitorFields(s, { name: booked.name, email: booked.email });
    // The visitor's view keeps it (and its call link) for the widget's confirmation.
    s.appointment = { id: booked.appointmentId, startsAt: booked.startsAt, endsAt: booked.endsAt, email: booked.email, visitorUrl: booked.visitorUrl };
    const prompt = s.status === "bot" ? this.runner().prompt(s.cursor) : null;
    const moved = prompt?.kind === "appointment" ? this.runner().choose(s.cursor, prompt.stepId, "continue", Date.now()) : null;
    if (moved?.ok) await this.afterFlow(moved);
    else {
      this.bump();
      await this.afterChange();
    }
    return true;
  }

  /**
   * The appointment booked from here was cancelled (null) or moved to another time (with its new
   * call link): the visitor's view follows. Another appointment, or none here, changes nothing.
   */
  async appointmentChanged(appointmentId: string, now: { startsAt: number; endsAt: number; visitorUrl: string } | null): Promise<void> {
    const s = this.state;
    if (!s?.appointment || s.appointment.id !== appointmentId) return;
    s.appointment = now && { ...s.appointment, ...now };
    this.bump();
    await this.afterChange();
  }

  /**
   * The visitor's contact is erased (contacts/erase.ts): every message goes (one system line says
   * so), the state forgets them (conversation/erasure.ts) and is closed, and the copies to the lobby
   * and D1 follow before this returns (the Worker also clears D1 itself). Safe to call again: the
   * count is kept, so a retried erasure reports the same number. Null: no such conversation here.
   */
  async erasePersonalData(anonymousName: string): Promise<{ messages: number } | null> {
    const s = this.state;
    if (!s) return null;
    const before = this.sql.exec<{ v: string }>(`SELECT v FROM meta WHERE k = 'erased'`).toArray()[0];
    const counted = before ? (JSON.parse(before.v) as { messages: number }).messages : 0;
    const messages = counted + this.log.eraseAll(ERASED_MESSAGE_ID, translate(s.language, "conversation.erased"));
    this.sql.exec(`INSERT INTO meta (k, v) VALUES ('erased', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v`, JSON.stringify({ messages, at: Date.now() }));
    // In place: the outbox holds on to this object while it copies.
    Object.assign(s, erasedState(s, anonymousName, Date.now()));
    this.bump();
    await this.afterChange();
    return { messages };
  }

  /** A session ended (logout, password reset, removal): its sockets close, all of the user's when `session` is null. */
  async closeAgentSockets(userId: string, session: string | null): Promise<number> {
    let closed = 0;
    for (const ws of this.ctx.getWebSockets("agent")) {
      const info = this.infoOf(ws);
      if (!info || info.id !== userId || (session !== null && info.session !== session)) continue;
      if (this.closeSocket(ws, CLOSE.sessionEnded.code, CLOSE.sessionEnded.reason)) closed += 1;
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
    const wasOnline = this.visitorOnline();
    this.acceptSocket(server, [role], { role, id, name: request.headers.get("X-Raibu-Name"), session: request.headers.get("X-Raibu-Session") });
    this.send(server, { type: "welcome", conversation: this.view(role), messages: await withFileLinks(s, this.log.newest()), you: { role, id } });
    if (role === "visitor" && !wasOnline) await this.presenceChanged(true);
    return new Response(null, { status: 101, webSocket: client });
  }

  protected async onSocketClosed(ws: WebSocket, info: SocketInfo | null): Promise<void> {
    if (info?.role === "visitor" && !this.visitorOnline(ws)) await this.presenceChanged(false);
  }

  protected parseFrame(data: unknown) {
    return readClientFrame(data);
  }

  protected invalidFrame(issues: FrameIssues, data: unknown): ServerError {
    return frameError(issues, data);
  }

  /** Over its rate: told when to try again; still going after many refusals: closed (1008, policy violation). */
  protected admitFrame(ws: WebSocket, info: SocketInfo, data: unknown): boolean {
    const verdict = this.flood.check(ws, info.role, data, Date.now());
    if (!verdict.ok) this.refuseFlood(ws, verdict, data);
    return verdict.ok;
  }

  private refuseFlood(ws: WebSocket, verdict: Extract<FrameVerdict, { ok: false }>, data: unknown) {
    if (verdict.close) return void this.closeSocket(ws, CLOSE.rateLimited.code, CLOSE.rateLimited.reason);
    const id = frameId(data);
    this.send(ws, { type: "error", code: "rate_limited", message: "Too many frames. Wait a moment, then send again.", retryAfterMs: verdict.retryAfterMs, ...(id ? { id } : {}) });
  }

  protected onFrame(ws: WebSocket, info: SocketInfo, msg: ClientMessage): Promise<void> | void {
    const s = this.state!;
    switch (msg.type) {
      case "message":
        return this.messages.receive(ws, info, msg);
      case "typing":
        return this.broadcast({ type: "typing", from: info.role, name: info.role === "agent" ? info.name : null, typing: msg.typing }, info.role === "visitor" ? "agent" : "visitor");
      case "read": {
        const seq = Math.min(msg.seq, this.log.lastSeq);
        const key = info.role === "visitor" ? "visitorReadSeq" : "agentReadSeq";
        if (seq <= s[key]) return;
        s[key] = seq;
        this.broadcast({ type: "read", by: info.role, seq }, undefined, ws);
        if (info.role === "visitor") return this.saveState();
        // The unread count shows in the live list only.
        this.log.agentsRead(seq);
        this.outbox.lobbyOnlyChange();
        return this.outbox.lobbySoon();
      }
      case "resume":
        return this.messages.resume(ws, info.role, msg.afterSeq);
      case "request":
        if (info.role !== "visitor") return this.send(ws, { type: "error", code: "forbidden", message: "Only the visitor asks for a chat." });
        return this.receiveRequest(ws, msg.kind);
      case "choice":
        return this.receiveChoice(ws, info, msg);
      case "page":
        if (info.role !== "visitor") return this.send(ws, { type: "error", code: "forbidden", message: "Only the visitor reports pages." });
        this.broadcast({ type: "page", page: msg.page }, "agent");
        return this.outbox.pageReported(msg.page);
      case "rate":
        return this.receiveRating(ws, info, msg);
      case "ping":
        return this.send(ws, { type: "pong" });
      default:
        assertNever(msg);
    }
  }

  /** The visitor picked a button: their pick is stored as their message, then the flow moves on. */
  private async receiveChoice(ws: WebSocket, info: SocketInfo, msg: Extract<ClientMessage, { type: "choice" }>) {
    const s = this.state!;
    if (this.messages.ackExisting(ws, msg.id)) return;
    if (info.role !== "visitor") return this.send(ws, { type: "error", code: "forbidden", message: "Only the visitor answers the bot.", id: msg.id });
    const chosen = s.status === "bot" ? this.runner().choose(s.cursor, msg.stepId, msg.choiceId, Date.now()) : ({ ok: false } as const);
    if (!chosen.ok) return this.send(ws, { type: "error", code: "stale_choice", message: "This choice is no longer offered.", id: msg.id });
    if (this.messages.storeChoice(ws, info, msg.id, chosen.label)) await this.afterFlow(chosen);
  }

  /** The visitor rates the closed conversation; a retry of the same rating is answered with the state as it is. */
  private async receiveRating(ws: WebSocket, info: SocketInfo, msg: Extract<ClientMessage, { type: "rate" }>) {
    const decided = decideRating(this.state!, info.role, msg, Date.now());
    if (!decided.ok) return this.send(ws, decided.error);
    if (!decided.changed) return this.send(ws, { type: "state", conversation: this.view(info.role) });
    this.state!.rating = decided.rating;
    this.bump();
    await this.afterChange();
  }

  private async presenceChanged(visitorOnline: boolean) {
    this.broadcast({ type: "presence", visitorOnline }, "agent");
    this.outbox.lobbyOnlyChange();
    await this.outbox.sync({ d1: false });
  }

  // ---- The status machine ----

  /** An agent's action through the API: refusals become 404/409 results naming their facts. */
  private async act(event: StatusEvent): Promise<ActionResult> {
    if (!this.state) return { ok: false, status: 404, code: "not_found", message: "Conversation not found." };
    const outcome = await this.transition(event);
    if (!outcome.ok) return { ok: false, status: 409, ...outcome.refusal };
    if (outcome.changed) await this.afterChange();
    return { ok: true, conversation: this.view("agent") };
  }

  /** Asks the lobby first when the request depends on who is online, then decides on the state as it is then. */
  private async receiveRequest(ws: WebSocket, kind: RequestKind) {
    const outcome = await this.transition({ type: "request", kind });
    if (!outcome.ok) return this.send(ws, { type: "error", code: outcome.refusal.code, message: outcome.refusal.message });
    if (outcome.changed) await this.afterChange();
  }

  /**
   * Runs the machine; when it needs a fact that takes an await (agents online, call links), gathers
   * it and runs it again on the state as it is then. The run that decides is followed by the write
   * with no await in between: an assign or a request that got in meanwhile is decided on, not written over.
   */
  private async transition(event: StatusEvent): Promise<{ ok: true; changed: boolean } | { ok: false; refusal: Refusal }> {
    const requestsBefore = this.requestsDecided;
    const gathered: Partial<StatusFacts> = {};
    for (;;) {
      const s = this.state!;
      const facts: StatusFacts = { liveChatStep: this.liveChatStep(), requestedStep: requestedStep(s, this.runner()), ...gathered, requestDecidedMeanwhile: this.requestsDecided !== requestsBefore };
      const outcome = decide(s, event, Date.now(), facts);
      if (outcome.ok) return { ok: true, changed: await this.apply(event, outcome) };
      if ("refusal" in outcome) return outcome;
      Object.assign(gathered, await this.gather(outcome.needs, outcome.submission));
    }
  }

  /** One fact the machine asked for (a method, so a test can hold it as a slow lobby would). */
  private gather(needs: NeededFact, submission?: OfflineSubmission): Promise<Partial<StatusFacts>> {
    if (needs === "offlineThread") return this.writeOfflineThread(submission!);
    return gatherFact(needs, this.env, this.state!);
  }

  /** The conversation's inbox thread with the form's message, made once (offline/threads.ts). */
  private async writeOfflineThread(submission: OfflineSubmission): Promise<Partial<StatusFacts>> {
    const s = this.state!;
    const { thread } = await createFormThread(this.env, {
      workspaceId: s.workspaceId,
      interfaceId: s.interfaceId,
      conversationId: s.id,
      visitorId: s.visitorId,
      lang: s.language,
      name: submission.name,
      email: submission.email,
      phone: submission.phone,
      message: submission.message,
      submissionId: submission.id,
    });
    return { offlineThread: { id: thread.id } };
  }

  /** Writes a transition, its notices and its effects; false when there was nothing to do. */
  private async apply(event: StatusEvent, outcome: Extract<Outcome<ConversationState>, { ok: true }>): Promise<boolean> {
    const s = this.state!;
    if (outcome.state === s) return false;
    const wasClosed = s.status === "closed";
    // In place: the outbox holds on to this object while it copies.
    Object.assign(s, outcome.state);
    // Written with the state, before any await.
    for (const effect of outcome.effects) if (effect.type === "visitorFields") takeVisitorFields(s, effect.fields);
    if (event.type === "request") this.requestsDecided += 1;
    this.bump();
    for (const notice of outcome.notices) this.appendSystem(notice);
    for (const effect of outcome.effects) {
      switch (effect.type) {
        case "wakeAt":
          await this.outbox.wakeBy(effect.at);
          break;
        case "visitorFields":
          break;
        default:
          assertNever(effect);
      }
    }
    // The one place a conversation closes (an agent, or the flow's end): webhooks hear it once.
    if (!wasClosed && s.status === "closed") await conversationClosed(this.env, s, event.type === "close" ? event.by : null);
    return true;
  }

  // ---- Time: request timeout, delayed bot messages, and the outbox ----

  async alarm(): Promise<void> {
    this.outbox.alarmRang();
    const s = this.state;
    if (!s) return;
    const now = Date.now();
    const timeout = await this.transition({ type: "requestTimeout" });
    if (timeout.ok && timeout.changed) this.broadcastState();
    if (s.status === "bot" && s.cursor.waiting === "delay" && s.cursor.dueAt !== null && s.cursor.dueAt <= now) {
      const ended = this.applyFlow(this.runner().wake(s.cursor, now));
      if (ended) await this.flowEnded();
      else this.broadcastState();
    }
    await this.outbox.onAlarm(now);
    await this.wakeForDeadlines();
  }

  /** The earlier of the request's deadline and the bot's next delayed message, whichever are pending. */
  private deadline(): number | null {
    const { status, requestDeadline, cursor } = this.state!;
    return earliest(status === "requested" ? requestDeadline : null, cursor.waiting === "delay" ? cursor.dueAt : null);
  }

  private async wakeForDeadlines() {
    const at = this.deadline();
    if (at !== null) await this.outbox.wakeBy(at);
  }

  // ---- The bot flow ----

  private runner(): FlowRunner {
    this.flowRunner ??= new FlowRunner(this.flow!, this.state!.language, (field) => knownValue(this.state!, field) !== null);
    return this.flowRunner;
  }

  /** The visitor wrote while the bot runs: a question's answer, a typed button, or else one polite reply. */
  private async botHears(text: string) {
    const s = this.state!;
    const heard = this.runner().answer(s.cursor, text, Date.now());
    if (heard.handled) return this.afterFlow(heard);
    this.outbox.messageAdded();
    if (s.botReplied) return;
    s.botReplied = true;
    this.saveState();
    this.sayAsBot(botTexts(s.language).reply(this.liveChatStep() !== null));
  }

  /** Applies what the flow did, then tells everyone and copies it out. */
  private async afterFlow(result: FlowResult) {
    const ended = this.applyFlow(result);
    await this.wakeForDeadlines();
    if (ended) return this.flowEnded();
    await this.afterChange();
  }

  private async flowEnded() {
    const closed = await this.transition({ type: "flowEnd" });
    if (closed.ok && closed.changed) await this.afterChange();
  }

  /**
   * Stores the flow's messages and answers and its new cursor, with no await in between:
   * they reach storage in one write. Returns true when the flow reached an End step.
   */
  private applyFlow(result: FlowResult): boolean {
    const s = this.state!;
    const { shown, ended } = takeFlowResult(s, result);
    for (const out of shown) {
      if (out.type === "say") this.sayAsBot(out.text);
      else if (out.type === "kept") this.appendSystem({ code: "kept_as_message" });
      else this.broadcast({ type: "typing", from: "bot", name: s.botName ?? s.interfaceName, typing: true });
    }
    this.bump();
    return ended;
  }

  /** The Live chat step a request would follow now, if the flow offers one. */
  private liveChatStep(): LiveChatStep | null {
    return this.runner().liveChatStep(this.state!.cursor);
  }

  // ---- Helpers ----

  /** The visitor goes by `name` from now on, their earlier messages too (the log reads them under the current name). */
  private renameVisitor(name: string) {
    this.state!.visitorName = name;
  }

  private sayAsBot(text: string) {
    const s = this.state!;
    this.appendAndBroadcast({ kind: "bot", id: null, name: s.botName ?? s.interfaceName }, text, null);
  }

  private appendSystem(notice: SystemNotice) {
    this.appendAndBroadcast({ kind: "system", id: null, name: null }, botTexts(this.state!.language).notice(notice), notice);
  }

  private appendAndBroadcast(author: Author, text: string, notice: SystemNotice | null) {
    const message = this.log.append(newId().replace(/-/g, ""), author, text, null, notice)!;
    this.broadcast({ type: "message", message });
  }

  /** After a state change: tell everyone on the sockets, then copy it out. */
  private async afterChange() {
    this.broadcastState();
    await this.outbox.sync();
  }

  private view(role: Role): ConversationView {
    return viewOf(this.state!, role, this.log.lastSeq, this.runner());
  }

  private broadcastState() {
    this.broadcastBy((info) => info.role, (role) => ({ type: "state", conversation: this.view(role) }));
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
}

