// The contacts list's search box and filters: the conversion date (presets, or two days), the
// interface. They live in the page's address (contactQuery.ts): a change here writes it and the
// list follows. Typing waits for a pause before it searches (SearchBox).
import { For, Show } from "solid-js";
import type { DatePreset } from "@raibu/protocol/contacts";
import type { InterfaceSummary } from "../../lib/api";
import { useI18n } from "../../stores/createI18n";
import { InterfaceSelect } from "../InterfaceSelect";
import { SearchBox, type SearchBoxControls } from "../SearchBox";
import { DATE_PRESETS, isFiltered, NO_FILTERS, todayIn, type ContactFilters as Filters } from "./contactQuery";
import { useContactText } from "./texts";

type Props = {
  filters: Filters;
  interfaces: InterfaceSummary[];
  timeZone: string;
  onChange: (next: Filters) => void;
};

export function ContactFilters(props: Props) {
  const t = useContactText();
  const { lang } = useI18n();
  let searchBox: SearchBoxControls | undefined;

  const set = (patch: Partial<Filters>) => props.onChange({ ...props.filters, ...patch });
  const pickRange = (value: string) => {
    const range = value as DatePreset | "";
    // A new custom range starts as today (in the workspace's days), then the agent moves its ends.
    if (range === "custom" && props.filters.range !== "custom") {
      const today = todayIn(props.timeZone);
      return set({ range, from: today, to: today });
    }
    set({ range, from: "", to: "" });
  };
  const clear = () => {
    searchBox?.clear();
    props.onChange({ ...NO_FILTERS, sort: props.filters.sort, dir: props.filters.dir });
  };

  return (
    <div class="contacts-filters" role="search">
      <SearchBox
        class="contacts-search"
        id="contacts-search"
        testId="contacts-search"
        label={t("contacts.search")}
        maxLength={200}
        searchOnEnter
        value={props.filters.q}
        onSearch={(q) => set({ q })}
        controls={(box) => (searchBox = box)}
      />
      <div class="contacts-filter-row" role="group" aria-label={t("contacts.filters")}>
        <label class="contacts-filter">
          <span>{t("contacts.range")}</span>
          <select class="select compact" data-testid="contacts-range" value={props.filters.range} onChange={(e) => pickRange(e.currentTarget.value)}>
            <option value="">{t("contacts.range.any")}</option>
            <For each={DATE_PRESETS}>{(preset) => <option value={preset}>{t(`contacts.range.${preset}`)}</option>}</For>
          </select>
        </label>
        <Show when={props.filters.range === "custom"}>
          <label class="contacts-filter">
            <span>{t("contacts.from")}</span>
            <input
              type="date"
              class="contacts-day"
              lang={lang()}
              data-testid="contacts-from"
              value={props.filters.from}
              max={props.filters.to || undefined}
              onChange={(e) => set({ from: e.currentTarget.value })}
            />
          </label>
          <label class="contacts-filter">
            <span>{t("contacts.to")}</span>
            <input
              type="date"
              class="contacts-day"
              lang={lang()}
              data-testid="contacts-to"
              value={props.filters.to}
              min={props.filters.from || undefined}
              onChange={(e) => set({ to: e.currentTarget.value })}
            />
          </label>
        </Show>
        <label class="contacts-filter">
          <span class="sr-only">{t("contacts.interface")}</span>
          <InterfaceSelect interfaces={props.interfaces} value={props.filters.interfaceId} allLabel={t("contacts.allInterfaces")} testId="contacts-interface" onChange={(interfaceId) => set({ interfaceId })} />
        </label>
        <Show when={isFiltered(props.filters)}>
          <button type="button" class="button ghost small" data-testid="contacts-clear" onClick={clear}>
            {t("contacts.clearFilters")}
          </button>
        </Show>
      </div>
      <Show when={props.filters.range}>
        <p class="muted small-text contacts-zone">{t("contacts.daysNote", { zone: props.timeZone })}</p>
      </Show>
    </div>
  );
}
