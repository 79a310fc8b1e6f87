// The HTTP side of the chaos and race runs: the real endpoints a widget and a console call (visitor
// session, conversation, login, assign, accept, interface and flow), with 429s waited out politely.
import WebSocket from "ws";
import { DEMO_ADMIN } from "../scripts/seed.mjs";
import { sleep } from "./lib/stats.mjs";

export const DEMO_AGENT = { email: "agent@raibu.local", password: "raibu-agent" };
const MAX_429_WAITS = 20;

/** One request with the console's or the widget's headers; answers `{ status, body }` (never throws on an HTTP error). */
export async function api(base, method, path, { body, cookie, bearer, timeoutMs = 30_000 } = {}) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Origin: base, ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...(cookie ? { Cookie: cookie } : {}), ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { raw: text.slice(0, 300) };
    }
    // Rate limited: wait what the server asks (or a second), as the widget does, then try again.
    if (res.status === 429 && attempt < MAX_429_WAITS) {
      await sleep(Math.max(200, Number(res.headers.get("Retry-After") ?? 1) * 1000));
      continue;
    }
    return { status: res.status, body: json, headers: res.headers };
  }
}

/** Like `api`, but an HTTP error is an exception naming the route. */
export async function apiOk(base, method, path, options) {
  const res = await api(base, method, path, options);
  if (res.status < 200 || res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res;
}

/** Signs a console user in; returns their session cookie and user id. */
export async function login(base, { email, password }) {
  const res = await apiOk(base, "POST", "/api/auth/login", { body: { email, password } });
  const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  if (!cookie.includes("=")) throw new Error(`login of ${email} gave no session cookie`);
  return { cookie, id: res.body.id ?? res.body.user?.id, name: res.body.name ?? res.body.user?.name, email };
}

export const loginAdmin = (base) => login(base, DEMO_ADMIN);
export const loginAgent = (base) => login(base, DEMO_AGENT);

/** A visitor's page view on `interfaceId` (no conversation yet), then the widget's open: it starts the conversation, and asking again answers the same one. */
export async function visitorSession(base, interfaceId, i) {
  const { body: s } = await apiOk(base, "POST", "/api/widget/session", {
    body: { interfaceId, hostOrigin: base, page: { url: `${base}/demo`, title: `chaos ${i}` } },
  });
  if (s.conversationId !== null) throw new Error(`a page view started conversation ${s.conversationId}`);
  const { body: conv } = await apiOk(base, "POST", "/api/widget/conversations", { bearer: s.visitorToken });
  const { body: again } = await apiOk(base, "POST", "/api/widget/conversations", { bearer: s.visitorToken });
  if (again.conversationId !== conv.conversationId) throw new Error(`the open conversation changed: ${conv.conversationId} → ${again.conversationId}`);
  return { visitorToken: s.visitorToken, visitorId: s.visitorId, conversationId: conv.conversationId };
}

export function visitorEndpoint(base, session) {
  const ws = base.replace(/^http/, "ws");
  return { url: `${ws}/ws/visitor?token=${encodeURIComponent(session.visitorToken)}&conversation=${session.conversationId}`, headers: { Origin: base } };
}

export function agentEndpoint(base, conversationId, cookie) {
  return { url: `${base.replace(/^http/, "ws")}/ws/conversations/${conversationId}`, headers: { Origin: base, Cookie: cookie } };
}

/**
 * Opens a socket and resolves once its welcome arrived, with the welcome and a queue of the frames
 * after it (`next(predicate, ms)` waits for one). For the race runs and the final read-back.
 */
export function openFrames(endpoint, { timeoutMs = 20_000 } = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(endpoint.url, { headers: endpoint.headers, perMessageDeflate: false });
    const frames = [];
    let waiter = null;
    let welcomed = false;
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no welcome within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on("unexpected-response", (_req, res) => {
      clearTimeout(timer);
      reject(new Error(`upgrade refused ${res.statusCode}`));
    });
    ws.on("error", (err) => !welcomed && (clearTimeout(timer), reject(err)));
    ws.on("close", (code) => {
      if (!welcomed) {
        clearTimeout(timer);
        reject(new Error(`closed before welcome (${code})`));
      }
      frames.push({ type: "_closed", code });
      waiter?.();
    });
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString());
      Object.defineProperty(frame, "receivedAt", { value: Date.now() });
      if (!welcomed && frame.type === "welcome") {
        welcomed = true;
        clearTimeout(timer);
        return resolve({ welcome: frame, send: (f) => ws.send(JSON.stringify(f)), close: () => ws.terminate(), next });
      }
      frames.push(frame);
      waiter?.();
    });
    /** The first queued frame matching `predicate` (frames before it are dropped); null after `ms`. */
    async function next(predicate, ms = 10_000) {
      const until = Date.now() + ms;
      for (;;) {
        const i = frames.findIndex(predicate);
        if (i >= 0) return frames.splice(0, i + 1).at(-1);
        if (frames.some((f) => f.type === "_closed") || Date.now() >= until) return null;
        await new Promise((r) => {
          waiter = r;
          setTimeout(r, Math.max(1, until - Date.now()));
        });
        waiter = null;
      }
    }
  });
}

/**
 * Every stored message of a conversation, read back as a console would on a fresh socket: `resume`
 * from seq 0, then from the last seq held, page by page, until it holds the `lastSeq` the state frame
 * names. Returns `{ messages, lastSeq, held, pages, holes, stalled }`: `holes`, seqs below lastSeq no page
 * brought (the next page went on after them); `stalled`, a page brought nothing at all.
 */
export async function readBack(endpoint, { maxPages = 1000 } = {}) {
  const sock = await openFrames(endpoint);
  try {
    const bySeq = new Map();
    let held = 0;
    let lastSeq = sock.welcome.conversation.lastSeq;
    let pages = 0;
    let stalled = false;
    const holes = [];
    while (held < lastSeq && pages < maxPages) {
      sock.send({ type: "resume", afterSeq: held });
      pages += 1;
      const before = held;
      for (;;) {
        const frame = await sock.next((f) => f.type === "message" || f.type === "state" || f.type === "error" || f.type === "_closed", 20_000);
        if (!frame || frame.type === "_closed") throw new Error(`read-back socket closed or silent after seq ${held}`);
        if (frame.type === "error") {
          if (frame.code === "rate_limited") await sleep(frame.retryAfterMs ?? 1000);
          else throw new Error(`read-back error ${frame.code}: ${frame.message}`);
          break;
        }
        if (frame.type === "state") {
          lastSeq = frame.conversation.lastSeq;
          break;
        }
        const m = frame.message;
        if (bySeq.has(m.seq) && bySeq.get(m.seq).id !== m.id) throw new Error(`seq ${m.seq} read back as two ids`);
        bySeq.set(m.seq, m);
        while (bySeq.has(held + 1)) held += 1;
      }
      if (held === before && held < lastSeq) {
        // Nothing at held + 1: a hole in the seqs. Note it and go on from the next seq held, if any.
        const next = Math.min(...[...bySeq.keys()].filter((seq) => seq > held));
        if (next === Infinity) {
          stalled = true;
          break;
        }
        for (let seq = held + 1; seq < next; seq++) holes.push(seq);
        held = next;
        while (bySeq.has(held + 1)) held += 1;
      }
    }
    return { messages: [...bySeq.values()].sort((a, b) => a.seq - b.seq), lastSeq, held, pages, stalled, holes };
  } finally {
    sock.close();
  }
}
