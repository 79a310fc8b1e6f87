// Seeds the `inbox` section's offline threads through the real endpoints, as visitors make them: a widget
// session, its conversation, a live request with nobody online (the step sends to the offline form at once),
// then the form posted. Names, emails and texts come from small word lists, with rare words to search for.
import { performance } from "node:perf_hooks";
import { api, apiOk, openFrames, visitorEndpoint } from "./chaosApi.mjs";
import { mapLimit, percentile, round, sleep } from "./lib/stats.mjs";

const FIRST = ["Jeanne", "Louis", "Camille", "Hugo", "Léa", "Jules", "Chloé", "Lucas", "Manon", "Nathan", "Inès", "Gabriel", "Sarah", "Arthur", "Emma", "Paul", "Alice", "Tom", "Zoé", "Noah", "Maria", "Ahmed", "Yuki", "Olga", "Pedro", "Anna", "Liam", "Nora", "Omar", "Ines"];
const LAST = ["Moreau", "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand"];
const DOMAINS = ["example.com", "mail.example", "velo.example", "post.example", "inbox.example", "shop.example", "web.example"];
const WORDS = ["bike", "delivery", "order", "frame", "wheel", "price", "warranty", "repair", "saddle", "battery", "helmet", "size", "colour", "stock", "refund", "invoice", "shipping", "brake", "chain", "gear", "light", "lock", "basket", "tyre", "pedal", "electric", "cargo", "city", "folding", "trailer"];

/** Each run's server listens on a port of its own: the interfaces allow any. */
export const LOCAL_ORIGIN = "http://127.0.0.1:*";

/** The rare terms the measured searches look for, and how often the seed writes each (one thread in `every`). */
export const NEEDLES = {
  name: { term: "Zéphyrine", every: 500 },
  email: { term: "lyon-cycles", every: 700 },
  text: { term: "tandem", every: 300 },
};
/** Threads the seed stars (« suivi ») and marks read, through the console's PATCH: one in `every`. */
export const MARKS = { starredEvery: 50, readEvery: 10 };

/** The visitor of thread `i`: deterministic, so a cached seed and a fresh one look alike. */
export function seedVisitor(i) {
  const pick = (list, k) => list[(i * k + (i >> 3)) % list.length];
  const first = i % NEEDLES.name.every === 7 ? NEEDLES.name.term : pick(FIRST, 7);
  const last = pick(LAST, 13);
  const domain = i % NEEDLES.email.every === 11 ? `${NEEDLES.email.term}.example` : pick(DOMAINS, 3);
  const words = Array.from({ length: 12 }, (_, k) => WORDS[(i * (k + 3) + k * 7) % WORDS.length]);
  if (i % NEEDLES.text.every === 5) words.splice(6, 0, NEEDLES.text.term);
  const message = `Hello, ${words.slice(0, 6).join(" ")}? I would like to know about the ${words.slice(6).join(" ")}. Thanks (${i})`;
  return { name: `${first} ${last}`, email: `${first.toLowerCase().normalize("NFD").replace(/[^a-z]/g, "")}.${last.toLowerCase().normalize("NFD").replace(/[^a-z]/g, "")}${i}@${domain}`, phone: i % 4 === 0 ? `+33 6 ${String(10_000_000 + i).slice(-8)}` : "", message };
}

/** How many of the seeded threads (their indices) carry each needle, and are starred: what a search or filter may find at most. */
export function needleCounts(indices) {
  const c = { name: 0, email: 0, text: 0, starred: 0 };
  for (const i of indices) {
    if (i % NEEDLES.name.every === 7) c.name += 1;
    if (i % NEEDLES.email.every === 11) c.email += 1;
    if (i % NEEDLES.text.every === 5) c.text += 1;
    if (i % MARKS.starredEvery === 0) c.starred += 1;
  }
  return c;
}

/**
 * Two interfaces (English and French) whose Live chat step sends a visitor to the offline form at once when
 * nobody is online, asking name, email, phone and message. Answers their ids.
 */
export async function offlineInterfaces(base, admin) {
  const ids = [];
  for (const [name, language] of [
    ["Inbox bench EN", "en"],
    ["Inbox bench FR", "fr"],
  ]) {
    const { body: iface } = await apiOk(base, "POST", "/api/interfaces", { cookie: admin.cookie, body: { name, language, allowedOrigins: [LOCAL_ORIGIN] } });
    const { body: doc } = await apiOk(base, "GET", `/api/interfaces/${iface.id}/flow`, { cookie: admin.cookie });
    const flow = doc.draft;
    const live = flow.steps.filter((s) => s.kind === "live_chat");
    if (live.length === 0) throw new Error("the default flow has no Live chat step");
    for (const step of live) {
      Object.assign(step, {
        whenNobodyOnline: "offline_form",
        offlineForm: { enabled: true, fields: { name: { ask: true, required: false }, email: { ask: true, required: true }, phone: { ask: true, required: false }, message: { ask: true, required: true } } },
      });
    }
    await apiOk(base, "PUT", `/api/interfaces/${iface.id}/flow`, { cookie: admin.cookie, body: { flow } });
    await apiOk(base, "POST", `/api/interfaces/${iface.id}/flow/publish`, { cookie: admin.cookie });
    ids.push(iface.id);
  }
  return ids;
}

