// One Durable Object per video call: the signalling between its two members (one socket per role),
// the call's times (started when both were first there, ended by a hang-up or by both staying away),
// and the reports it owes the conversation (a notice per member's first join, one for the end) and
// D1 (the call's times, and the dashboard's `call_held` at its start), kept in its SQLite until delivered.
import { CALL_CLOSE, CallClientFrameSchema, type CallClientFrame, type CallRole, type CallServerFrame, type MediaState } from "@raibu/protocol/calls";
import { assertNever } from "@raibu/protocol/realtime";
import { abandonAt, afterWait, ended, joined, left, NEW_CLOCK, type CallClock } from "../calls/callClock";
import { writeCallTimes } from "../calls/callRows";
import { getDb } from "../db/client";
import type { Env } from "../env";
import { metricEventId, type MetricEvent } from "../metrics/events";
import { metricsChanged } from "../metrics/notify";
import { SocketLimits, type FrameRates, type FrameVerdict, type Rate } from "../lib/frameLimits";
import { CLOSE, SocketServer } from "./SocketServer";

export { CALL_ABANDONED_AFTER_MS } from "../calls/callClock";
/**
 * A page that pinged (`{"type":"ping"}`, answered by the runtime) and then went silent this long
 * is taken for gone (a phone that changed networks leaves its socket open here): a new page of its
 * role takes its place instead of being refused. Pages ping every 25 s (client/liveSocket.ts), so a
 * live one is never this silent. A page that never pings is never taken for gone.
 */
const SILENT_PAGE_MS = 40_000;
/** A report the conversation or D1 did not take is tried again this much later. */
const RETRY_MS = 10_000;

/**
 * WebRTC sends a burst of ICE candidates at the start and after each renegotiation (a screen
 * share); a person never comes near this otherwise.
 */
const SIGNAL_RATE: Rate = { perSecond: 20, burst: 100 };
const CALL_FRAME_RATES: FrameRates = { message: SIGNAL_RATE, typing: SIGNAL_RATE, page: SIGNAL_RATE, read: SIGNAL_RATE, resume: SIGNAL_RATE, other: SIGNAL_RATE };

interface SocketInfo {
  role: CallRole;
  /** The page's own id (the socket URL's `page`): its reconnects take its place at once. */
  page: string | null;
  /** What the member last said of its media: told to the other when they join, so a state sent while alone is not lost. */
  media?: MediaState;
}

/** Who the Worker says the call is, given with the first socket. */
export interface CallSetup {
  callId: string;
  workspaceId: string;
  conversationId: string | null;
  /** The interface of its conversation or appointment, which the dashboard counts the call under. Absent in states stored before (the next socket gives it). */
  interfaceId?: string;
}

interface CallState extends CallSetup, CallClock {
  /** The call's times changed since D1 last took them. */
  d1Dirty: boolean;
  /** The call started and its `call_held` event goes to D1 with those times (then false). Absent in states stored before. */
  heldUncounted?: boolean;
}

type Report = { kind: "joined"; role: CallRole } | { kind: "ended"; durationMs: number };

const other = (role: CallRole): CallRole => (role === "agent" ? "visitor" : "agent");

