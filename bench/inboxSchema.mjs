// Keeps the inbox section's cached D1 state in step with the migrations as they are now: what a fresh
// database would hold (the migrations run in node:sqlite's memory) against what the cached one holds.
// New tables come in empty, indexes and triggers are dropped and made again to read as the migrations say,
// so the timings are always of today's indexes; a table changed or gone, or a new virtual table (a search
// index the old rows would be missing from, unless only empty tables feed it), means the seed must start again.
import { DatabaseSync } from "node:sqlite";

const norm = (sql) => (sql ?? "").replace(/\s+/g, " ").trim();
const internal = (name) => /^(sqlite_|_cf_|d1_)/.test(name);

/** What the migrations' statements make, by name: `{ type, name, tbl_name, sql }`. */
export function expectedSchema(statements) {
  const db = new DatabaseSync(":memory:");
  for (const sql of statements) db.exec(sql);
  const rows = db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master").all();
  db.close();
  return new Map(rows.filter((r) => !internal(r.name)).map((r) => [r.name, { ...r }]));
}

async function readSchema(d1) {
  const { results } = await d1.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master").all();
  return new Map(results.filter((r) => !internal(r.name)).map((r) => [r.name, r]));
}

/**
 * Brings the cached database `d1` (a D1 binding) to `expected`. Answers `{ reseed: reason | null, changes }`;
 * nothing is changed when the seed must start again. A changed table holding no rows (another feature's,
 * say) is made again as the migrations say; one holding rows means seeding again.
 */
export async function reconcileSchema(d1, expected) {
  let actual = await readSchema(d1);
  const virtual = [...expected.values()].filter((r) => r.type === "table" && /^CREATE VIRTUAL TABLE/i.test(r.sql ?? "")).map((r) => r.name);
  const shadow = (name) => virtual.some((v) => name.startsWith(`${v}_`));
  const same = (a, b) => norm(a.sql) === norm(b.sql);
  const empty = async (name) => (await d1.prepare(`SELECT 1 AS one FROM \`${name}\` LIMIT 1`).all()).results.length === 0;
  // A new search table kept by triggers on tables the seed left empty (another feature's, say) starts empty and
  // correct; one with no trigger feeding it, or fed from seeded rows, would miss them.
  const fedOnlyByEmptyTables = async (name) => {
    const sources = [...expected.values()].filter((r) => r.type === "trigger" && new RegExp(`\\b${name}\\b`).test(r.sql ?? "")).map((r) => r.tbl_name);
    if (sources.length === 0) return false;
    for (const source of new Set(sources)) if (actual.has(source) && !(await empty(source))) return false;
    return true;
  };
  const remake = [];
  for (const [name, want] of expected) {
    if (want.type !== "table" || shadow(name)) continue;
    const have = actual.get(name);
    if (!have && virtual.includes(name) && !(await fedOnlyByEmptyTables(name))) return { reseed: `new search table ${name}: the seeded rows would be missing from it`, changes: [] };
    if (have && !same(have, want)) {
      if (virtual.includes(name) || !(await empty(name))) return { reseed: `table ${name}, which holds seeded rows, is not what the migrations make now`, changes: [] };
      remake.push(name);
    }
  }
  const changes = [];
  const run = async (sql, what) => {
    await d1.prepare(sql).run();
    changes.push(what);
  };
  for (const [name, have] of actual) if (have.type === "table" && !shadow(name) && !expected.has(name)) await run(`DROP TABLE IF EXISTS \`${name}\``, `table ${name} dropped (gone from the migrations)`);
  for (const name of remake) {
    await run(`DROP TABLE \`${name}\``, `empty table ${name} dropped`);
    await run(expected.get(name).sql, `table ${name} made as the migrations say`);
  }
  for (const [name, want] of expected) if (want.type === "table" && !shadow(name) && !actual.has(name)) await run(want.sql, `table ${name} created`);
  actual = await readSchema(d1);
  for (const type of ["trigger", "index"]) {
    for (const [name, have] of actual) {
      if (have.type !== type || !have.sql) continue;
      const want = expected.get(name);
      if (!want || !same(have, want)) await run(`DROP ${type.toUpperCase()} IF EXISTS \`${name}\``, `${type} ${name} dropped`);
    }
  }
  actual = await readSchema(d1);
  for (const type of ["index", "trigger"]) {
    for (const [name, want] of expected) {
      if (want.type !== type || !want.sql || actual.has(name)) continue;
      await run(want.sql, `${type} ${name} created`);
    }
  }
  return { reseed: null, changes };
}
