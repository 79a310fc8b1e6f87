// The inbox list on screen: the first page for the filters in the address, the pages after it
// by cursor, and every change the lobby reports (or this tab makes) merged in without a reload.
import { createEffect, createSignal, on, onCleanup, type Accessor } from "solid-js";
import type { OfflineThreadSummary } from "@raibu/protocol/offline";
import { useApi } from "../../lib/api";
import { useLobby } from "../../stores/createLobby";
import { withPage, withThread, type InboxList } from "./inboxMerge";
import { filtersToSearch, listQuery, type InboxFilters } from "./inboxQuery";

export interface InboxOptions {
  filters: Accessor<InboxFilters>;
  openId: Accessor<string | null>;
  timeZone: Accessor<string>;
}

export function createInbox(options: InboxOptions) {
  const api = useApi();
  const lobby = useLobby();
  const [list, setList] = createSignal<InboxList | null>(null);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [error, setError] = createSignal<unknown>(null);
  // Each new set of filters starts over; an answer for filters since replaced is dropped.
  let generation = 0;

  async function load(cursor: string | null) {
    const mine = ++generation;
    setError(null);
    if (cursor) setLoadingMore(true);
    try {
      const page = await api.offlineThreads(listQuery(options.filters(), cursor));
      if (mine === generation) setList((l) => withPage(cursor ? l : null, page));
    } catch (err) {
      if (mine === generation) setError(err);
    } finally {
      if (mine === generation) setLoadingMore(false);
    }
  }

  const reload = () => {
    setList(null);
    void load(null);
  };
  createEffect(on(() => JSON.stringify(filtersToSearch(options.filters())), reload));

  /** A thread as it is now (a frame's, or the answer to this tab's own change). */
  const change = (thread: OfflineThreadSummary) =>
    setList((l) => l && withThread(l, thread, { filters: options.filters(), timeZone: options.timeZone(), openId: options.openId() }));
  onCleanup(lobby.onOffline((frame) => change(frame.thread)));
  // Frames missed while the lobby socket was down: the first page again, in place.
  createEffect(on(lobby.link, (link, before) => link === "open" && before === "reconnecting" && void load(null), { defer: true }));

  return {
    list,
    /** The first page has not come yet (or failed). */
    loading: () => list() === null && !error(),
    loadingMore,
    error,
    hasMore: () => (list()?.nextCursor ?? null) !== null,
    loadMore: () => {
      const cursor = list()?.nextCursor;
      if (cursor && !loadingMore()) void load(cursor);
    },
    reload,
    change,
  };
}

export type Inbox = ReturnType<typeof createInbox>;