export class CallDO extends SocketServer<SocketInfo, CallClientFrame, CallServerFrame> {
  private sql: SqlStorage;
  private state: CallState | null = null;
  private flood = new SocketLimits<CallRole>(() => CALL_FRAME_RATES);
  /** A field so a test can shorten it. */
  private silentPageMs = SILENT_PAGE_MS;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    ctx.blockConcurrencyWhile(async () => {
      this.sql.exec(`CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS joins (role TEXT NOT NULL, at INTEGER NOT NULL)`);
      this.sql.exec(`CREATE TABLE IF NOT EXISTS reports (n INTEGER PRIMARY KEY AUTOINCREMENT, report TEXT NOT NULL)`);
      const row = this.sql.exec<{ v: string }>(`SELECT v FROM meta WHERE k = 'state'`).toArray()[0];
      if (row) this.state = JSON.parse(row.v) as CallState;
    });
  }

  // ---- RPC ----

  /** The call's times and joins as this object knows them (D1 holds a copy). */
  async times(): Promise<{ startedAt: number | null; endedAt: number | null; durationMs: number | null; joins: Array<{ role: CallRole; at: number }> }> {
    const s = this.state;
    const joins = this.sql.exec<{ role: CallRole; at: number }>(`SELECT role, at FROM joins ORDER BY at`).toArray();
    return { startedAt: s?.startedAt ?? null, endedAt: s?.endedAt ?? null, durationMs: s?.durationMs ?? null, joins };
  }

  /** Its appointment was cancelled: a call open now ends for whoever is in it, as if `by` hung up (nothing to do if nobody ever joined). */
  async cancel(by: CallRole): Promise<void> {
    if (!this.state) return;
    await this.end(ended(this.state, by, Date.now()));
  }

  // ---- Sockets ----

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade") !== "websocket") return new Response("Expected a WebSocket", { status: 426 });
    const role = request.headers.get("X-Raibu-Role");
    if (role !== "agent" && role !== "visitor") return new Response("Unknown role", { status: 400 });
    const s = (this.state ??= this.newState(request.headers));
    s.interfaceId ||= request.headers.get("X-Raibu-Interface") || undefined;
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    if (s.endedAt !== null) return refuse(client, server, CALL_CLOSE.ended, "ended");
    const page = request.headers.get("X-Raibu-Page") || null;
    this.dropGonePages(role, page);
    if (this.present(role)) return refuse(client, server, CALL_CLOSE.busy, "busy");

    const now = Date.now();
    const firstJoin = this.sql.exec(`SELECT 1 FROM joins WHERE role = ? LIMIT 1`, role).toArray().length === 0;
    this.sql.exec(`INSERT INTO joins (role, at) VALUES (?, ?)`, role, now);
    this.acceptSocket(server, [role], { role, page });
    const peerPresent = this.present(other(role));
    const clock = joined(s, peerPresent, now);
    const starts = clock.startedAt !== s.startedAt;
    Object.assign(s, clock);
    // After the clock: it is a copy of the whole state, marks included.
    if (starts) Object.assign(s, { d1Dirty: true, heldUncounted: true });
    if (firstJoin) this.queueReport({ kind: "joined", role });
    this.save();
    this.send(server, { type: "welcome", role, peerPresent, startedAt: s.startedAt });
    for (const peer of this.ctx.getWebSockets(other(role))) {
      const media = this.infoOf(peer)?.media;
      if (media) this.send(server, { type: "media", media });
    }
    this.broadcast({ type: "peer", present: true }, other(role));
    await this.deliver();
    return new Response(null, { status: 101, webSocket: client });
  }

  protected parseFrame(data: unknown) {
    return CallClientFrameSchema.safeParse(data);
  }

  /** Over its rate: told when to try again; still going after many refusals: closed (1008). */
  protected admitFrame(ws: WebSocket, info: SocketInfo, data: unknown): boolean {
    const verdict = this.flood.check(ws, info.role, data, Date.now());
    if (!verdict.ok) this.refuseFlood(ws, verdict);
    return verdict.ok;
  }

  private refuseFlood(ws: WebSocket, verdict: Extract<FrameVerdict, { ok: false }>) {
    if (verdict.close) return void this.closeSocket(ws, CLOSE.rateLimited.code, CLOSE.rateLimited.reason);
    this.send(ws, { type: "error", code: "rate_limited", message: "Too many frames. Wait a moment, then send again.", retryAfterMs: verdict.retryAfterMs });
  }

  protected async onFrame(ws: WebSocket, info: SocketInfo, frame: CallClientFrame): Promise<void> {
    switch (frame.type) {
      case "media":
        // Kept with the socket, so the other member hears it on joining; relayed now if they are here.
        this.updateInfo(ws, { ...info, media: frame.media });
        if (this.present(other(info.role))) this.broadcast({ type: "media", media: frame.media }, other(info.role));
        return;
      case "signal":
        // Only to the other member: never echoed, and there is no third.
        if (!this.present(other(info.role))) return this.send(ws, { type: "error", code: "peer_absent", message: "The other side is not in the call." });
        return this.broadcast({ type: "signal", signal: frame.signal }, other(info.role));
      case "hangup":
        return this.end(ended(this.state!, info.role, Date.now()));
      case "ping":
        return this.send(ws, { type: "pong" });
      default:
        assertNever(frame);
    }
  }

  protected async onSocketClosed(ws: WebSocket, info: SocketInfo | null): Promise<void> {
    const s = this.state;
    if (!s || !info || s.endedAt !== null) return;
    if (this.present(info.role, ws)) return;
    this.broadcast({ type: "peer", present: false }, other(info.role));
    Object.assign(s, left(s, info.role, this.present(other(info.role)), Date.now()));
    this.save();
    const due = abandonAt(s);
    if (due !== null) await this.wakeBy(due);
  }

  // ---- The end ----

  /** Over for both: the duration from when both were first there, told to each, then their sockets close. */
  private async end(clock: CallClock) {
    const s = this.state!;
    if (s.endedAt !== null || clock.endedAt === null) return;
    Object.assign(s, clock, { d1Dirty: true });
    const by = clock.endedBy!;
    const durationMs = clock.durationMs!;
    this.queueReport({ kind: "ended", durationMs });
    this.save();
    this.broadcast({ type: "ended", by, durationMs });
    for (const ws of this.ctx.getWebSockets()) this.closeSocket(ws, CALL_CLOSE.ended, "ended");
    await this.deliver();
  }

  async alarm(): Promise<void> {
    const s = this.state;
    if (!s) return;
    const clock = afterWait(s, Date.now());
    if (clock.endedAt !== s.endedAt) await this.end(clock);
    else await this.deliver();
    const due = abandonAt(s);
    if (due !== null) await this.wakeBy(due);
  }

  // ---- Reports to the conversation and D1 ----

  private queueReport(report: Report) {
    if (this.state!.conversationId) this.sql.exec(`INSERT INTO reports (report) VALUES (?)`, JSON.stringify(report));
  }

  /** Sends what is owed, in order; what fails stays stored and the alarm tries again. */
  private async deliver() {
    const s = this.state!;
    try {
      if (s.conversationId) {
        const stub = this.env.CONVERSATIONS.get(this.env.CONVERSATIONS.idFromName(s.conversationId));
        for (const { n, report } of this.sql.exec<{ n: number; report: string }>(`SELECT n, report FROM reports ORDER BY n`).toArray()) {
          await stub.callEvent(`call-${s.callId}-${n}`, JSON.parse(report) as Report);
          this.sql.exec(`DELETE FROM reports WHERE n = ?`, n);
        }
      }
      if (s.d1Dirty) {
        const held = s.heldUncounted && s.startedAt !== null && s.interfaceId ? [this.heldEvent(s.interfaceId, s.startedAt)] : [];
        await writeCallTimes(getDb(this.env.DB), s.callId, { startedAt: s.startedAt, endedAt: s.endedAt, durationMs: s.durationMs }, held);
        Object.assign(s, { d1Dirty: false, heldUncounted: false });
        this.save();
        if (held.length > 0) await metricsChanged(this.env, s.workspaceId);
      }
    } catch (err) {
      console.error("call report not delivered, retrying", err);
      await this.wakeBy(Date.now() + RETRY_MS);
    }
  }

  /** The dashboard's `call_held`: once per call (its id is the call's), at its start. */
  private heldEvent(interfaceId: string, at: number): MetricEvent {
    const s = this.state!;
    return { id: metricEventId.callHeld(s.callId), workspaceId: s.workspaceId, interfaceId, kind: "call_held", at, visitorId: null };
  }

  // ---- Helpers ----

  private newState(headers: Headers): CallState {
    return {
      callId: headers.get("X-Raibu-Call") ?? "",
      workspaceId: headers.get("X-Raibu-Workspace") ?? "",
      conversationId: headers.get("X-Raibu-Conversation") || null,
      interfaceId: headers.get("X-Raibu-Interface") || undefined,
      ...NEW_CLOCK,
      d1Dirty: false,
    };
  }

  /**
   * Closes `role`'s old socket when the joining page is the same page reconnecting (its socket
   * broke on its side only) or when it has gone silent, telling the other member it left (the
   * new socket then joins). Another live page keeps its place.
   */
  private dropGonePages(role: CallRole, page: string | null) {
    const now = Date.now();
    for (const ws of this.ctx.getWebSockets(role)) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      const samePage = page !== null && this.infoOf(ws)?.page === page;
      const pinged = this.ctx.getWebSocketAutoResponseTimestamp(ws);
      const silent = pinged !== null && now - pinged.getTime() >= this.silentPageMs;
      if (!samePage && !silent) continue;
      this.closeSocket(ws, 1001, "replaced");
      this.broadcast({ type: "peer", present: false }, other(role));
    }
  }

  /** Whether `role` has an open socket here (but `except`). */
  private present(role: CallRole, except?: WebSocket): boolean {
    return this.ctx.getWebSockets(role).some((ws) => ws !== except && ws.readyState === WebSocket.OPEN);
  }

  /** The one alarm rings at the earliest time asked for. */
  private async wakeBy(at: number) {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at) await this.ctx.storage.setAlarm(at);
  }

  private save() {
    this.sql.exec(`INSERT INTO meta (k, v) VALUES ('state', ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v`, JSON.stringify(this.state));
  }
}

/** A page that may not join: accepted only to be closed with the code that says why (4003 busy, 4004 over). */
function refuse(client: WebSocket, server: WebSocket, code: number, reason: string): Response {
  server.accept();
  server.close(code, reason);
  return new Response(null, { status: 101, webSocket: client });
}
