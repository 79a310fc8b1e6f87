// Which rows leave the agents' live list, so the lobby stays bounded however many visitors open
// the widget and go away: waiting requests and live chats always stay, the rest expire or give way.
import type { ConversationStatus } from "@raibu/protocol/realtime";

/** A conversation left in the bot with no visitor socket leaves the list after this long. */
export const IDLE_BOT_MS = 30 * 60 * 1000;
/** Closed conversations leave the live list after a day; D1 keeps them. */
export const CLOSED_RETENTION_MS = 24 * 60 * 60 * 1000;
/** At most this many rows besides requests and live chats; the least recently changed give way. */
export const MAX_OTHER_ROWS = 1000;

export interface RetainedRow {
  status: ConversationStatus;
  visitorOnline: boolean;
  /** When the lobby last heard of the conversation. */
  updatedAt: number;
}

/** Requests waiting for an agent and chats with one are never pushed out. */
export const alwaysKept = (row: RetainedRow) => row.status === "requested" || row.status === "live";

/** When the row leaves unless its conversation reports again first; null when it stays. */
export function expiresAt(row: RetainedRow): number | null {
  if (row.status === "closed") return row.updatedAt + CLOSED_RETENTION_MS;
  if (row.status === "bot" && !row.visitorOnline) return row.updatedAt + IDLE_BOT_MS;
  return null;
}

/** The ids to remove at `now`: expired rows, then the oldest others beyond `maxOthers`. */
export function rowsToRemove(rows: ReadonlyMap<string, RetainedRow>, now: number, maxOthers = MAX_OTHER_ROWS): string[] {
  const removed: string[] = [];
  const others: { id: string; updatedAt: number; order: number }[] = [];
  for (const [id, row] of rows) {
    if (alwaysKept(row)) continue;
    const expiry = expiresAt(row);
    if (expiry !== null && expiry <= now) removed.push(id);
    else others.push({ id, updatedAt: row.updatedAt, order: others.length });
  }
  if (others.length > maxOthers) {
    // Newest first; within one millisecond, the row that arrived last.
    others.sort((a, b) => b.updatedAt - a.updatedAt || b.order - a.order);
    for (const { id } of others.slice(maxOthers)) removed.push(id);
  }
  return removed;
}

/** The earliest time a row of `rows` expires, or null when none does. */
export function nextExpiry(rows: Iterable<RetainedRow>): number | null {
  let next: number | null = null;
  for (const row of rows) {
    const expiry = expiresAt(row);
    if (expiry !== null && (next === null || expiry < next)) next = expiry;
  }
  return next;
}
