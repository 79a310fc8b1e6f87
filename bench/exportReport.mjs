// The `export` section of RESULTS.md: how the contacts were seeded, the CSV export's time, size and the
// workerd process's memory, then the contacts list's timings next to the same run's health route.

const LABELS = {
  first_page: "first page (newest 50)",
  deep_page: "deep page (after following cursors)",
  search_name: "search: a rare first name",
  search_company: "search: a rare company",
  sort_name: "sorted by name, A→Z",
  filter_interface_last30: "filter: interface + last 30 days",
};

const mb = (bytes) => Math.round(bytes / 1e5) / 10;

export function exportSection(result) {
  if (!result) return "";
  if (result.error) return `\n## Contacts export and list at scale (export)\n\nRun of ${result.date} **failed to complete**: ${result.error.split("\n")[0]}\n`;
  const s = result.seed;
  const ex = result.exports;
  const exportRows = ["| export | rows | size | time | first byte | rows/s | workerd RSS before | peak during (sampled every 20 ms) | peak (kernel VmHWM) | after |", "|---|---|---|---|---|---|---|---|---|---|"];
  for (const [label, r] of [[`a search (\`${decodeURIComponent(ex.search.query)}\`)`, ex.search], ...ex.full.map((r, k) => [`all contacts, run ${k + 1}`, r]), ...(ex.half ? [["one interface (about half), after them", ex.half]] : [])]) {
    exportRows.push(
      `| ${label} | ${r.rows.toLocaleString("en")} | ${mb(r.bytes)} MB | ${r.wall_ms.toLocaleString("en")} ms | ${r.first_byte_ms} ms | ${r.rows_per_s.toLocaleString("en")} | ${r.rss_before_mb} MB | ${r.rss_peak_sampled_mb} MB | ${r.rss_peak_kernel_mb ?? "–"} MB | ${r.rss_after_mb} MB |`,
    );
  }
  const h = result.baseline.health;
  const listRows = ["| request | p50 | p95 | max | rows | total | p50 ÷ health |", "|---|---|---|---|---|---|---|"];
  listRows.push(`| baseline: \`GET /api/health\` | ${h.p50_ms} ms | ${h.p95_ms} ms | ${h.max_ms} ms | – | – | 1 |`);
  for (const [key, r] of Object.entries(result.list?.queries ?? {})) {
    listRows.push(`| ${LABELS[key] ?? key}: \`${r.path.replace(/cursor=[^&]+/, "cursor=…")}\` | ${r.p50_ms} ms | ${r.p95_ms} ms | ${r.max_ms} ms | ${r.rows} | ${r.total?.toLocaleString("en")} | ${r.p50_vs_health} |`);
  }
  const runs = s.runs.map((r) => `${r.contacts.toLocaleString("en")} from ${r.from_contacts.toLocaleString("en")} on ${r.date.slice(0, 16)} at ${r.contacts_per_s}/s${r.interrupted ? " (cut while seeding)" : ""}`).join("; ");
  const short = s.contacts < s.target ? `\n**Measured at ${s.contacts.toLocaleString("en")} of the ${s.target.toLocaleString("en")} contacts** the section is for: seeding through the real endpoints runs at ${s.contacts_per_s_overall} contacts/s on this shared machine, and the next run goes on from the cached state.\n` : "";
  const problems = result.problems?.length ? `\n**Wrong answers** (the run fails on these):\n\n${result.problems.map((p) => `- ${p}`).join("\n")}\n` : "";
  return `
## Contacts export and list at scale (run of ${result.date}, ${result.wall_s} s; alone: \`npm run bench -- --only=export\`)

${s.contacts.toLocaleString("en")} contacts over two interfaces, each made through the real endpoints as the console makes one (a visitor's
page view, \`POST /api/widget/session\`, then the agent's « Mark as contact », \`PUT /api/visitors/:id/contact\`, with accents, commas,
quotes, formula-looking companies and up to four custom fields); ${s.seeded_now ? `${s.seeded_now.contacts.toLocaleString("en")} seeded in this run, the rest` : "all"} taken
from the cached state \`bench/.tmp/export-${s.cache_key}\` (worked on in tmpfs, brought to today's migrations before use). Seeding runs: ${runs}.
Then, on Raibu straight on workerd, \`GET /api/contacts/export.csv\` read to its end as a browser downloads it (records counted,
checked against \`X-Total-Count\` and the seed), with the workerd process's resident memory read from \`/proc/<pid>/status\`
(D1 and every object run in that one process).

${exportRows.join("\n")}

Reading the memory: RSS is the whole workerd process (the Worker's V8 heap, D1's SQLite, every object) and V8 returns
freed pages lazily, so the garbage of the pages already sent counts until a collection; the export's own bound (one page
of 1,000 contacts read only when the reader took the previous one) is shown by the worker test that counts D1's page
reads as a reader takes the file (\`worker/test/contactsExport.test.ts\`). So these numbers bound the process's growth
during an export; they do not by themselves show a flat live heap (that would take V8's heap statistics from inside
the isolate, which this section does not read).

The contacts list with an agent's session, ${result.params.requests} requests one after the other per line after ${result.params.warmup} untimed;
the deep page is the one after following the cursors ${result.list?.deep_page_after_contacts?.toLocaleString("en") ?? "–"} contacts down.

${listRows.join("\n")}
${short}${problems}`;
}
