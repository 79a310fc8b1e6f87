// The contacts list's query: a workspace's contacts filtered by conversion day (presets cut in the
// workspace's time zone), interface and words, sorted on any column with a keyset cursor
// (sort value, id). Each column sort walks its index (migration 0012) from the cursor, so a deep
// page costs what the first does; words go through the FTS5 index the triggers keep (0013).
// A nullable column is read as two runs, its NULLs and its values, each an index range, the
// NULLs first ascending and last descending as SQLite orders them.
import { and, asc, desc, eq, gte, gt, isNotNull, isNull, lt, lte, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";
import { wallClock, zonedInstant } from "@raibu/protocol/businessHours";
import { CONTACTS_PAGE_SIZE, type ContactListQuery, type ContactPage, type ContactRow, type ContactSort } from "@raibu/protocol/contacts";
import type { Database } from "../db/client";
import { chatInterfaces, contacts, users } from "../db/schema";
import { badRequest } from "../lib/errors";
import { fromBase64Url, toBase64Url } from "../lib/crypto";
import { dayBounds, ftsQuery } from "../offline/inbox";

/** Up to this many index hits a search reads its contacts and sorts them; beyond, it walks the list. */
const FEW_HITS = 1000;
/** A cursor longer than this carries only the id, and its row's value is read back. */
const MAX_CURSOR = 300;

/** The filter part of the list's query (what the CSV export reuses). */
export type ContactFilter = Pick<ContactListQuery, "range" | "from" | "to" | "interfaceId" | "q">;

/** Whole days of the local calendar, shifted. */
function shiftDay(y: number, m: number, d: number, days: number): string {
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The conversion-time bounds [start, end) a filter's days give, in the workspace's time zone. */
export function conversionBounds(filter: ContactFilter, timeZone: string, now = Date.now()): { start?: number; end?: number } {
  const today = wallClock(now, timeZone);
  const day = (shift: number) => shiftDay(today.year, today.month, today.day, shift);
  switch (filter.range) {
    case undefined:
      return {};
    case "today":
      return dayBounds(day(0), timeZone);
    case "last7":
      return { start: dayBounds(day(-6), timeZone).start, end: dayBounds(day(0), timeZone).end };
    case "last30":
      return { start: dayBounds(day(-29), timeZone).start, end: dayBounds(day(0), timeZone).end };
    case "thisMonth":
      return { start: zonedInstant(today.year, today.month, 1, 0, timeZone), end: dayBounds(day(0), timeZone).end };
    case "custom": {
      if (filter.from && filter.to && filter.from > filter.to) throw badRequest("The first day comes after the last one.", "invalid_range");
      return { start: filter.from ? dayBounds(filter.from, timeZone).start : undefined, end: filter.to ? dayBounds(filter.to, timeZone).end : undefined };
    }
  }
}

/** The contacts with every word in their name, email, phone or company. */
function hits(match: string): SQL {
  return sql`SELECT contact_id FROM contact_search WHERE contact_search MATCH ${match}`;
}

/**
 * How a search reads: `hits` from the FTS5 matches to their contacts (the unary + keeps the
 * workspace's indexes out), `list` down the sort's index keeping the contacts that match (the +
 * keeps the id lookup out). Few hits are cheaper read then sorted; many are cheaper kept while walking.
 */
export type SearchPlan = "hits" | "list";

/** Which plan a search takes: `hits` when the index holds at most FEW_HITS matches. */
export async function searchPlan(db: Database, q: string | undefined): Promise<SearchPlan> {
  const match = q ? ftsQuery(q) : null;
  if (!match) return "list";
  const [row] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM contact_search WHERE contact_search MATCH ${match} LIMIT ${FEW_HITS + 1})`);
  return (row?.n ?? 0) <= FEW_HITS ? "hits" : "list";
}

/** The WHERE of a filter: the workspace's contacts converted in its days, of its interface, with its words. */
export function contactListWhere(workspaceId: string, filter: ContactFilter, timeZone: string, plan: SearchPlan = "list", now = Date.now()): SQL {
  const c = contacts;
  const match = filter.q ? ftsQuery(filter.q) : null;
  const byHits = match !== null && plan === "hits";
  const where: (SQL | undefined)[] = [byHits ? sql`+${c.workspaceId} = ${workspaceId}` : eq(c.workspaceId, workspaceId)];
  const { start, end } = conversionBounds(filter, timeZone, now);
  if (start !== undefined) where.push(gte(c.createdAt, start));
  if (end !== undefined) where.push(lt(c.createdAt, end));
  if (filter.interfaceId) where.push(eq(c.interfaceId, filter.interfaceId));
  if (match) where.push(byHits ? sql`${c.id} IN (${hits(match)})` : sql`+${c.id} IN (${hits(match)})`);
  return and(...where)!;
}

/** What each sort orders by, and whether it can be NULL. */
function sortKey(sort: ContactSort): { key: SQLWrapper; nullable: boolean; numeric: boolean } {
  switch (sort) {
    case "convertedAt":
      return { key: contacts.createdAt, nullable: false, numeric: true };
    case "lastActivityAt":
      return { key: contacts.lastActivityAt, nullable: true, numeric: true };
    case "interface":
      return { key: chatInterfaces.name, nullable: true, numeric: false };
    case "convertedBy":
      return { key: users.name, nullable: true, numeric: false };
    default:
      return { key: contacts[sort], nullable: true, numeric: false };
  }
}

type SortValue = string | number | null;
interface Cursor {
  value: SortValue;
  id: string;
}

const IdSchema = z.string().min(1).max(64);
const CursorSchema = z.union([
  z.tuple([z.union([z.string(), z.number(), z.null()]), IdSchema]),
  z.tuple([IdSchema]),
  // A sort by interface or converter: the group (its id), then the conversion time and the id.
  z.tuple([IdSchema.nullable(), z.number(), IdSchema]),
]);

export function encodeCursor(cursor: Cursor): string {
  const full = toBase64Url(new TextEncoder().encode(JSON.stringify([cursor.value, cursor.id])));
  return full.length <= MAX_CURSOR ? full : toBase64Url(new TextEncoder().encode(JSON.stringify([cursor.id])));
}

const invalidCursor = () => badRequest("This cursor is not one the contacts list gave.", "invalid_cursor");

/** The cursor as sent: the value and id, or only the id when the value was too long to carry, or a group's. */
export function decodeCursor(text: string): { value?: SortValue; id: string; group?: { id: string | null; at: number } } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(fromBase64Url(text)));
  } catch {
    throw invalidCursor();
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success) throw invalidCursor();
  const d = result.data;
  return d.length === 3 ? { id: d[2], group: { id: d[0], at: d[1] } } : d.length === 2 ? { value: d[0], id: d[1] } : { id: d[0] };
}

const rowColumns = {
  id: contacts.id,
  name: contacts.name,
  email: contacts.email,
  phone: contacts.phone,
  company: contacts.company,
  interfaceId: contacts.interfaceId,
  interfaceName: chatInterfaces.name,
  convertedAt: contacts.createdAt,
  createdBy: contacts.createdBy,
  converterId: users.id,
  converterName: users.name,
  lastActivityAt: contacts.lastActivityAt,
};

/** The list's rows with their interface and converter joined (both may be gone: left joins). */
export function selectRows(db: Database) {
  return db
    .select(rowColumns)
    .from(contacts)
    .leftJoin(chatInterfaces, eq(chatInterfaces.id, contacts.interfaceId))
    .leftJoin(users, eq(users.id, contacts.createdBy));
}

type Row = Awaited<ReturnType<ReturnType<typeof selectRows>["where"]>>[number];

export function toRow(row: Row): ContactRow {
  const { createdBy: _c, converterId, converterName, ...rest } = row;
  return { ...rest, convertedBy: converterId && converterName !== null ? { id: converterId, name: converterName } : null };
}

/** Where a page starts within one run (the NULLs, or the values), and how that run is ordered. */
function runQuery(db: Database, base: SQL, sort: ContactSort, dir: "asc" | "desc", run: "nulls" | "values", after: Cursor | null, limit: number) {
  const { key } = sortKey(sort);
  const by = dir === "asc" ? asc : desc;
  const beyond = dir === "asc" ? gt : lt;
  const upTo = dir === "asc" ? gte : lte;
  const where: (SQL | undefined)[] = [base];
  if (run === "nulls") {
    where.push(isNull(key));
    if (after) where.push(beyond(contacts.id, after.id));
  } else {
    if (sortKey(sort).nullable) where.push(isNotNull(key));
    // Written so the index's range on the value does the work; the id breaks ties.
    if (after) where.push(upTo(key as SQL, after.value), or(beyond(key as SQL, after.value), beyond(contacts.id, after.id)));
  }
  const order = run === "nulls" ? [by(contacts.id)] : [by(key as SQL), by(contacts.id)];
  return selectRows(db).where(and(...where)).orderBy(...order).limit(limit);
}

/** The page's queries, built apart so a test can read their plans. */
export function pageQueries(db: Database, base: SQL, query: Pick<ContactListQuery, "sort" | "dir">, after: Cursor | null, limit = CONTACTS_PAGE_SIZE + 1) {
  const { nullable } = sortKey(query.sort);
  const runs: ("nulls" | "values")[] = !nullable ? ["values"] : query.dir === "asc" ? ["nulls", "values"] : ["values", "nulls"];
  const first = after === null ? 0 : runs.indexOf(after.value === null ? "nulls" : "values");
  return runs.slice(first).map((run, i) => (n: number) => runQuery(db, base, query.sort, query.dir, run, i === 0 ? after : null, Math.min(n, limit)));
}

/**
 * Sorts on a joined name (the interface's, the converter's) read one group at a time, in the
 * names' order, each group down its index (workspace, interface or converter, conversion time,
 * id): no sort of the whole workspace. Ties within a group go by conversion time, then id. The
 * groups are the ids the workspace's contacts hold (a deleted agent's too: a group without a name).
 */
export type GroupSort = "interface" | "convertedBy";
export const isGroupSort = (sort: ContactSort): sort is GroupSort => sort === "interface" || sort === "convertedBy";

const groupColumn = (sort: GroupSort) => (sort === "interface" ? contacts.interfaceId : contacts.createdBy);

/** The sort's groups in order: no name first ascending (last descending), then by name, then id. */
export async function groupsOf(db: Database, workspaceId: string, sort: GroupSort, dir: "asc" | "desc"): Promise<(string | null)[]> {
  const column = sort === "interface" ? sql.raw("interface_id") : sql.raw("created_by");
  const names = sort === "interface" ? chatInterfaces : users;
  const order = sql.raw(dir === "asc" ? "ASC" : "DESC");
  const rows = await db.all<{ id: string | null }>(sql`SELECT g.id AS id FROM (SELECT DISTINCT ${column} AS id FROM contacts WHERE workspace_id = ${workspaceId}) g
    LEFT JOIN ${names} n ON n.id = g.id AND n.workspace_id = ${workspaceId} ORDER BY n.name ${order}, g.id ${order}`);
  return rows.map((r) => r.id);
}

/** One group's rows after the cursor (if it is in this group), in conversion order. */
export function groupQuery(db: Database, base: SQL, sort: GroupSort, dir: "asc" | "desc", group: string | null, after: { at: number; id: string } | null, limit: number) {
  const column = groupColumn(sort);
  const by = dir === "asc" ? asc : desc;
  const beyond = dir === "asc" ? gt : lt;
  const upTo = dir === "asc" ? gte : lte;
  const where: (SQL | undefined)[] = [base, group === null ? isNull(column) : eq(column, group)];
  if (after) where.push(upTo(contacts.createdAt, after.at), or(beyond(contacts.createdAt, after.at), beyond(contacts.id, after.id)));
  return selectRows(db).where(and(...where)).orderBy(by(contacts.createdAt), by(contacts.id)).limit(limit);
}

async function groupedRows(db: Database, workspaceId: string, base: SQL, sort: GroupSort, dir: "asc" | "desc", cursor: ReturnType<typeof decodeCursor> | null): Promise<Row[]> {
  if (cursor && !cursor.group) throw invalidCursor();
  const groups = await groupsOf(db, workspaceId, sort, dir);
  const start = cursor ? groups.indexOf(cursor.group!.id) : 0;
  // The cursor's group is gone (its last contact left it): its place among the names is unknown.
  if (start < 0) throw badRequest("The contacts this page started after have changed: start again from the first page.", "invalid_cursor");
  const rows: Row[] = [];
  for (let i = start; i < groups.length && rows.length <= CONTACTS_PAGE_SIZE; i++) {
    const after = i === start && cursor ? { at: cursor.group!.at, id: cursor.id } : null;
    rows.push(...(await groupQuery(db, base, sort, dir, groups[i]!, after, CONTACTS_PAGE_SIZE + 1 - rows.length)));
  }
  return rows;
}

/** The value a row has for the sort (for a cursor that carried only its id). */
async function sortValueOf(db: Database, workspaceId: string, sort: ContactSort, id: string): Promise<SortValue> {
  const [row] = await selectRows(db)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .limit(1);
  if (!row) throw badRequest("The contact this page started after is gone: start again from the first page.", "invalid_cursor");
  const value = sort === "interface" ? row.interfaceName : sort === "convertedBy" ? row.converterName : row[sort];
  return value ?? null;
}

export async function listContacts(db: Database, workspaceId: string, query: ContactListQuery, timeZone: string): Promise<ContactPage> {
  const plan = await searchPlan(db, query.q);
  const base = contactListWhere(workspaceId, query, timeZone, plan);
  const grouped = isGroupSort(query.sort);
  let after: Cursor | null = null;
  if (query.cursor && !grouped) {
    const decoded = decodeCursor(query.cursor);
    if (decoded.group) throw invalidCursor();
    const value = decoded.value === undefined ? await sortValueOf(db, workspaceId, query.sort, decoded.id) : decoded.value;
    const { numeric, nullable } = sortKey(query.sort);
    if ((value === null && !nullable) || (value !== null && typeof value !== (numeric ? "number" : "string"))) throw invalidCursor();
    after = { value, id: decoded.id };
  }
  // Counting visits every match whatever the order: from the FTS5 hits it reads only them (at
  // 100,000 contacts, 42 ms against 88 for a search matching 2,000; 20 ms for all, on a laptop's workerd).
  const counting = db
    .select({ n: sql<number>`count(*)` })
    .from(contacts)
    .where(query.q ? contactListWhere(workspaceId, query, timeZone, "hits") : base)
    .all();
  const rows: Row[] = [];
  if (isGroupSort(query.sort)) rows.push(...(await groupedRows(db, workspaceId, base, query.sort, query.dir, query.cursor ? decodeCursor(query.cursor) : null)));
  else
    for (const run of pageQueries(db, base, query, after)) {
      rows.push(...(await run(CONTACTS_PAGE_SIZE + 1 - rows.length)));
      if (rows.length > CONTACTS_PAGE_SIZE) break;
    }
  const [counted] = await counting;
  const last = rows.length > CONTACTS_PAGE_SIZE ? rows[CONTACTS_PAGE_SIZE - 1] : undefined;
  let nextCursor: string | null = null;
  if (last && isGroupSort(query.sort)) {
    const group = query.sort === "interface" ? last.interfaceId : last.createdBy;
    nextCursor = toBase64Url(new TextEncoder().encode(JSON.stringify([group, last.convertedAt, last.id])));
  } else if (last && !isGroupSort(query.sort)) nextCursor = encodeCursor({ value: last[query.sort], id: last.id });
  return {
    contacts: rows.slice(0, CONTACTS_PAGE_SIZE).map(toRow),
    nextCursor,
    total: counted?.n ?? 0,
  };
}
