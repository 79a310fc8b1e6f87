// The inbox's filters as data: read from and written to the page's address (so a link or a
// reload keeps them), turned into the list endpoint's query, and checked against one thread
// (a live frame's) to know whether it belongs in the list on screen. No I/O here.
import type { OfflineListQuery, OfflineThreadSummary } from "@raibu/protocol/offline";

export type StatusFilter = "all" | "open" | "closed";

export interface InboxFilters {
  starred: boolean;
  unread: boolean;
  status: StatusFilter;
  interfaceId: string;
  /** Inclusive days (YYYY-MM-DD) of the last message, in the workspace's time zone; "" for none. */
  from: string;
  to: string;
  q: string;
}

export const NO_FILTERS: InboxFilters = { starred: false, unread: false, status: "all", interfaceId: "", from: "", to: "", q: "" };

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const Q_MAX = 200;

type SearchValue = string | string[] | undefined;
const one = (value: SearchValue) => (Array.isArray(value) ? value[0] : value) ?? "";

/** The filters an address names; anything malformed (a hand-edited link) is dropped, never sent. */
export function filtersFromSearch(search: Record<string, SearchValue>): InboxFilters {
  const status = one(search.status);
  const day = (value: SearchValue) => (DAY.test(one(value)) ? one(value) : "");
  return {
    starred: one(search.starred) === "1",
    unread: one(search.unread) === "1",
    status: status === "open" || status === "closed" ? status : "all",
    interfaceId: one(search.interface).slice(0, 64),
    from: day(search.from),
    to: day(search.to),
    q: one(search.q).slice(0, Q_MAX),
  };
}

/** The address's search parameters for these filters; `undefined` removes one (the router's convention). */
export function filtersToSearch(filters: InboxFilters): Record<string, string | undefined> {
  return {
    starred: filters.starred ? "1" : undefined,
    unread: filters.unread ? "1" : undefined,
    status: filters.status === "all" ? undefined : filters.status,
    interface: filters.interfaceId || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    q: filters.q.trim() || undefined,
  };
}

/** GET /api/offline/threads's query for these filters (and the page after `cursor`). */
export function listQuery(filters: InboxFilters, cursor?: string | null): Partial<Record<keyof OfflineListQuery, string>> {
  const query: Partial<Record<keyof OfflineListQuery, string>> = {};
  if (filters.starred) query.starred = "1";
  if (filters.unread) query.unread = "1";
  if (filters.status !== "all") query.status = filters.status;
  if (filters.interfaceId) query.interfaceId = filters.interfaceId;
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = filters.to;
  if (filters.q.trim()) query.q = filters.q.trim();
  if (cursor) query.cursor = cursor;
  return query;
}

export function isFiltered(filters: InboxFilters): boolean {
  return Object.values(filtersToSearch(filters)).some((value) => value !== undefined);
}

/** The day (YYYY-MM-DD) of `ms` in `timeZone`, as the server reads `from` and `to`. */
export function dayIn(ms: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 10);
  }
}

/**
 * Whether a thread belongs under these filters. The search words are looked for in the name, the
 * email and the latest message's first line only: the server also searches the whole thread, so a
 * thread already listed stays (see inboxMerge.ts), but a new one shows only when these say so.
 */
export function matchesFilters(thread: OfflineThreadSummary, filters: InboxFilters, timeZone: string): boolean {
  if (filters.starred && !thread.starred) return false;
  if (filters.unread && !thread.unread) return false;
  if (filters.status !== "all" && thread.status !== filters.status) return false;
  if (filters.interfaceId && thread.interfaceId !== filters.interfaceId) return false;
  if (filters.from || filters.to) {
    const day = dayIn(thread.lastMessageAt, timeZone);
    if (filters.from && day < filters.from) return false;
    if (filters.to && day > filters.to) return false;
  }
  const words = filters.q.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length) {
    const haystack = `${thread.name} ${thread.email} ${thread.preview}`.toLocaleLowerCase();
    if (!words.every((word) => haystack.includes(word))) return false;
  }
  return true;
}
