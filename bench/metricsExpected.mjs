// What GET /api/metrics must answer for the generated seed, counted here without the server's tables: each
// event's day read with Intl in the zone asked (every zone's clock changes fall on a quarter hour, so one
// reading per quarter hour is exact), distinct visitors per interface and day, then any range's sums.
import { KINDS, QUARTER_MS } from "./metricsSeed.mjs";

const FIELDS = ["visitors", "contacts", "responses", "liveChats", "videoChats", "takeovers", "callsHeld", "offlineMessages", "appointments"];
/** The answer's field each kind adds to (visitor_seen: counted by distinct visitors instead). */
const FIELD_OF = { contact_converted: "contacts", live_accepted: "liveChats", video_accepted: "videoChats", takeover: "takeovers", call_held: "callsHeld", offline_message: "offlineMessages", appointment_booked: "appointments" };
const RESPONSES = new Set(["takeover", "live_accepted", "video_accepted"]);

/** `YYYY-MM-DD` of `ms` in `timeZone`. */
export function dayIn(timeZone) {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const byQuarter = new Map();
  return (ms) => {
    const quarter = Math.floor(ms / QUARTER_MS);
    let day = byQuarter.get(quarter);
    if (day === undefined) {
      day = format.format(new Date(quarter * QUARTER_MS));
      byQuarter.set(quarter, day);
    }
    return day;
  };
}

/** The day `n` days after `day` (negative: before). */
export function addDays(day, n) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

const empty = () => Object.fromEntries(FIELDS.map((f) => [f, 0]));

/**
 * The seed's sums per day and interface in `timeZone`: `get(day, interfaceIndex | null)`, and `answer(from, to,
 * interfaceIndex | null)` shaped as the route's days, totals and average.
 */
export function expectedIn(seed, timeZone, interfaceCount) {
  const dayOf = dayIn(timeZone);
  /** day → one sums object per interface. */
  const byDay = new Map();
  const seen = new Set();
  for (let k = 0; k < seed.at.length; k++) {
    const day = dayOf(seed.at[k]);
    const i = seed.iface[k];
    let row = byDay.get(day);
    if (!row) byDay.set(day, (row = Array.from({ length: interfaceCount }, empty)));
    const kind = KINDS[seed.kind[k]];
    if (kind === "visitor_seen") {
      // A visitor counts once per interface and day (each visitor has one interface).
      const key = `${day}|${seed.visitor[k]}`;
      if (!seen.has(key)) {
        seen.add(key);
        row[i].visitors += 1;
      }
      continue;
    }
    row[i][FIELD_OF[kind]] += 1;
    if (RESPONSES.has(kind)) row[i].responses += 1;
  }
  const get = (day, i) => {
    const row = byDay.get(day);
    const sums = empty();
    if (!row) return sums;
    for (let k = 0; k < interfaceCount; k++) if (i === null || i === k) for (const f of FIELDS) sums[f] += row[k][f];
    return sums;
  };
  const answer = (from, to, i) => {
    const days = [];
    for (let day = from; day <= to; day = addDays(day, 1)) days.push({ day, ...get(day, i) });
    const totals = empty();
    for (const d of days) for (const f of FIELDS) totals[f] += d[f];
    return { from, to, days, totals, averageResponsesPerDay: Math.round((totals.responses / days.length) * 10) / 10 };
  };
  return { today: () => dayOf(Date.now()), answer, get };
}

/** Where a route's answer differs from the expected one: a short list of texts, empty when it is right. */
export function differences(body, want, { timeZone, interfaceId }) {
  const out = [];
  if (!body || !Array.isArray(body.days)) return [`no days in the answer: ${JSON.stringify(body).slice(0, 200)}`];
  if (body.timeZone !== timeZone) out.push(`timeZone ${body.timeZone}, expected ${timeZone}`);
  if (body.from !== want.from || body.to !== want.to) out.push(`range ${body.from}…${body.to}, expected ${want.from}…${want.to}`);
  if ((body.interfaceId ?? null) !== (interfaceId ?? null)) out.push(`interfaceId ${body.interfaceId}, expected ${interfaceId}`);
  if (body.rebuild !== null) out.push(`a rebuild still named: ${JSON.stringify(body.rebuild)}`);
  if (body.days.length !== want.days.length) out.push(`${body.days.length} days, expected ${want.days.length}`);
  for (let k = 0; k < Math.min(body.days.length, want.days.length) && out.length < 8; k++) {
    const got = body.days[k];
    const exp = want.days[k];
    const wrong = ["day", ...FIELDS].filter((f) => got[f] !== exp[f]);
    if (wrong.length) out.push(`day ${exp.day}: ${wrong.map((f) => `${f} ${got[f]} (expected ${exp[f]})`).join(", ")}`);
  }
  const wrongTotals = FIELDS.filter((f) => body.totals?.[f] !== want.totals[f]);
  if (wrongTotals.length) out.push(`totals: ${wrongTotals.map((f) => `${f} ${body.totals?.[f]} (expected ${want.totals[f]})`).join(", ")}`);
  if (Math.abs(body.averageResponsesPerDay - want.averageResponsesPerDay) > 1e-9) out.push(`averageResponsesPerDay ${body.averageResponsesPerDay}, expected ${want.averageResponsesPerDay}`);
  return out;
}
