// The `inbox` section of RESULTS.md: how the seed was made, then each timed query of the console's list
// next to the same run's cheapest routes.

const LABELS = {
  first_page: "first page (newest 50)",
  deep_page: "deep page (after following cursors)",
  search_name: "search: a name",
  search_email: "search: an email fragment",
  search_text: "search: a word of the text",
  filter_starred: "filter: starred (« suivi »)",
  filter_unread: "filter: unread",
  filter_interface_dates: "filter: interface + date range",
};

export function inboxSection(inbox) {
  if (!inbox) return "";
  if (inbox.error) return `\n## Offline inbox at scale (inbox)\n\nRun of ${inbox.date} **failed to complete**: ${inbox.error.split("\n")[0]}\n`;
  const s = inbox.seed;
  const b = inbox.baseline;
  const rows = ["| request | p50 | p95 | max | rows | p50 ÷ health | p50 ÷ conversation list |", "|---|---|---|---|---|---|---|"];
  rows.push(`| baseline: \`GET /api/health\` | ${b.health.p50_ms} ms | ${b.health.p95_ms} ms | ${b.health.max_ms} ms | – | 1 | – |`);
  rows.push(`| baseline: \`GET /api/conversations\` (first page) | ${b.conversation_list.p50_ms} ms | ${b.conversation_list.p95_ms} ms | ${b.conversation_list.max_ms} ms | ${b.conversation_list.rows} | ${Math.round((b.conversation_list.p50_ms / b.health.p50_ms) * 10) / 10} | 1 |`);
  for (const [key, r] of Object.entries(inbox.queries)) {
    rows.push(`| ${LABELS[key] ?? key}: \`${r.path.replace(/cursor=[^&]+/, "cursor=…")}\` | ${r.p50_ms} ms | ${r.p95_ms} ms | ${r.max_ms} ms | ${r.rows} | ${r.p50_vs_health} | ${r.p50_vs_conversation_list} |`);
  }
  const runs = s.runs.map((r) => `${r.threads.toLocaleString("en")} from ${r.from_threads.toLocaleString("en")} on ${r.date.slice(0, 16)}: ${r.threads_per_s} threads/s with ${r.concurrency} visitors at a time${r.interrupted ? " (stopped while seeding: its rate as of its last progress line)" : ""}`).join("; ");
  const how = `${s.seeded_now ? `${s.seeded_now.threads.toLocaleString("en")} seeded in this run (per thread p50 ${s.seeded_now.per_thread_p50_ms} ms, p95 ${s.seeded_now.per_thread_p95_ms} ms; ${s.seeded_now.retried} retried), the rest` : "all"} taken from the cached state \`bench/.tmp/inbox-${s.cache_key}\` (keyed by the seed's version, and brought to the migrations as they are now before use: new tables, indexes and triggers applied${s.schema_changes_applied?.length ? ` — this run: ${s.schema_changes_applied.join("; ")}` : ""}; a changed table holding seeded rows would start the seed again; a run seeds only what is missing, on a copy in tmpfs, where D1's commits cost no fsync — on this disk they cap the seed at about 11 threads/s). Seeding rate **${s.threads_per_s_overall} threads/s** over all runs (${runs})`;
  const short = s.threads < s.target ? `\n**Measured at ${s.threads.toLocaleString("en")} of the ${s.target.toLocaleString("en")} threads** the section is for: the seeding ran out of the time given (\`--inbox-seed-minutes\`) and the next run goes on from there.\n` : "";
  const problems = inbox.problems?.length ? `\n**Wrong answers** (the run fails on these):\n\n${inbox.problems.map((p) => `- ${p}`).join("\n")}\n` : "";
  return `
## Offline inbox at scale (run of ${inbox.date}, ${inbox.wall_s} s; alone: \`npm run bench -- --only=inbox\`)

${s.threads.toLocaleString("en")} offline threads over two interfaces, every one made through the real endpoints as a visitor makes it
(widget session → conversation → a live request with nobody online, whose Live chat step sends to the offline form at
once → the form posted), one in ${s.starred_every} starred and one in ${s.read_every} marked read through the console's PATCH; ${how}.
Rare words to search for: « ${s.needles.name.term} » in ${s.needle_threads.name} names, « ${s.needles.email.term} » in ${s.needle_threads.email} emails,
« ${s.needles.text.term} » in ${s.needle_threads.text} messages. Then \`GET /api/offline/threads\` with an agent's session on Raibu
straight on workerd (state on tmpfs), ${inbox.params.requests} requests one after the other per line after ${inbox.params.warmup} untimed;
the deep page is the one after following the cursors ${inbox.deep_page_after_threads.toLocaleString("en")} threads down. Each answer is checked
(page size, order, every row matching its filter or search, counts against the seed).

${rows.join("\n")}
${short}${problems}`;
}
