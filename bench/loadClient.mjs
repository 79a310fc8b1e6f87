// The one load client for every system: opens visitor/agent socket pairs, offers messages open-loop, counts every id.
import { performance } from "node:perf_hooks";
import { io } from "socket.io-client";
import WebSocket from "ws";
import { cpuMs, machineBusyMs } from "./lib/cpu.mjs";
import { mapLimit, percentile, round, sleep, withTimeout } from "./lib/stats.mjs";

const OPEN_TIMEOUT_MS = 20_000;
/** Upper bound on how many messages one phase may plan (bounds memory and time). */
const MAX_PHASE_MESSAGES = 200_000;

/** Ids look like `B003_00012345`: phase 3, message 12345 (8–64 chars of [A-Za-z0-9_-]). */
const MAX_PHASES = 1000;
const messageId = (phase, n) => `B${String(phase).padStart(3, "0")}_${String(n).padStart(8, "0")}`;
function parseId(id) {
  if (typeof id !== "string" || id.length !== 13 || id[0] !== "B" || id[4] !== "_") return null;
  return { phase: Number(id.slice(1, 4)), n: Number(id.slice(5)) };
}

// ---- Wires: how a socket is opened and how a message goes out and comes back ----

/** Raw WebSocket with Raibu's frames: sends {type:"message",id,text}; reads {type:"message",message:{id,text}}. */
function openRaw(endpoint, handlers) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(endpoint.url, { headers: endpoint.headers ?? {}, perMessageDeflate: false });
    let ready = false;
    const fail = (err) => {
      if (ready) return;
      ready = true;
      ws.terminate();
      reject(err);
    };
    ws.on("unexpected-response", (_req, res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => fail(new Error(`upgrade refused ${res.statusCode}: ${body.slice(0, 300)}`)));
    });
    ws.on("error", (err) => (ready ? handlers.onError(err) : fail(err)));
    ws.on("close", (code) => (ready ? handlers.onClose(code) : fail(new Error(`closed before welcome (${code})`))));
    ws.on("message", (data) => {
      const text = data.toString();
      if (!ready) {
        if (!text.startsWith('{"type":"welcome"')) return fail(new Error(`first frame is not welcome: ${text.slice(0, 200)}`));
        ready = true;
        return resolve({
          send: (id, body) => ws.send(`{"type":"message","id":"${id}","text":"${body}"}`),
          close: () => ws.terminate(),
        });
      }
      let frame;
      try {
        frame = JSON.parse(text);
      } catch {
        return handlers.onError(new Error("non-JSON frame"));
      }
      if (frame.type === "message" && frame.message) handlers.onMessage(frame.message.id, frame.message.text);
      else if (frame.type === "ack") handlers.onAck(frame.id);
      else if (frame.type === "error") handlers.onServerError(frame);
    });
  });
}

/** Socket.IO (websocket transport): emits "message" {id,text}; reads "message" {id,text}. */
function openSocketIo(endpoint, handlers) {
  return new Promise((resolve, reject) => {
    const socket = io(endpoint.url, { transports: ["websocket"], forceNew: true, reconnection: false, query: endpoint.query, timeout: OPEN_TIMEOUT_MS });
    let ready = false;
    socket.on("connect_error", (err) => {
      if (!ready) {
        ready = true;
        socket.close();
        reject(err);
      } else handlers.onError(err);
    });
    socket.on("disconnect", (reason) => ready && handlers.onClose(reason));
    socket.on("message", (m) => handlers.onMessage(m?.id, m?.text));
    socket.once("welcome", () => {
      ready = true;
      resolve({ send: (id, text) => socket.emit("message", { id, text }), close: () => socket.close() });
    });
  });
}

const WIRES = { raw: openRaw, socketio: openSocketIo };

// ---- One measured phase ----

class Phase {
  constructor(index, name, { rate, durationMs, conversations }) {
    this.index = index;
    this.name = name;
    this.rate = rate;
    this.durationMs = durationMs;
    this.conversations = conversations;
    this.planned = Math.round((rate * durationMs) / 1000);
    if (this.planned > MAX_PHASE_MESSAGES) throw new Error(`phase ${name} plans ${this.planned} messages (max ${MAX_PHASE_MESSAGES})`);
    this.sendT = new Float64Array(this.planned);
    this.conv = new Int32Array(this.planned);
    this.got = new Uint8Array(this.planned);
    this.acked = new Uint8Array(this.planned);
    this.latencies = new Float64Array(this.planned);
    this.sent = 0;
    this.received = 0;
    this.duplicated = 0;
    this.misrouted = 0;
    this.badTimestamp = 0;
    this.ackCount = 0;
    this.start = 0;
    this.sendEnd = 0;
    this.lastRecv = 0;
    this.maxLagMs = 0;
  }
}

