// The `metrics` section's seed: a million dashboard events and 100,000 contacts over two years, made by a
// seeded generator (the same parameters give the same events, so a cached state is regenerated in memory to
// check answers against), written into D1 as plain SQL in large transactions, through metric_events so the
// migration's trigger builds the day sums as it does for live events.
import { performance } from "node:perf_hooks";
import { round } from "./lib/stats.mjs";

const DAY_MS = 86_400_000;
/** The widget's page-view bucket (protocol/metrics.ts VISITOR_SEEN_BUCKET_MS): one visitor_seen per visitor and quarter hour. */
export const QUARTER_MS = 15 * 60_000;
export const KINDS = ["visitor_seen", "takeover", "live_accepted", "video_accepted", "call_held", "offline_message", "contact_converted", "appointment_booked"];
const K = Object.fromEntries(KINDS.map((k, i) => [k, i]));
/** How the events other than page views and conversions split (shares of what is left); page views take the rest. */
const MIX = { live_accepted: 0.03, takeover: 0.025, offline_message: 0.035, appointment_booked: 0.012, video_accepted: 0.01, call_held: 0.008 };
/** Sessions of 1, 2, 3 or 4 quarter hours (a visitor reading several pages), and how often a session is a returning visitor's. */
const SESSION_QUARTERS = [0.5, 0.25, 0.15, 0.1];
const RETURNING = 0.25;
/** The interfaces' shares of the traffic (the bench makes as many interfaces as there are shares). */
export const INTERFACE_SHARES = [0.45, 0.3, 0.15, 0.1];

/** mulberry32: a small, fast seeded generator. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted(rand, weights) {
  let u = rand();
  for (let k = 0; k < weights.length; k++) {
    u -= weights[k];
    if (u < 0) return k;
  }
  return weights.length - 1;
}

/**
 * The events of `params` ({ events, contacts, days, endMs, seed }), oldest first, as parallel arrays (a million
 * objects would cost ten times the memory): `at`, `kind` (index in KINDS), `iface` (index in the interfaces),
 * `visitor` (number), `ref` (the event's own number: conversation, call, thread, contact or appointment), and the
 * contacts as `contactVisitor` / `contactAt` / `contactIface` by contact number.
 */
