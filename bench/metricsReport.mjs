// The `metrics` section of RESULTS.md: the seed and how fast it went into D1, the dashboard API's timings next to
// GET /api/me in the seed's zone and after a time-zone change, and how long that change's rebuild took.

const LABELS = {
  default_week: "default week (the last 7 days, all interfaces)",
  range_365: "365 days, all interfaces",
  range_365_one_interface: "365 days, one interface (10 % of the traffic)",
};

const readsText = (what, r) => `\`${what}\` ${r.reads} reads, p50 ${r.p50_ms} ms, p95 ${r.p95_ms} ms, max ${r.max_ms} ms`;
/** When the dashboard reads sent during the rebuild came back: spread over it, or all together at its end. */
function answeredText(rb) {
  const during = (rb.metrics_timeline ?? []).filter(([sent]) => sent < rb.wall_s * 1000);
  if (during.length < 2) return "";
  const answered = during.map(([, at]) => at);
  return `The dashboard reads sent from ${during[0][0]} to ${during.at(-1)[0]} ms after the PATCH came back between ${Math.min(...answered)} and ${Math.max(...answered)} ms.\n`;
}

const n = (v) => (typeof v === "number" ? v.toLocaleString("en") : "–");

function queryRows(part, me) {
  const rows = ["| request | p50 | p95 | max | days | responses in the range | visitors (sum of the days') | p50 ÷ /api/me |", "|---|---|---|---|---|---|---|---|"];
  rows.push(`| baseline: \`GET /api/me\` | ${me.p50_ms} ms | ${me.p95_ms} ms | ${me.max_ms} ms | – | – | – | 1 |`);
  for (const [key, r] of Object.entries(part.queries)) {
    rows.push(`| ${LABELS[key] ?? key}: \`${r.path.replace(/interfaceId=[^&]+/, "interfaceId=…")}\` | ${r.p50_ms} ms | ${r.p95_ms} ms | ${r.max_ms} ms | ${r.days} | ${n(r.totals.responses)} | ${n(r.totals.visitors)} | ${r.p50_vs_me} |`);
  }
  return rows.join("\n");
}

export function metricsSection(result) {
  if (!result) return "";
  if (result.error) return `\n## Dashboard metrics at scale (metrics)\n\nRun of ${result.date} **failed to complete**: ${result.error.split("\n")[0]}\n`;
  const s = result.seed;
  const w = s.seeding;
  const rb = result.rebuild;
  const counts = Object.entries(s.counts)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${n(v)}`)
    .join(", ");
  const progress = rb.progress.map((p) => `${p.s} s: ${n(p.done)}`).join("; ");
  const problems = result.problems?.length ? `\n**Wrong answers** (the run fails on these):\n\n${result.problems.map((p) => `- ${p}`).join("\n")}\n` : "";
  return `
## Dashboard metrics at scale (run of ${result.date}, ${result.wall_s} s; alone: \`npm run bench -- --only=metrics\`)

${n(w.events)} events over ${result.params.days} days (${s.span.from.slice(0, 10)} → ${s.span.to.slice(0, 10)}), growing over the two years, lighter
at weekends, by kind: ${counts}; ${n(s.visitors)} visitors (a quarter of the sessions a returning visitor's, one to four quarter hours
each) on ${s.interfaces} interfaces (shares ${s.interface_shares.map((x) => `${x * 100} %`).join(", ")}), and ${n(w.contacts)} contacts, each with the visitor it was made from.
Written straight into the local D1 of the running server as SQL, ${n(w.rows_per_statement)} rows a statement and ${n(w.rows_per_transaction)} a
transaction, oldest first, through \`metric_events\` so migration 0017's trigger cut each day (in ${result.before.timeZone}) and kept the day sums
as it does for live events: **${n(w.events_per_s)} events/s** (${w.events_s} s), contacts ${n(w.contacts_per_s)}/s (${w.contacts_s} s), ${n(w.daily_rows)} day rows;
D1 ${s.d1_mb} MB. Seeded on ${w.date.slice(0, 16)}${s.from_cache ? `, taken from the cached state \`bench/.tmp/metrics-${s.cache_key}\` for this run` : " in this run"}.

Then, with an agent's session, ${result.params.requests} requests one after the other per line after ${result.params.warmup} untimed, **every answer
checked** day by day against the seed counted in the bench's own process (each event's day read with \`Intl\` in the zone, distinct
visitors per interface and day):

${queryRows(result.before, result.baseline.me)}

**Time-zone change** ${rb.from} → ${rb.to} (\`PATCH /api/workspace\` as an admin, ${rb.patch_ms} ms), then every ${rb.poll_every_ms} ms a
\`GET /api/metrics\` and a \`GET /api/me\` sent without waiting for the previous ones, until an answer names no \`rebuild\`:
**${rb.wall_s} s for ${n(rb.total)} events** (${n(rb.events_per_s)} events/s; ${rb.server_s} s from the run's start to its end as its
\`metric_rebuilds\` row says). Reads sent while it ran: ${readsText("GET /api/metrics", rb.metrics_reads)}; ${readsText("GET /api/me", rb.me_reads)}.
${answeredText(rb)}Progress as the dashboard saw it: ${progress || "–"}.

The same queries after the change, every answer checked against the seed cut again in ${result.after.timeZone}:

${queryRows(result.after, result.baseline.me)}
${problems}`;
}