export class LoadClient {
  /** `serverPids()` lists the processes whose CPU time each phase reports (the system under test). */
  constructor({ serverPids = () => [] } = {}) {
    this.serverPids = serverPids;
    this.pairs = [];
    this.phases = [];
    this.unexpected = 0; // our id format, but never sent (or of an unknown phase)
    this.serverErrors = [];
    /** Sockets the server (or the network) closed during the run, by close code. */
    this.closeCodes = {};
    this.socketErrors = 0;
    this.closedDuringRun = 0;
  }

  /** Opens one agent then one visitor socket per conversation (agent first, so nothing is missed). */
  async open(wire, endpoints, { concurrency = 16, timeoutMs = 120_000 } = {}) {
    const openWire = WIRES[wire];
    if (!openWire) throw new Error(`unknown wire ${wire}`);
    const started = performance.now();
    const opening = mapLimit(endpoints, concurrency, async (endpoint, conv) => {
      const agent = await withTimeout(openWire(endpoint.agent, this.#handlers(conv, "agent")), OPEN_TIMEOUT_MS, `agent socket ${conv}`);
      const visitor = await withTimeout(openWire(endpoint.visitor, this.#handlers(conv, "visitor")), OPEN_TIMEOUT_MS, `visitor socket ${conv}`);
      return { agent, visitor };
    });
    this.pairs = await withTimeout(opening, timeoutMs, `opening ${endpoints.length} socket pairs`);
    return { pairs: this.pairs.length, open_s: round((performance.now() - started) / 1000, 1) };
  }

  #handlers(conv, role) {
    return {
      onMessage: (id, text) => role === "agent" && this.#received(conv, id, text),
      onAck: (id) => this.#acked(id),
      onServerError: (frame) => this.serverErrors.length < 20 && this.serverErrors.push({ role, conv, code: frame.code, message: frame.message, id: frame.id }),
      onError: () => (this.socketErrors += 1),
      onClose: (code) => {
        if (this.closing) return;
        this.closedDuringRun += 1;
        this.closeCodes[code] = (this.closeCodes[code] ?? 0) + 1;
      },
    };
  }

  #received(conv, id, text) {
    const now = performance.now();
    const parsed = parseId(id);
    if (!parsed) return; // not ours (bot replies, system notices)
    const phase = this.phases[parsed.phase];
    if (!phase || parsed.n >= phase.sent) {
      this.unexpected += 1;
      return;
    }
    const n = parsed.n;
    if (phase.got[n]) {
      phase.duplicated += 1;
      return;
    }
    phase.got[n] = 1;
    phase.received += 1;
    phase.lastRecv = now;
    if (phase.conv[n] !== conv) phase.misrouted += 1;
    const sentAt = Number(text);
    if (!(Math.abs(sentAt - phase.sendT[n]) < 0.01)) phase.badTimestamp += 1;
    phase.latencies[phase.received - 1] = now - sentAt;
  }

  #acked(id) {
    const parsed = parseId(id);
    const phase = parsed && this.phases[parsed.phase];
    if (!phase || parsed.n >= phase.sent || phase.acked[parsed.n]) return;
    phase.acked[parsed.n] = 1;
    phase.ackCount += 1;
  }

  /**
   * Offers `rate` msgs/s for `durationMs`, round-robin over the first `conversations` pairs (open loop:
   * a slow system does not slow the sender), then waits up to `graceMs` for every message to arrive.
   */
  /** `offset`: the phase uses the conversations from there on (a fresh set, say, once a set has taken many messages). */
  async phase(name, { rate, durationMs, conversations, graceMs = 10_000, offset = 0 }) {
    if (offset + conversations > this.pairs.length) throw new Error(`phase ${name} wants ${conversations} conversations from ${offset}, ${this.pairs.length} open`);
    if (this.phases.length >= MAX_PHASES) throw new Error("too many phases for the id format");
    const phase = new Phase(this.phases.length, name, { rate, durationMs, conversations });
    this.phases.push(phase);
    const visitors = this.pairs.slice(offset, offset + conversations).map((p) => p.visitor);

    const pids = this.serverPids();
    const serverCpu0 = cpuMs(pids);
    const clientCpu0 = process.cpuUsage();
    const machineBusy0 = machineBusyMs();
    phase.start = performance.now();
    const hardStop = phase.start + durationMs * 2 + 2000; // bound in time even if the event loop starves
    let n = 0;
    while (n < phase.planned && performance.now() < hardStop) {
      const now = performance.now();
      const due = Math.min(phase.planned, Math.floor(((now - phase.start) * rate) / 1000));
      if (due > n) phase.maxLagMs = Math.max(phase.maxLagMs, now - (phase.start + (n * 1000) / rate));
      for (; n < due; n++) {
        const conv = n % conversations;
        const id = messageId(phase.index, n);
        const t = performance.now();
        phase.sendT[n] = t;
        phase.conv[n] = offset + conv;
        phase.sent = n + 1;
        visitors[conv].send(id, t.toFixed(3));
      }
      await sleep(1);
    }
    phase.sendEnd = performance.now();

    const drainStart = performance.now();
    while (phase.received < phase.sent && performance.now() - drainStart < graceMs) await sleep(10);
    // Late duplicates would show up right after the last message: give them a moment.
    await sleep(100);
    const clientCpu = process.cpuUsage(clientCpu0);
    phase.serverCpuMs = cpuMs(pids) - serverCpu0;
    phase.clientCpuMs = (clientCpu.user + clientCpu.system) / 1000;
    phase.otherCpuMs = Math.max(0, machineBusyMs() - machineBusy0 - phase.serverCpuMs - phase.clientCpuMs);
    phase.wallMs = performance.now() - phase.start;
    phase.drainMs = performance.now() - drainStart;
    phase.receivedAtDrain = phase.received;
    phase.summary = this.#summary(phase);
    return phase.summary;
  }

  /**
   * The final grace period: waits (up to `graceMs`) for messages still missing after their phase's drain,
   * then updates every phase summary in place. `late` = arrived after the phase's drain window; `lost` =
   * never arrived at all. Latency percentiles then include the late ones.
   */
  async finalize({ graceMs = 20_000 } = {}) {
    const missing = () => this.phases.reduce((n, p) => n + (p.sent - p.received), 0);
    const start = performance.now();
    while (missing() > 0 && performance.now() - start < graceMs) await sleep(50);
    await sleep(200);
    for (const phase of this.phases) Object.assign(phase.summary, this.#summary(phase));
    return { waited_ms: round(performance.now() - start, 0), still_missing: missing() };
  }

  #summary(phase) {
    const lat = phase.latencies.slice(0, phase.received).sort();
    const sendSeconds = (phase.sendEnd - phase.start) / 1000;
    const deliverSeconds = ((phase.lastRecv || phase.sendEnd) - phase.start) / 1000;
    let sum = 0;
    for (const v of lat) sum += v;
    return {
      phase: phase.name,
      offered_per_s: phase.rate,
      duration_s: phase.durationMs / 1000,
      conversations: phase.conversations,
      sent: phase.sent,
      planned: phase.planned,
      received: phase.received,
      acked: phase.ackCount,
      lost: phase.sent - phase.received,
      late: phase.received - phase.receivedAtDrain,
      unsent: phase.planned - phase.sent,
      duplicated: phase.duplicated,
      misrouted: phase.misrouted,
      bad_timestamps: phase.badTimestamp,
      send_rate_per_s: round(phase.sent / sendSeconds, 0),
      delivered_per_s: round(phase.received / deliverSeconds, 0),
      p50_ms: round(percentile(lat, 50), 2),
      p90_ms: round(percentile(lat, 90), 2),
      p99_ms: round(percentile(lat, 99), 2),
      max_ms: round(lat.length ? lat[lat.length - 1] : null, 2),
      mean_ms: round(lat.length ? sum / lat.length : null, 2),
      client_max_lag_ms: round(phase.maxLagMs, 1),
      drain_ms: round(phase.drainMs, 0),
      // CPU over the whole phase (sending + drain): server = the system's processes, client = this process.
      server_cpu_ms_per_msg: phase.received ? round(phase.serverCpuMs / phase.received, 3) : null,
      server_cpu_cores: round(phase.serverCpuMs / phase.wallMs, 2),
      client_cpu_ms_per_msg: phase.received ? round(phase.clientCpuMs / phase.received, 3) : null,
      // Everything else the machine ran meanwhile (kernel threads, other jobs): how noisy the phase was.
      other_cpu_cores: round(phase.otherCpuMs / phase.wallMs, 2),
    };
  }

  /** Totals over every phase run so far (warm-ups included): what the zero-loss assertion checks. */
  totals() {
    let sent = 0;
    let received = 0;
    let lost = 0;
    let late = 0;
    let duplicated = 0;
    let misrouted = 0;
    for (const p of this.phases) {
      sent += p.sent;
      received += p.received;
      lost += p.sent - p.received;
      late += p.received - p.receivedAtDrain;
      duplicated += p.duplicated;
      misrouted += p.misrouted;
    }
    return { sent, received, lost, late, duplicated, misrouted, unexpected: this.unexpected, server_errors: this.serverErrors, socket_errors: this.socketErrors, sockets_closed: this.closedDuringRun, close_codes: this.closeCodes };
  }

  async close() {
    this.closing = true;
    for (const { agent, visitor } of this.pairs) {
      visitor.close();
      agent.close();
    }
    this.pairs = [];
    await sleep(200);
  }
}
