// One side of a chaos conversation (a visitor or its agent), written like the real clients: an outbox
// resent with the same ids after every reconnect, `resume` from the last contiguous seq held, paged
// until it holds the server's lastSeq, a token bucket under the server's rate, and `retryAfterMs` obeyed.
import WebSocket from "ws";

/**
 * Under the server's per-socket message rate (a visitor's: 5/s, bursts of 30), so `rate_limited` is
 * the exception; a backlog after a restart leaves in one burst, as the widget's outbox does.
 */
const SEND_PER_S = 4.5;
const SEND_BURST = 20;
/** Back-off before reconnecting: quick after a drop, doubling while the server is away. */
const reconnectDelay = (attempt) => Math.min(150 * 2 ** attempt, 3000) * (0.75 + Math.random() * 0.5);
const UPGRADE_TIMEOUT_MS = 15_000;
/** A resume answered with nothing new is asked again after this long, not in a tight loop. */
const STALLED_RESUME_RETRY_MS = 1000;

/** `C012v00034`: conversation 12, the visitor's 34th message (the agent's are `a`). */
export const chaosId = (conv, role, n) => `C${String(conv).padStart(3, "0")}${role === "visitor" ? "v" : "a"}${String(n).padStart(5, "0")}`;
export function parseChaosId(id) {
  const m = /^C(\d{3})([va])(\d{5})$/.exec(id);
  return m ? { conv: Number(m[1]), role: m[2] === "v" ? "visitor" : "agent", n: Number(m[3]) } : null;
}

export class ChaosClient {
  /**
   * `plan`: how many messages this side writes, from `startAt` (ms, performance clock) every `everyMs`.
   * `stats`: shared counters (reconnects, resends, rate_limited, …) the run reports.
   */
  constructor({ conv, role, endpoint, count, startAt, everyMs, stats, problems }) {
    Object.assign(this, { conv, role, endpoint, count, startAt, everyMs, stats, problems });
    this.other = role === "visitor" ? "agent" : "visitor";
    /** seq → id of every message this side holds; `held` is the highest seq with every seq below it held. */
    this.bySeq = new Map();
    this.seqOf = new Map();
    this.held = 0;
    /** Written, not yet acknowledged, in writing order: `{ id, gen }` (`gen`: the socket it was last sent on). */
    this.outbox = [];
    this.generated = 0;
    /** Distinct messages sent at least once. */
    this.sentIds = 0;
    this.ws = null;
    this.gen = 0;
    this.ready = false;
    this.stopped = false;
    this.attempt = 0;
    this.tokens = SEND_BURST;
    this.tokensAt = 0;
    this.pausedUntil = 0;
    this.resumeInFlight = false;
    this.resumeHeldAt = -1;
    this.resumeAfter = 0;
    this.answerStarted = false;
    /** The highest seq of a message frame on the current socket (the order check). */
    this.wireLast = 0;
    this.serverLastSeq = 0;
    /** Messages of the other side received in a frame (welcome, live or resume), each counted once. */
    this.delivered = 0;
  }

