// The inbox's search box and filters. They live in the page's address (inboxQuery.ts): a change
// here writes it, and the list follows. Typing waits for a pause before it searches (SearchBox).
import { For, Show } from "solid-js";
import type { InterfaceSummary } from "../../lib/api";
import { useOfflineText } from "./texts";
import { InterfaceSelect } from "../InterfaceSelect";
import { SearchBox } from "../SearchBox";
import { isFiltered, NO_FILTERS, type InboxFilters, type StatusFilter } from "./inboxQuery";

const STATUSES: StatusFilter[] = ["all", "open", "closed"];

type Props = {
  filters: InboxFilters;
  interfaces: InterfaceSummary[];
  onChange: (next: InboxFilters) => void;
};

export function OfflineFilters(props: Props) {
  const t = useOfflineText();
  const set = (patch: Partial<InboxFilters>) => props.onChange({ ...props.filters, ...patch });

  return (
    <div class="offline-filters">
      <SearchBox
        class="live-search"
        id="offline-search"
        testId="offline-search"
        label={t("offline.search")}
        maxLength={200}
        searchOnEnter
        value={props.filters.q}
        onSearch={(q) => set({ q })}
      />
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
        <InterfaceSelect
          id="offline-interface"
          interfaces={props.interfaces}
          value={props.filters.interfaceId}
          allLabel={t("offline.allInterfaces")}
          testId="offline-filter-interface"
          onChange={(interfaceId) => set({ interfaceId })}
        />
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