export function generate({ events: total, contacts, days, endMs, seed }) {
  const rand = random(seed);
  const startMs = endMs - days * DAY_MS;
  // Traffic grows over the two years, is lighter at weekends and follows European working hours.
  const weight = (t) => {
    const d = new Date(t);
    const growth = 0.5 + (t - startMs) / (endMs - startMs);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.6 : 1;
    const h = d.getUTCHours() + d.getUTCMinutes() / 60;
    const daily = 0.15 + Math.exp(-((h - 13) ** 2) / 18);
    return (growth * weekend * daily) / 1.5 / 1.15;
  };
  const sampleTime = () => {
    for (;;) {
      const t = startMs + Math.floor(rand() * (endMs - startMs));
      if (rand() < weight(t)) return t;
    }
  };
  const counts = { contact_converted: contacts };
  const rest = total - contacts;
  let others = 0;
  for (const [kind, share] of Object.entries(MIX)) others += counts[kind] = Math.round(rest * share);
  counts.visitor_seen = rest - others;

  const n = total;
  const at = new Float64Array(n);
  const kind = new Uint8Array(n);
  const iface = new Uint8Array(n);
  const visitor = new Int32Array(n);
  const ref = new Int32Array(n);
  let e = 0;
  const push = (t, k, i, v, r) => {
    at[e] = t;
    kind[e] = k;
    iface[e] = i;
    visitor[e] = v;
    ref[e] = r;
    e += 1;
  };

  // Page views, as sessions: a visitor (new, or one seen before), a start, one to four quarter hours in a row.
  const visitorIface = [];
  const visitorFirstAt = [];
  const sessions = { at: [], visitor: [] };
  const seenQuarters = new Set();
  const firstQuarter = Math.floor(startMs / QUARTER_MS);
  let seen = 0;
  while (seen < counts.visitor_seen) {
    const t = sampleTime();
    let v;
    if (visitorIface.length > 0 && rand() < RETURNING) v = Math.floor(rand() * visitorIface.length);
    else {
      v = visitorIface.length;
      visitorIface.push(pickWeighted(rand, INTERFACE_SHARES));
      visitorFirstAt.push(t);
    }
    if (t < visitorFirstAt[v]) visitorFirstAt[v] = t;
    sessions.at.push(t);
    sessions.visitor.push(v);
    const quarters = 1 + pickWeighted(rand, SESSION_QUARTERS);
    for (let j = 0; j < quarters && seen < counts.visitor_seen; j++) {
      const q = Math.floor(t / QUARTER_MS) + j;
      const when = j === 0 ? t : q * QUARTER_MS + Math.floor(rand() * QUARTER_MS);
      if (when >= endMs) break;
      // One event per visitor and quarter hour, as the widget writes them.
      const key = v * 131_072 + (q - firstQuarter);
      if (seenQuarters.has(key)) continue;
      seenQuarters.add(key);
      push(when, K.visitor_seen, visitorIface[v], v, q);
      seen += 1;
    }
  }
  if (visitorIface.length < contacts) throw new Error(`the seed made ${visitorIface.length} visitors, fewer than the ${contacts} contacts`);

  // Conversions: distinct visitors (a partial shuffle), each a few minutes after their first page view.
  const order = Int32Array.from({ length: visitorIface.length }, (_, k) => k);
  const contactVisitor = new Int32Array(contacts);
  const contactAt = new Float64Array(contacts);
  const contactIface = new Uint8Array(contacts);
  for (let c = 0; c < contacts; c++) {
    const j = c + Math.floor(rand() * (order.length - c));
    [order[c], order[j]] = [order[j], order[c]];
    const v = order[c];
    const t = Math.min(endMs - 1, visitorFirstAt[v] + Math.floor(rand() * 20 * 60_000));
    contactVisitor[c] = v;
    contactAt[c] = t;
    contactIface[c] = visitorIface[v];
    push(t, K.contact_converted, visitorIface[v], v, c);
  }

  // Chats, forms and bookings: during a random session, a few minutes in; a call held follows an accepted video request.
  const duringSession = () => {
    const s = Math.floor(rand() * sessions.at.length);
    const v = sessions.visitor[s];
    return { t: Math.min(endMs - 1, sessions.at[s] + Math.floor(rand() * 10 * 60_000)), v, i: visitorIface[v] };
  };
  const videos = [];
  for (const name of ["takeover", "live_accepted", "video_accepted", "offline_message", "appointment_booked"]) {
    for (let r = 0; r < counts[name]; r++) {
      const { t, v, i } = duringSession();
      if (name === "video_accepted") videos.push(e);
      push(t, K[name], i, v, r);
    }
  }
  for (let r = 0; r < counts.call_held; r++) {
    const video = videos[r % videos.length];
    push(Math.min(endMs - 1, at[video] + 60_000 + Math.floor(rand() * 4 * 60_000)), K.call_held, iface[video], visitor[video], r);
  }
  if (e !== n) throw new Error(`the seed made ${e} events instead of ${n}`);

  // Oldest first, as events arrive.
  const sorted = Int32Array.from({ length: n }, (_, k) => k).sort((x, y) => at[x] - at[y] || x - y);
  const pick = (arr, Type) => Type.from(sorted, (k) => arr[k]);
  return {
    startMs,
    endMs,
    counts,
    visitors: visitorIface.length,
    at: pick(at, Float64Array),
    kind: pick(kind, Uint8Array),
    iface: pick(iface, Uint8Array),
    visitor: pick(visitor, Int32Array),
    ref: pick(ref, Int32Array),
    contactVisitor,
    contactAt,
    contactIface,
    visitorFirstAt,
  };
}

const visitorId = (v) => `bv${v}`;
const contactId = (c) => `bc${c}`;

/** Each event's id, in the format of worker/src/metrics/events.ts `metricEventId`. */
function eventId(seed, k) {
  const r = seed.ref[k];
  switch (KINDS[seed.kind[k]]) {
    case "visitor_seen":
      return `seen:${visitorId(seed.visitor[k])}:${r}`;
    case "takeover":
    case "live_accepted":
    case "video_accepted":
      return `response:bconv-${seed.kind[k]}-${r}:${seed.at[k]}`;
    case "call_held":
      return `call:bcall${r}`;
    case "offline_message":
      return `offline:bthread${r}`;
    case "contact_converted":
      return `contact:${contactId(r)}`;
    default:
      return `appointment:bappt${r}`;
  }
}

