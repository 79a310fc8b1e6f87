// The live visitor list as pure data: lobby frames applied to the rows, search results
// merged in, then the agent's filters and sort. No I/O here, so the rules are tested alone.
import type { ConversationSummary } from "@raibu/protocol/api";
import type { AgentPresence, LobbyConversation, LobbyServerMessage, PageInfo } from "@raibu/protocol/realtime";

export interface LobbyState {
  rows: LobbyConversation[];
  agents: AgentPresence[];
}

export const emptyLobby = (): LobbyState => ({ rows: [], agents: [] });

/** The lobby after one frame from the workspace; `pong` and `error` change nothing. */
export function applyLobbyFrame(state: LobbyState, frame: LobbyServerMessage): LobbyState {
  switch (frame.type) {
    case "snapshot":
      return { rows: frame.conversations, agents: frame.agents };
    case "conversation":
    case "request": {
      const row = frame.conversation;
      const index = state.rows.findIndex((r) => r.conversationId === row.conversationId);
      if (index === -1) return { ...state, rows: [row, ...state.rows] };
      const rows = state.rows.slice();
      rows[index] = row;
      return { ...state, rows };
    }
    case "removed":
      return { ...state, rows: state.rows.filter((r) => r.conversationId !== frame.conversationId) };
    case "agents":
      return { ...state, agents: frame.agents };
    default:
      return state;
  }
}

/** Requests waiting for an agent: the number on the navigation badge. */
export function pendingRequests(rows: readonly LobbyConversation[]): number {
  return rows.filter((r) => r.status === "requested").length;
}

/** One row of the visitor list, from the lobby or, for older conversations, from a search. */
export interface ListRow
  extends Pick<
    LobbyConversation,
    "conversationId" | "visitorId" | "visitorName" | "interfaceId" | "interfaceName" | "status" | "requestKind" | "requestedAt" | "assignee" | "page" | "visitorOnline" | "rating"
  > {
  lastActivity: number;
  preview: string | null;
  unread: number;
  /** False for a search result the lobby does not hold: it is not live-updated. */
  live: boolean;
}

export function fromLobby(row: LobbyConversation): ListRow {
  return {
    conversationId: row.conversationId,
    visitorId: row.visitorId,
    visitorName: row.visitorName,
    interfaceId: row.interfaceId,
    interfaceName: row.interfaceName,
    status: row.status,
    requestKind: row.requestKind,
    requestedAt: row.requestedAt,
    assignee: row.assignee,
    page: row.page,
    visitorOnline: row.visitorOnline,
    lastActivity: row.lastMessageAt ?? row.createdAt,
    preview: row.lastMessagePreview,
    unread: row.unread,
    rating: row.rating ?? null,
    live: true,
  };
}

export interface Names {
  interfaces: ReadonlyMap<string, string>;
  agents: ReadonlyMap<string, string>;
}

export function fromSummary(summary: ConversationSummary, names: Names): ListRow {
  return {
    conversationId: summary.id,
    visitorId: summary.visitorId,
    visitorName: summary.visitorName,
    interfaceId: summary.interfaceId,
    interfaceName: names.interfaces.get(summary.interfaceId) ?? "",
    status: summary.status,
    requestKind: summary.requestKind,
    requestedAt: null,
    assignee: summary.assigneeId ? { id: summary.assigneeId, name: names.agents.get(summary.assigneeId) ?? "" } : null,
    page: null,
    visitorOnline: false,
    lastActivity: summary.lastMessageAt ?? summary.createdAt,
    preview: summary.lastMessagePreview,
    unread: 0,
    live: false,
  };
}

/**
 * The rows to consider. Without a search (`results` null) every lobby row. With one, the
 * lobby rows the server found (they stay live), then the found conversations the lobby
 * no longer holds, from their summaries.
 */
export function mergeSearch(lobby: readonly LobbyConversation[], results: readonly ConversationSummary[] | null, names: Names): ListRow[] {
  if (!results) return lobby.map(fromLobby);
  const found = new Set(results.map((r) => r.id));
  const held = new Set(lobby.map((r) => r.conversationId));
  return [...lobby.filter((r) => found.has(r.conversationId)).map(fromLobby), ...results.filter((r) => !held.has(r.id)).map((r) => fromSummary(r, names))];
}

export type StatusFilter = "all" | "bot" | "requested" | "live" | "closed";
export type SortOrder = "activity" | "waiting";

export interface ListFilters {
  status: StatusFilter;
  /** An interface id, or "" for every interface. */
  interfaceId: string;
  assignedToMe: boolean;
  unassigned: boolean;
}

export const defaultFilters = (): ListFilters => ({ status: "all", interfaceId: "", assignedToMe: false, unassigned: false });

export function filterRows(rows: readonly ListRow[], filters: ListFilters, meId: string): ListRow[] {
  return rows.filter(
    (r) =>
      (filters.status === "all" || r.status === filters.status) &&
      (!filters.interfaceId || r.interfaceId === filters.interfaceId) &&
      (!filters.assignedToMe || r.assignee?.id === meId) &&
      (!filters.unassigned || r.assignee === null),
  );
}

/**
 * "activity": latest activity first. "waiting": pending requests first, the longest
 * waiting at the top, then the rest by latest activity. Ties keep a stable order by id.
 */
export function sortRows(rows: readonly ListRow[], order: SortOrder): ListRow[] {
  const byActivity = (a: ListRow, b: ListRow) => b.lastActivity - a.lastActivity || a.conversationId.localeCompare(b.conversationId);
  if (order === "activity") return rows.slice().sort(byActivity);
  const waitingSince = (r: ListRow) => (r.status === "requested" ? (r.requestedAt ?? r.lastActivity) : null);
  return rows.slice().sort((a, b) => {
    const wa = waitingSince(a);
    const wb = waitingSince(b);
    if (wa !== null && wb !== null) return wa - wb || byActivity(a, b);
    if (wa !== null) return -1;
    if (wb !== null) return 1;
    return byActivity(a, b);
  });
}

/** The whole list pipeline: search merge, filters, sort. */
export function visibleRows(
  lobby: readonly LobbyConversation[],
  results: readonly ConversationSummary[] | null,
  names: Names,
  filters: ListFilters,
  order: SortOrder,
  meId: string,
): ListRow[] {
  return sortRows(filterRows(mergeSearch(lobby, results, names), filters, meId), order);
}

/** "0:42", "12:05", "1:02:09": how long someone has waited. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/** What to show of a page: its title, else its path (with query), else the raw URL. */
export function pageLabel(page: PageInfo | null | undefined): string {
  if (!page) return "";
  if (page.title.trim()) return page.title.trim();
  return pagePath(page.url);
}

export function pagePath(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}
