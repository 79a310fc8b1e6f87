// The inbox list's query: a workspace's threads newest first (last message, then id), filtered by
// star, unread, status, interface, days in the workspace's time zone and words, one page after a
// keyset cursor. Every filter reads an index (migrations 0006–0008), so a deep page costs what
// the first one does, and words go through the FTS5 indexes the triggers keep.
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
 * The visitor's words as an FTS5 query: each word a prefix term ("zo" finds « Zoé »), all of them
 * required. Quoting every term keeps FTS5's own syntax (AND, NEAR, *, column filters) out of reach;
 * null when nothing searchable is left.
 */
export function ftsQuery(q: string): string | null {
  const words = q
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "")
    .slice(0, MAX_TERMS);
  return words.length === 0 ? null : words.map((w) => `"${w}"*`).join(" ");
}

/** The first moment of `day` (YYYY-MM-DD) in `timeZone`, and of the day after it. */
export function dayBounds(day: string, timeZone: string): { start: number; end: number } {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return { start: zonedInstant(y, m, d, 0, timeZone), end: zonedInstant(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, timeZone) };
}

/** The threads a name, email or message of which has every word. */
function matching(match: string): SQL {
  return sql`(${offlineThreads.id} IN (SELECT thread_id FROM offline_thread_search WHERE offline_thread_search MATCH ${match})
    OR ${offlineThreads.id} IN (SELECT thread_id FROM offline_message_search WHERE offline_message_search MATCH ${match}))`;
}

/** The page's query, built apart so a test can read its plan. */
export function listQuery(db: Database, workspaceId: string, query: OfflineListQuery, timeZone: string) {
  const t = offlineThreads;
  const where: (SQL | undefined)[] = [eq(t.workspaceId, workspaceId)];
  if (query.starred === "1") where.push(eq(t.starred, true));
  if (query.unread === "1") where.push(eq(t.unread, true));
  if (query.status !== "all") where.push(eq(t.status, query.status));
  if (query.interfaceId) where.push(eq(t.interfaceId, query.interfaceId));
  if (query.from) where.push(gte(t.lastMessageAt, dayBounds(query.from, timeZone).start));
  if (query.to) where.push(lt(t.lastMessageAt, dayBounds(query.to, timeZone).end));
  const match = query.q ? ftsQuery(query.q) : null;
  if (match) where.push(matching(match));
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
  const rows = await listQuery(db, workspaceId, query, timeZone);
  const page = rows.slice(0, OFFLINE_PAGE_SIZE);
  const last = page.at(-1);
  return { threads: page.map(toSummary), nextCursor: rows.length > OFFLINE_PAGE_SIZE && last ? encodeCursor({ at: last.lastMessageAt, id: last.id }) : null };
}