/** One thread as a visitor makes it. Answers the thread's id and how long it took. */
async function seedOne(base, interfaceId, i) {
  const t0 = performance.now();
  const { body: s } = await apiOk(base, "POST", "/api/widget/session", { body: { interfaceId, hostOrigin: base, page: { url: `${base}/demo/pricing`, title: `inbox ${i}` } } });
  const { body: conv } = await apiOk(base, "POST", "/api/widget/conversations", { bearer: s.visitorToken });
  const session = { visitorToken: s.visitorToken, conversationId: conv.conversationId };
  const sock = await openFrames(visitorEndpoint(base, session));
  try {
    if (sock.welcome.conversation.status !== "offline_form") {
      sock.send({ type: "request", kind: "live" });
      const frame = await sock.next((f) => (f.type === "state" && f.conversation.status === "offline_form") || f.type === "error", 20_000);
      if (frame?.type !== "state") throw new Error(`request in ${conv.conversationId}: ${frame ? `${frame.code}: ${frame.message}` : "no offline_form state within 20 s"}`);
    }
  } finally {
    sock.close();
  }
  const v = seedVisitor(i);
  const { body: sent } = await apiOk(base, "POST", `/api/widget/conversations/${conv.conversationId}/offline-form`, { bearer: s.visitorToken, body: { id: `inboxseed${i}`, ...v } });
  return { threadId: sent.threadId, ms: performance.now() - t0 };
}

/** The agent's marks the seed leaves: a thread starred, or read, through the console's PATCH. Null for most. */
export function seedMarks(i) {
  const patch = { ...(i % MARKS.starredEvery === 0 ? { starred: true } : {}), ...(i % MARKS.readEvery === 1 ? { unread: false } : {}) };
  return Object.keys(patch).length ? patch : null;
}

/** Puts the agent's marks on `threads` ([index, threadId] not marked yet), calling `record(i)` for each. */
export async function markThreads({ base, agent, threads, concurrency, record }) {
  const t0 = performance.now();
  const todo = threads.filter(([i]) => seedMarks(i));
  await mapLimit(todo, concurrency, async ([i, threadId]) => {
    await apiOk(base, "PATCH", `/api/offline/threads/${threadId}`, { cookie: agent.cookie, body: seedMarks(i) });
    record(i);
  });
  return { threads: todo.length, wall_s: round((performance.now() - t0) / 1000, 1) };
}

/**
 * Seeds every index of `indices` not yet in `done` with `concurrency` visitors at a time, calling
 * `record(i, threadId)` as each thread completes; a thread whose steps fail is made again from a new
 * session (at most `retries` times). Stops taking new indices at `stopAt` (performance.now()), if given;
 * `progress(rate)` hears the rate so far every 30 s.
 * Answers the seeding rate and its spread.
 */
export async function seedThreads({ base, interfaceIds, indices, concurrency, log, record, progress, stopAt = Infinity, retries = 3 }) {
  const t0 = performance.now();
  const times = [];
  let made = 0;
  let failures = 0;
  let lastLog = t0;
  let next = 0;
  const worker = async () => {
    while (next < indices.length && performance.now() < stopAt) {
      const i = indices[next++];
      for (let attempt = 0; ; attempt++) {
        try {
          const { threadId, ms } = await seedOne(base, interfaceIds[i % interfaceIds.length], i);
          times.push(ms);
          record(i, threadId);
          break;
        } catch (err) {
          failures += 1;
          if (attempt >= retries) throw new Error(`seeding thread ${i} failed ${attempt + 1} times; last: ${err.message ?? err}`);
          await sleep(500 * (attempt + 1));
        }
      }
      made += 1;
      const now = performance.now();
      if (now - lastLog > 30_000) {
        lastLog = now;
        log(`inbox: ${made} of ${indices.length} threads seeded in this run (${round(made / ((now - t0) / 1000), 1)} threads/s, ${failures} retried)`);
        progress?.({ threads: made, concurrency, wall_s: round((now - t0) / 1000, 1), threads_per_s: round(made / ((now - t0) / 1000), 1), retried: failures });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, indices.length) }, worker));
  const wallS = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return { threads: made, concurrency, wall_s: round(wallS, 1), threads_per_s: round(made / wallS, 1), per_thread_p50_ms: round(percentile(times, 50), 0), per_thread_p95_ms: round(percentile(times, 95), 0), retried: failures };
}

/** One page of the console's inbox list for `query` (a query string), as the agent's session reads it. */
export async function inboxPage(base, agent, query) {
  const res = await api(base, "GET", `/api/offline/threads${query ? `?${query}` : ""}`, { cookie: agent.cookie });
  if (res.status !== 200) throw new Error(`GET /api/offline/threads?${query} → ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
  return res.body;
}