const q = (s) => (s === null ? "NULL" : `'${String(s).replace(/'/g, "''")}'`);

/** Multi-row INSERTs of `rows` row texts, `perStatement` a statement. */
function inserts(head, rows, perStatement) {
  const out = [];
  for (let k = 0; k < rows.length; k += perStatement) out.push(`${head} VALUES ${rows.slice(k, k + perStatement).join(",")}`);
  return out;
}

/**
 * Writes the seed into D1 (`db`, a D1 binding on the running server) in transactions of `perBatch` rows
 * (`db.batch` is one transaction), events oldest first through metric_events, then each contact with its visitor.
 * `interfaceIds[k]` is interface k. Answers the rates.
 */
export async function writeSeed(db, seed, { workspaceId, interfaceIds, agentId, perStatement = 400, perBatch = 20_000, log }) {
  const t0 = performance.now();
  const n = seed.at.length;
  let lastLog = t0;
  for (let from = 0; from < n; from += perBatch) {
    const rows = [];
    for (let k = from; k < Math.min(n, from + perBatch); k++) {
      rows.push(`(${q(eventId(seed, k))},${q(workspaceId)},${q(interfaceIds[seed.iface[k]])},'${KINDS[seed.kind[k]]}',${seed.at[k]},${q(visitorId(seed.visitor[k]))})`);
    }
    await db.batch(inserts("INSERT INTO metric_events (id, workspace_id, interface_id, kind, at, visitor_id)", rows, perStatement).map((sql) => db.prepare(sql)));
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`metrics: ${(from + rows.length).toLocaleString("en")} of ${n.toLocaleString("en")} events written (${Math.round((from + rows.length) / ((lastLog - t0) / 1000)).toLocaleString("en")}/s)`);
    }
  }
  const eventsS = (performance.now() - t0) / 1000;

  // The contacts, each with the visitor it was made from (numbered after the workspace's last visitor).
  const t1 = performance.now();
  const { results } = await db.prepare(`SELECT last_visitor_number AS last FROM workspaces WHERE id = ${q(workspaceId)}`).all();
  const firstNumber = Number(results[0]?.last ?? 0) + 1;
  const contacts = seed.contactVisitor.length;
  const perContactBatch = Math.floor(perBatch / 3);
  for (let from = 0; from < contacts; from += perContactBatch) {
    const v = [];
    const c = [];
    const link = [];
    for (let k = from; k < Math.min(contacts, from + perContactBatch); k++) {
      const vid = visitorId(seed.contactVisitor[k]);
      const iid = q(interfaceIds[seed.contactIface[k]]);
      const t = seed.contactAt[k];
      const name = q(`Bench Contact ${k}`);
      const email = q(`contact${k}@bench.example`);
      v.push(`(${q(vid)},${q(workspaceId)},${iid},${firstNumber + k},${name},${email},${seed.visitorFirstAt[seed.contactVisitor[k]]},${t})`);
      c.push(`(${q(contactId(k))},${q(workspaceId)},${q(vid)},${iid},${name},${email},'{}',${q(agentId)},${t},${t},${t})`);
      link.push(`(${q(workspaceId)},${q(contactId(k))},${q(vid)},${t})`);
    }
    await db.batch(
      [
        ...inserts("INSERT INTO visitors (id, workspace_id, interface_id, number, name, email, first_seen_at, last_seen_at)", v, perStatement),
        ...inserts("INSERT INTO contacts (id, workspace_id, visitor_id, interface_id, name, email, custom_fields, created_by, created_at, updated_at, last_activity_at)", c, perStatement),
        ...inserts("INSERT INTO contact_visitors (workspace_id, contact_id, visitor_id, created_at)", link, perStatement),
      ].map((sql) => db.prepare(sql)),
    );
  }
  await db.prepare(`UPDATE workspaces SET last_visitor_number = ${firstNumber + contacts - 1} WHERE id = ${q(workspaceId)}`).run();
  const contactsS = (performance.now() - t1) / 1000;
  return {
    events: n,
    events_s: round(eventsS, 1),
    events_per_s: Math.round(n / eventsS),
    contacts,
    contacts_s: round(contactsS, 1),
    contacts_per_s: Math.round(contacts / contactsS),
    rows_per_transaction: perBatch,
    rows_per_statement: perStatement,
  };
}
