// The inbox list as pure data: pages appended by cursor, and live changes (the lobby's `offline`
// frames, the agent's own edits) merged in place, newest first, under the filters on screen.
// No I/O here, so the rules are tested alone.
import type { OfflineThreadPage, OfflineThreadSummary } from "@raibu/protocol/offline";
import { matchesFilters, type InboxFilters } from "./inboxQuery";

export interface InboxList {
  threads: OfflineThreadSummary[];
  /** Null once the last page is in. */
  nextCursor: string | null;
}

/** The server's order: the latest message first, then the id (descending) between equals. */
export function newestFirst(a: OfflineThreadSummary, b: OfflineThreadSummary): number {
  return b.lastMessageAt - a.lastMessageAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** A page after those shown; a thread already shown (it moved up while paging) is not shown twice. */
export function withPage(list: InboxList | null, page: OfflineThreadPage): InboxList {
  if (!list) return { threads: page.threads, nextCursor: page.nextCursor };
  const shown = new Set(list.threads.map((t) => t.id));
  return { threads: [...list.threads, ...page.threads.filter((t) => !shown.has(t.id))], nextCursor: page.nextCursor };
}

export interface MergeContext {
  filters: InboxFilters;
  timeZone: string;
  /** The thread open beside the list: it stays listed while open even if it stops matching (marked read under "Unread"). */
  openId?: string | null;
}

/**
 * The list once `thread` is as given: updated where it is, moved to its place when its latest
 * message changed, added when it is new and matches, removed when it no longer matches. A thread
 * that sorts below the pages loaded so far is left for its page, so "Load more" never repeats it.
 * A thread listed under a search stays listed (the server found the words somewhere in it).
 */
export function withThread(list: InboxList, thread: OfflineThreadSummary, context: MergeContext): InboxList {
  const index = list.threads.findIndex((t) => t.id === thread.id);
  const listed = index !== -1;
  const { filters, timeZone } = context;
  const belongs =
    (listed && thread.id === context.openId) ||
    (matchesFilters(thread, { ...filters, q: "" }, timeZone) && (listed || matchesFilters(thread, filters, timeZone)));
  const others = listed ? list.threads.filter((t) => t.id !== thread.id) : list.threads;
  if (!belongs) return listed ? { ...list, threads: others } : list;
  const last = others.at(-1);
  if (list.nextCursor !== null && last && newestFirst(thread, last) > 0) return { ...list, threads: others };
  const at = others.findIndex((t) => newestFirst(thread, t) < 0);
  const threads = others.slice();
  threads.splice(at === -1 ? threads.length : at, 0, thread);
  return { ...list, threads };
}
