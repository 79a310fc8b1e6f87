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

const CursorSchema = z.union([z.tuple([z.union([z.string(), z.number(), z.null()]), z.string().min(1).max(64)]), z.tuple([z.string().min(1).max(64)])]);

export function encodeCursor(cursor: Cursor): string {
  const full = toBase64Url(new TextEncoder().encode(JSON.stringify([cursor.value, cursor.id])));
  return full.length <= MAX_CURSOR ? full : toBase64Url(new TextEncoder().encode(JSON.stringify([cursor.id])));
}

const invalidCursor = () => badRequest("This cursor is not one the contacts list gave.", "invalid_cursor");

/** The cursor as sent: the value and id, or only the id when the value was too long to carry. */
export function decodeCursor(text: string): { value?: SortValue; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(fromBase64Url(text)));
  } catch {
    throw invalidCursor();
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success) throw invalidCursor();
  return result.data.length === 2 ? { value: result.data[0], id: result.data[1] } : { id: result.data[0] };
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
  const { converterId, converterName, ...rest } = row;
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
  let after: Cursor | null = null;
  if (query.cursor) {
    const decoded = decodeCursor(query.cursor);
    const value = decoded.value === undefined ? await sortValueOf(db, workspaceId, query.sort, decoded.id) : decoded.value;
    const { numeric, nullable } = sortKey(query.sort);
    if ((value === null && !nullable) || (value !== null && typeof value !== (numeric ? "number" : "string"))) throw invalidCursor();
    after = { value, id: decoded.id };
  }
  const rows: Row[] = [];
  for (const run of pageQueries(db, base, query, after)) {
    rows.push(...(await run(CONTACTS_PAGE_SIZE + 1 - rows.length)));
    if (rows.length > CONTACTS_PAGE_SIZE) break;
  }
  const [counted] = await db.select({ n: sql<number>`count(*)` }).from(contacts).where(base);
  const page = rows.slice(0, CONTACTS_PAGE_SIZE).map(toRow);
  const last = page.at(-1);
  const value = (row: ContactRow): SortValue =>
    query.sort === "interface" ? row.interfaceName : query.sort === "convertedBy" ? (row.convertedBy?.name ?? null) : row[query.sort];
  return {
    contacts: page,
    nextCursor: rows.length > CONTACTS_PAGE_SIZE && last ? encodeCursor({ value: value(last), id: last.id }) : null,
    total: counted?.n ?? 0,
  };
}