  connect() {
    if (this.stopped) return;
    const gen = ++this.gen;
    const ws = new WebSocket(this.endpoint.url, { headers: this.endpoint.headers, perMessageDeflate: false, handshakeTimeout: UPGRADE_TIMEOUT_MS });
    this.ws = ws;
    this.ready = false;
    let retryAfterMs = 0;
    ws.on("unexpected-response", (_req, res) => {
      // Refused upgrade: a 429 says when to come back; anything else is worth reporting.
      if (res.statusCode === 429) {
        this.stats.upgrade_429 += 1;
        retryAfterMs = Number(res.headers["retry-after"] ?? 1) * 1000;
      } else this.problem(`upgrade refused ${res.statusCode}`);
      ws.terminate();
    });
    ws.on("error", () => {});
    ws.on("close", (code) => {
      if (this.gen !== gen) return;
      this.ready = false;
      this.ws = null;
      if (code === 1008) this.stats.closed_1008 += 1;
      if (code === 4001) this.problem("socket ended with 4001 session_ended");
      if (this.stopped) return;
      const delay = Math.max(retryAfterMs, reconnectDelay(this.attempt++));
      setTimeout(() => this.connect(), delay);
    });
    ws.on("message", (data) => {
      if (this.gen !== gen) return;
      let frame;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return this.problem("non-JSON frame");
      }
      this.receive(frame, gen);
    });
  }

  /** The harness's fault: the connection vanishes without a close frame (a dropped network). */
  drop() {
    if (!this.ws) return false;
    this.ws.terminate();
    return true;
  }

  receive(frame, gen) {
    switch (frame.type) {
      case "welcome": {
        const reconnect = this.gen > 1 || this.attempt > 0;
        if (reconnect) this.stats.reconnects += 1;
        this.attempt = 0;
        const heldBefore = this.held;
        for (const m of frame.messages) this.hold(m.seq, m.id, "welcome");
        this.serverLastSeq = Math.max(this.serverLastSeq, frame.conversation.lastSeq);
        this.ready = true;
        this.resumeInFlight = false;
        this.wireLast = frame.messages.at(-1)?.seq ?? 0;
        // As the console and the widget do: after a reconnect, resume from what was held before this
        // socket (the welcome carries only recent history), then page on until lastSeq is held.
        if (reconnect && heldBefore > 0) this.resume(heldBefore);
        else this.catchUp();
        // Every unacknowledged message goes again, with its id, on this socket.
        for (const entry of this.outbox) entry.gen = 0;
        this.pump(performance.now());
        return;
      }
      case "message":
        this.checkWireOrder(frame.message.seq);
        return this.hold(frame.message.seq, frame.message.id, "frame");
      case "ack": {
        const i = this.outbox.findIndex((e) => e.id === frame.id);
        if (i >= 0) this.outbox.splice(i, 1);
        else this.stats.duplicate_acks += 1;
        return this.hold(frame.seq, frame.id, "ack");
      }
      case "state":
        this.serverLastSeq = Math.max(this.serverLastSeq, frame.conversation.lastSeq);
        if (this.resumeInFlight) {
          this.resumeInFlight = false;
          if (this.held === this.resumeHeldAt && this.held < this.serverLastSeq && !this.skipHole()) {
            this.stats.resume_stalls += 1;
            setTimeout(() => this.gen === gen && this.ready && this.catchUp(), STALLED_RESUME_RETRY_MS);
            return;
          }
        }
        return this.catchUp();
      case "error":
        if (frame.code === "rate_limited") {
          this.stats.rate_limited += 1;
          const waitMs = frame.retryAfterMs ?? 1000;
          if (!frame.id && this.resumeInFlight) {
            // The resume was refused: ask again once the server says so.
            this.resumeInFlight = false;
            setTimeout(() => this.gen === gen && this.ready && this.catchUp(), waitMs);
            return;
          }
          this.pausedUntil = performance.now() + waitMs;
          // The refused message (or, unnamed, everything unacknowledged) goes again after the pause.
          for (const entry of this.outbox) if (!frame.id || entry.id === frame.id) entry.gen = 0;
          return;
        }
        return this.problem(`error frame ${frame.code}${frame.id ? ` for ${frame.id}` : ""}: ${frame.message}`);
      default:
        return; // presence, typing, read, page, pong
    }
  }

  /** Asks for what follows the last contiguous seq, once at a time, until lastSeq is held (paged resume). */
  catchUp() {
    if (this.ready && !this.resumeInFlight && this.held < this.serverLastSeq) this.resume(this.held);
  }

  /**
   * On one socket, message frames come in seq order: live ones ascending, and a resume's answer as one
   * ascending run from after its `afterSeq` (it may go back below the live frames once, to its start).
   */
  checkWireOrder(seq) {
    if (seq > this.wireLast) {
      this.wireLast = seq;
      return;
    }
    if (this.resumeInFlight && !this.answerStarted && seq > this.resumeAfter) {
      this.answerStarted = true;
      this.wireLast = seq;
      return;
    }
    this.stats.out_of_order_frames += 1;
    this.problem(`seq ${seq} arrived after seq ${this.wireLast} on the same socket`, "out_of_order");
  }

  resume(afterSeq) {
    this.resumeAfter = afterSeq;
    this.answerStarted = false;
    this.resumeInFlight = true;
    this.resumeHeldAt = this.held;
    this.stats.resumes += 1;
    this.ws.send(JSON.stringify({ type: "resume", afterSeq }));
  }

  /**
   * A resume after `held` answered, yet brought neither `held + 1` nor anything new: the server has no
   * message at those seqs. The client moves past them to the next seq it holds (so it cannot spin on
   * resume); the final read-back counts such holes and fails the run on them.
   */
  skipHole() {
    let next = Infinity;
    for (const seq of this.bySeq.keys()) if (seq > this.held && seq < next) next = seq;
    if (next === Infinity) return false;
    this.stats.seq_holes_skipped += next - this.held - 1;
    this.held = next;
    while (this.bySeq.has(this.held + 1)) this.held += 1;
    return true;
  }

  /** Places a stored message at its seq; the same seq twice must carry the same id, an id must have one seq. */
  hold(seq, id, how) {
    const known = this.bySeq.get(seq);
    if (known !== undefined) {
      if (known !== id) this.problem(`seq ${seq} came as ${known} and as ${id}`, "mismatched");
      else if (how === "frame") this.stats.redelivered_frames += 1;
      return;
    }
    const at = this.seqOf.get(id);
    if (at !== undefined) {
      this.problem(`${id} came at seq ${at} and at seq ${seq}`, "duplicated");
      return;
    }
    this.bySeq.set(seq, id);
    this.seqOf.set(id, seq);
    if (how !== "ack" && parseChaosId(id)?.role === this.other) this.delivered += 1;
    while (this.bySeq.has(this.held + 1)) this.held += 1;
    if (seq > this.serverLastSeq) this.serverLastSeq = seq;
  }

  /** Moves due messages into the outbox and sends what the bucket allows on a ready socket. */
  pump(now) {
    while (this.generated < this.count && now >= this.startAt + this.generated * this.everyMs) {
      this.outbox.push({ id: chaosId(this.conv, this.role, this.generated), gen: 0, sends: 0 });
      this.generated += 1;
    }
    if (!this.ready || now < this.pausedUntil) return;
    this.tokens = Math.min(SEND_BURST, this.tokens + ((now - this.tokensAt) * SEND_PER_S) / 1000);
    this.tokensAt = now;
    for (const entry of this.outbox) {
      if (this.tokens < 1) break;
      if (entry.gen === this.gen) continue;
      entry.gen = this.gen;
      if (entry.sends++ > 0) this.stats.resends += 1;
      else this.sentIds += 1;
      this.tokens -= 1;
      this.ws.send(`{"type":"message","id":"${entry.id}","text":"chaos ${entry.id}"}`);
    }
  }

  get done() {
    return this.generated === this.count && this.outbox.length === 0;
  }

  problem(text, kind = "other") {
    this.stats.problems[kind] = (this.stats.problems[kind] ?? 0) + 1;
    if (this.problems.length < 50) this.problems.push(`conversation ${this.conv} ${this.role}: ${text}`);
  }

  stop() {
    this.stopped = true;
    this.ws?.terminate();
  }
}
