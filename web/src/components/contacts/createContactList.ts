// The contacts list on screen: the first page for the current filter (read again when it changes),
// further pages by cursor, the total. An answer for a filter no longer current is dropped, so
// typing fast in the search box never shows an older search's rows.
import { createEffect, createSignal, on, type Accessor } from "solid-js";
import type { ContactRow } from "@raibu/protocol/contacts";
import { useApi } from "../../lib/api";
import { listQuery, type ContactFilters } from "./contactQuery";

export function createContactList(filters: Accessor<ContactFilters>) {
  const api = useApi();
  const [rows, setRows] = createSignal<ContactRow[]>([]);
  const [total, setTotal] = createSignal(0);
  const [cursor, setCursor] = createSignal<string | null>(null);
  const [loading, setLoading] = createSignal(true);
  const [failed, setFailed] = createSignal(false);
  const [loaded, setLoaded] = createSignal(false);
  let asked = 0;

  const load = async (more: boolean) => {
    const ticket = ++asked;
    setLoading(true);
    setFailed(false);
    try {
      const page = await api.contacts(listQuery(filters(), more ? cursor() : null));
      if (ticket !== asked) return;
      setRows((list) => {
        if (!more) return page.contacts;
        const seen = new Set(list.map((row) => row.id));
        return [...list, ...page.contacts.filter((row) => !seen.has(row.id))];
      });
      setCursor(page.nextCursor);
      setTotal(page.total);
      setLoaded(true);
    } catch {
      if (ticket === asked) setFailed(true);
    } finally {
      if (ticket === asked) setLoading(false);
    }
  };

  createEffect(on(filters, () => void load(false)));

  return {
    rows,
    total,
    loading,
    failed,
    loaded,
    more: () => cursor() !== null,
    loadMore: () => void load(true),
    reload: () => void load(false),
  };
}

export type ContactList = ReturnType<typeof createContactList>;
