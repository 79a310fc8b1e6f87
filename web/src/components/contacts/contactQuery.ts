// The contacts list's filter and sort as data: read from and written to the page's address (a link or
// a reload keeps them), turned into GET /api/contacts's query, and labelled for the date picker.
// Days are the workspace's: the server cuts them, the console only names them. No I/O here.
import type { ContactListQuery, ContactSort, DatePreset } from "@raibu/protocol/contacts";
import type { ContactText } from "./texts";

export type SortDir = "asc" | "desc";

// The protocol's lists, written again so the page's chunk does not carry zod (protocol/contacts.ts
// builds its schemas as it loads); web/test/contacts.test.ts checks they are the same.
export const CONTACT_SORTS = ["name", "email", "phone", "company", "interface", "convertedAt", "convertedBy", "lastActivityAt"] as const satisfies readonly ContactSort[];
export const DATE_PRESETS = ["today", "last7", "last30", "thisMonth", "custom"] as const satisfies readonly DatePreset[];

export interface ContactFilters {
  /** "" for any date. */
  range: DatePreset | "";
  /** Inclusive days (YYYY-MM-DD), only with `range` "custom"; "" for an open end. */
  from: string;
  to: string;
  interfaceId: string;
  q: string;
  sort: ContactSort;
  dir: SortDir;
}

export const DEFAULT_SORT: ContactSort = "convertedAt";
export const NO_FILTERS: ContactFilters = { range: "", from: "", to: "", interfaceId: "", q: "", sort: DEFAULT_SORT, dir: "desc" };

/** Dates read newest first on a first click; words A to Z. */
const DATE_SORTS: readonly ContactSort[] = ["convertedAt", "lastActivityAt"];
export const firstDir = (sort: ContactSort): SortDir => (DATE_SORTS.includes(sort) ? "desc" : "asc");

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const Q_MAX = 200;

type SearchValue = string | string[] | undefined;
const one = (value: SearchValue) => (Array.isArray(value) ? value[0] : value) ?? "";
const isIn = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** The filters an address names; anything malformed (a hand-edited link) is dropped, never sent. */
export function filtersFromSearch(search: Record<string, SearchValue>): ContactFilters {
  const range = one(search.range);
  const sort = one(search.sort);
  const day = (value: SearchValue) => (DAY.test(one(value)) ? one(value) : "");
  const custom = range === "custom";
  let from = custom ? day(search.from) : "";
  let to = custom ? day(search.to) : "";
  if (from && to && from > to) [from, to] = [to, from];
  const sorted = isIn(CONTACT_SORTS, sort) ? sort : DEFAULT_SORT;
  const dir = one(search.dir);
  return {
    range: isIn(DATE_PRESETS, range) ? range : "",
    from,
    to,
    interfaceId: one(search.interface).slice(0, 64),
    q: one(search.q).trim().slice(0, Q_MAX),
    sort: sorted,
    dir: dir === "asc" || dir === "desc" ? dir : firstDir(sorted),
  };
}

/** The address's search parameters; `undefined` removes one (the router's convention). Defaults stay out of it. */
export function filtersToSearch(filters: ContactFilters): Record<string, string | undefined> {
  const custom = filters.range === "custom";
  const defaultSort = filters.sort === DEFAULT_SORT && filters.dir === firstDir(DEFAULT_SORT);
  return {
    range: filters.range || undefined,
    from: (custom && filters.from) || undefined,
    to: (custom && filters.to) || undefined,
    interface: filters.interfaceId || undefined,
    q: filters.q.trim() || undefined,
    sort: defaultSort ? undefined : filters.sort,
    dir: defaultSort ? undefined : filters.dir,
  };
}

export type ContactListParams = Partial<Record<keyof ContactListQuery, string>>;

/**
 * GET /api/contacts's (and the export's) query for these filters, and the page after `cursor`.
 * A custom range with neither day is no range at all.
 */
export function listQuery(filters: ContactFilters, cursor?: string | null): ContactListParams {
  const query: ContactListParams = { sort: filters.sort, dir: filters.dir };
  if (filters.range === "custom") {
    if (filters.from || filters.to) query.range = "custom";
    if (filters.from) query.from = filters.from;
    if (filters.to) query.to = filters.to;
  } else if (filters.range) {
    query.range = filters.range;
  }
  if (filters.interfaceId) query.interfaceId = filters.interfaceId;
  if (filters.q.trim()) query.q = filters.q.trim();
  if (cursor) query.cursor = cursor;
  return query;
}

/** Whether anything narrows the list (the sort does not): an empty answer then says "no match", not "no contacts yet". */
export function isFiltered(filters: ContactFilters): boolean {
  const { sort: _sort, dir: _dir, ...rest } = filtersToSearch(filters);
  return Object.values(rest).some((value) => value !== undefined);
}

/** A click on a column's header: the same column turns around, another starts in its natural order. */
export function sortedBy(filters: ContactFilters, column: ContactSort): ContactFilters {
  if (filters.sort === column) return { ...filters, dir: filters.dir === "asc" ? "desc" : "asc" };
  return { ...filters, sort: column, dir: firstDir(column) };
}

/** The header's `aria-sort`. */
export function ariaSort(filters: ContactFilters, column: ContactSort): "ascending" | "descending" | "none" {
  if (filters.sort !== column) return "none";
  return filters.dir === "asc" ? "ascending" : "descending";
}

const dayMs = (day: string) => Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));

/**
 * A custom range in words, the days as the workspace names them (so formatted at UTC midnight,
 * never shifted by the browser's zone): "Nov 3 – 15, 2026", "From Nov 3, 2026", "Until …".
 * `words` gives the open ends' phrasing in the page's language.
 */
export function customRangeLabel(from: string, to: string, lang: string, words: { from: (day: string) => string; to: (day: string) => string }): string {
  const format = new Intl.DateTimeFormat(lang, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  if (from && to) return from === to ? format.format(dayMs(from)) : format.formatRange(dayMs(from), dayMs(to));
  if (from) return words.from(format.format(dayMs(from)));
  if (to) return words.to(format.format(dayMs(to)));
  return "";
}

/** The date filter in words, as its button and the page's summary say it: "Last 7 days", "Nov 3 – 15, 2026". */
export function rangeLabel(filters: Pick<ContactFilters, "range" | "from" | "to">, t: ContactText, lang: string): string {
  if (!filters.range) return t("contacts.range.any");
  if (filters.range !== "custom") return t(`contacts.range.${filters.range}`);
  const days = customRangeLabel(filters.from, filters.to, lang, { from: (day) => t("contacts.range.fromDay", { day }), to: (day) => t("contacts.range.toDay", { day }) });
  return days || t("contacts.range.custom");
}

/** Today in `timeZone` (YYYY-MM-DD): where a new custom range starts. */
export function todayIn(timeZone: string, now = Date.now()): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
}
