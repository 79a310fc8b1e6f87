// The inbox list's query: a workspace's threads newest first (last message, then id), filtered by
// star, unread, status, interface, days in the workspace's time zone and words, one page after a
// keyset cursor. Every filter reads an index (migrations 0006–0008), so a deep page costs what
// the first one does, and words go through the FTS5 indexes the triggers keep: a search with few
// hits reads those threads and sorts them, one with many walks the list in order and keeps the
// hits (at 100,000 threads each way stays within a few milliseconds of SQLite's own time, where
// the other would cost up to 70: measured with both plans forced, in docs/decisions.md).
import { and, desc, eq, gte, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { OFFLINE_PAGE_SIZE, type OfflineListQuery, type OfflineThreadPage } from "@raibu/protocol/offline";
import { zonedInstant } from "@raibu/protocol/businessHours";
import type { Database } from "../db/client";
import { offlineThreads } from "../db/schema";
import { badRequest } from "../lib/errors";
import { fromBase64Url, toBase64Url } from "../lib/crypto";
import { selectThreads, toSummary } from "./threads";

/** Words beyond these are dropped: each is one more FTS5 term to intersect. */
const MAX_TERMS = 8;
/** Up to this many index hits a search reads its threads and sorts them; beyond, it walks the list. */
const FEW_HITS = 1000;

interface Cursor {
  at: number;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return toBase64Url(new TextEncoder().encode(`${cursor.at}:${cursor.id}`));
}

/** The cursor of the page before, or a 400 when it is not one this API made. */
export function decodeCursor(text: string): Cursor {
  let decoded = "";
  try {
    decoded = new TextDecoder().decode(fromBase64Url(text));
  } catch {
    // Falls through to the refusal below.
  }
  const match = /^(\d{1,16}):([\w-]{1,64})$/.exec(decoded);
  if (!match) throw badRequest("This cursor is not one the inbox gave.", "invalid_cursor");
  return { at: Number(match[1]), id: match[2]! };
}

/**
 * The agent's words as an FTS5 query, all of them required, the last one as a prefix as it is
 * being typed ("zo" finds « Zoé »). Whole words before it let FTS5 skip through its lists; a prefix
 * on each would merge every list in full. Quoting every term keeps FTS5's own syntax (AND, NEAR,
 * *, column filters) out of reach; null when nothing searchable is left.
 */
export function ftsQuery(q: string): string | null {
  const words = q
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "")
    .slice(0, MAX_TERMS);
  return words.length === 0 ? null : words.map((w, i) => `"${w}"${i === words.length - 1 ? "*" : ""}`).join(" ");
}

/** The first moment of `day` (YYYY-MM-DD) in `timeZone`, and of the day after it. */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return { start: zonedInstant(y, m, d, 0, timeZone), end: zonedInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, timeZone) };
}

/** The threads a name, email or message of which has every word. */
function hits(match: string): SQL {
  return sql`SELECT thread_id FROM offline_thread_search WHERE offline_thread_search MATCH ${match}
    UNION SELECT thread_id FROM offline_message_search WHERE offline_message_search MATCH ${match}`;
}

/** How many index rows match, counted no further than FEW_HITS + 1 in each index. */
async function hitCount(db: Database, match: string): Promise<number> {
  const [row] = await db.all<{ n: number }>(sql`SELECT
    (SELECT count(*) FROM (SELECT 1 FROM offline_thread_search WHERE offline_thread_search MATCH ${match} LIMIT ${FEW_HITS + 1}))
    + (SELECT count(*) FROM (SELECT 1 FROM offline_message_search WHERE offline_message_search MATCH ${match} LIMIT ${FEW_HITS + 1})) AS n`);
  return row?.n ?? 0;
}

/**
 * How a search reads: `hits` from the FTS5 matches to their threads (the unary + keeps the
 * workspace's indexes out, so SQLite cannot pick them), `list` down the list's index keeping the
 * threads that match (the + keeps the id lookup out). Without it SQLite's choice follows whatever
 * statistics D1 holds, and each choice is slow for the other kind of search.
 */
export type SearchPlan = "hits" | "list";

/** The page's query, built apart so a test can read its plan. */
export function listQuery(db: Database, workspaceId: string, query: OfflineListQuery, timeZone: string, plan: SearchPlan = "list") {
  const t = offlineThreads;
  const match = query.q ? ftsQuery(query.q) : null;
  const byHits = match !== null && plan === "hits";
  const where: (SQL | undefined)[] = [byHits ? sql`+${t.workspaceId} = ${workspaceId}` : eq(t.workspaceId, workspaceId)];
  if (query.starred === "1") where.push(eq(t.starred, true));
  if (query.unread === "1") where.push(eq(t.unread, true));
  if (query.status !== "all") where.push(eq(t.status, query.status));
  if (query.interfaceId) where.push(eq(t.interfaceId, query.interfaceId));
  if (query.from) where.push(gte(t.lastMessageAt, dayBounds(query.from, timeZone).start));
  if (query.to) where.push(lt(t.lastMessageAt, dayBounds(query.to, timeZone).end));
  if (match) where.push(byHits ? sql`${t.id} IN (${hits(match)})` : sql`+${t.id} IN (${hits(match)})`);
  if (query.cursor) {
    const { at, id } = decodeCursor(query.cursor);
    // Written so the index's range on last_message_at does the work; the id breaks ties.
    where.push(and(lte(t.lastMessageAt, at), or(lt(t.lastMessageAt, at), lt(t.id, id))));
  }
  return selectThreads(db)
    .where(and(...where))
    .orderBy(desc(t.lastMessageAt), desc(t.id))
    .limit(OFFLINE_PAGE_SIZE + 1);
}

export async function listThreads(db: Database, workspaceId: string, query: OfflineListQuery, timeZone: string): Promise<OfflineThreadPage> {
  if (query.from && query.to && query.from > query.to) throw badRequest("The first day comes after the last one.", "invalid_range");
  const match = query.q ? ftsQuery(query.q) : null;
  const plan: SearchPlan = match && (await hitCount(db, match)) <= FEW_HITS ? "hits" : "list";
  const rows = await listQuery(db, workspaceId, query, timeZone, plan);
  const page = rows.slice(0, OFFLINE_PAGE_SIZE);
  const last = page.at(-1);
  return { threads: page.map(toSummary), nextCursor: rows.length > OFFLINE_PAGE_SIZE && last ? encodeCursor({ at: last.lastMessageAt, id: last.id }) : null };
}
