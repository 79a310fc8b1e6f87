// The inbox's search box and filters. They live in the page's address (inboxQuery.ts): a change
// here writes it, and the list follows. Typing waits for a pause before it searches.
import { createEffect, createSignal, For, on, onCleanup, Show } from "solid-js";
import type { InterfaceSummary } from "../../lib/api";
import { useOfflineText } from "./texts";
import { Icon } from "../Icon";
import { isFiltered, NO_FILTERS, type InboxFilters, type StatusFilter } from "./inboxQuery";

/** How long typing must pause before the search goes out. */
const SEARCH_PAUSE_MS = 300;
const STATUSES: StatusFilter[] = ["all", "open", "closed"];

type Props = {
  filters: InboxFilters;
  interfaces: InterfaceSummary[];
  onChange: (next: InboxFilters) => void;
};

export function OfflineFilters(props: Props) {
  const t = useOfflineText();
  const [text, setText] = createSignal(props.filters.q);
  let timer: ReturnType<typeof setTimeout> | undefined;
  onCleanup(() => clearTimeout(timer));
  // The address changed by other means (back, a link, "Clear filters"): the box shows it.
  createEffect(on(() => props.filters.q, (q) => q !== text().trim() && setText(q), { defer: true }));

  const set = (patch: Partial<InboxFilters>) => props.onChange({ ...props.filters, ...patch });
  const onSearchInput = (value: string) => {
    setText(value);
    clearTimeout(timer);
    timer = setTimeout(() => value.trim() !== props.filters.q && set({ q: value.trim() }), SEARCH_PAUSE_MS);
  };
  const searchNow = () => {
    clearTimeout(timer);
    if (text().trim() !== props.filters.q) set({ q: text().trim() });
  };

  return (
    <div class="offline-filters">
      <div class="live-search">
        <label class="sr-only" for="offline-search">
          {t("offline.search")}
        </label>
        <Icon name="search" />
        <input
          id="offline-search"
          type="search"
          data-testid="offline-search"
          placeholder={t("offline.search")}
          value={text()}
          maxLength={200}
          autocomplete="off"
          onInput={(e) => onSearchInput(e.currentTarget.value)}
          onKeyDown={(e) => e.key === "Enter" && searchNow()}
        />
      </div>
      <div class="live-filters" role="group" aria-label={t("offline.filters")}>
        <button type="button" class="pill-button toggle" data-testid="offline-filter-starred" aria-pressed={props.filters.starred} onClick={() => set({ starred: !props.filters.starred })}>
          {t("offline.filter.starred")}
        </button>
        <button type="button" class="pill-button toggle" data-testid="offline-filter-unread" aria-pressed={props.filters.unread} onClick={() => set({ unread: !props.filters.unread })}>
          {t("offline.filter.unread")}
        </button>
        <label class="sr-only" for="offline-status">
          {t("offline.filter.status")}
        </label>
        <select id="offline-status" class="select compact" data-testid="offline-filter-status" value={props.filters.status} onChange={(e) => set({ status: e.currentTarget.value as StatusFilter })}>
          <For each={STATUSES}>{(s) => <option value={s}>{t(`offline.status.${s}`)}</option>}</For>
        </select>
        <label class="sr-only" for="offline-interface">
          {t("offline.filter.interface")}
        </label>
        <select id="offline-interface" class="select compact" data-testid="offline-filter-interface" value={props.filters.interfaceId} onChange={(e) => set({ interfaceId: e.currentTarget.value })}>
          <option value="">{t("offline.allInterfaces")}</option>
          <For each={props.interfaces}>{(i) => <option value={i.id}>{i.name}</option>}</For>
        </select>
        <span class="offline-dates">
          <label>
            <span>{t("offline.filter.from")}</span>
            <input type="date" class="input compact" data-testid="offline-filter-from" value={props.filters.from} max={props.filters.to || undefined} onChange={(e) => set({ from: e.currentTarget.value })} />
          </label>
          <label>
            <span>{t("offline.filter.to")}</span>
            <input type="date" class="input compact" data-testid="offline-filter-to" value={props.filters.to} min={props.filters.from || undefined} onChange={(e) => set({ to: e.currentTarget.value })} />
          </label>
        </span>
        <Show when={isFiltered(props.filters)}>
          <button type="button" class="button ghost small" data-testid="offline-clear-filters" onClick={() => props.onChange(NO_FILTERS)}>
            {t("offline.clearFilters")}
          </button>
        </Show>
      </div>
    </div>
  );
}
