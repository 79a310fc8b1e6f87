// The contacts as a table whose headers sort (a click turns the order round; `aria-sort` says it),
// each row opening the contact's page. On phones the rows become cards (contacts.css) and a select
// takes the headers' place for sorting.
import { A } from "@solidjs/router";
import { For, Show } from "solid-js";
import type { ContactRow, ContactSort } from "@raibu/protocol/contacts";
import { relativeTime } from "../../lib/relativeTime";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";
import { ariaSort, CONTACT_SORTS, sortedBy, type ContactFilters } from "./contactQuery";
import { useContactText } from "./texts";

type Props = {
  rows: ContactRow[];
  filters: ContactFilters;
  timeZone: string;
  now: number;
  /** The list's address search, carried to the contact's page so « All contacts » comes back to it. */
  search: string;
  onSort: (next: ContactFilters) => void;
};

export function ContactTable(props: Props) {
  const t = useContactText();
  const { lang } = useI18n();
  const day = (ms: number) => new Intl.DateTimeFormat(lang(), { dateStyle: "medium", timeZone: props.timeZone }).format(ms);
  const dayAndTime = (ms: number) => new Intl.DateTimeFormat(lang(), { dateStyle: "medium", timeStyle: "short", timeZone: props.timeZone }).format(ms);
  const label = (column: ContactSort) => t(`contacts.col.${column}`);

  const Header = (p: { column: ContactSort }) => (
    <th scope="col" aria-sort={ariaSort(props.filters, p.column)} data-column={p.column}>
      <button type="button" class="contacts-sort" data-testid={`contacts-sort-${p.column}`} onClick={() => props.onSort(sortedBy(props.filters, p.column))}>
        <span>{label(p.column)}</span>
        <Show when={props.filters.sort === p.column}>
          <Icon name={props.filters.dir === "asc" ? "up" : "down"} />
        </Show>
      </button>
    </th>
  );

  // A blank cell has no line on a phone's card. The span cuts a long value short (a table cell's own
  // max-width is ignored); the whole value is its title.
  const Cell = (p: { column: ContactSort; value: string | null }) => (
    <td data-label={label(p.column)} classList={{ blank: !p.value }}>
      <span class="cell" title={p.value ?? undefined}>
        {p.value ?? ""}
      </span>
    </td>
  );

  return (
    <>
      <label class="contacts-sort-narrow">
        <span>{t("contacts.sortBy")}</span>
        <select
          class="select compact"
          data-testid="contacts-sort-select"
          value={`${props.filters.sort}:${props.filters.dir}`}
          onChange={(e) => {
            const [sort, dir] = e.currentTarget.value.split(":") as [ContactSort, "asc" | "desc"];
            props.onSort({ ...props.filters, sort, dir });
          }}
        >
          <For each={CONTACT_SORTS}>
            {(column) => (
              <>
                <option value={`${column}:asc`}>{`${label(column)} ↑`}</option>
                <option value={`${column}:desc`}>{`${label(column)} ↓`}</option>
              </>
            )}
          </For>
        </select>
      </label>
      <div class="table-wrap">
        <table class="table contacts-table" data-testid="contacts-table">
          <thead class="sr-only-narrow">
            <tr>
              <For each={CONTACT_SORTS}>{(column) => <Header column={column} />}</For>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>
              {(row) => (
                <tr data-testid="contact-row" data-id={row.id}>
                  <td class="contacts-name">
                    <A class="cell" href={`/contacts/${encodeURIComponent(row.id)}`} state={{ list: props.search }} title={row.name ?? undefined} data-testid="contact-link">
                      {row.name || <span class="muted">{t("contacts.noName")}</span>}
                    </A>
                  </td>
                  <Cell column="email" value={row.email} />
                  <Cell column="phone" value={row.phone} />
                  <Cell column="company" value={row.company} />
                  <Cell column="interface" value={row.interfaceName} />
                  <td data-label={label("convertedAt")} data-testid="contact-converted">
                    <time class="cell" dateTime={new Date(row.convertedAt).toISOString()} title={dayAndTime(row.convertedAt)}>
                      {day(row.convertedAt)}
                    </time>
                  </td>
                  <Cell column="convertedBy" value={row.convertedBy?.name ?? null} />
                  <td data-label={label("lastActivityAt")} classList={{ blank: !row.lastActivityAt }}>
                    <Show when={row.lastActivityAt}>
                      {(at) => (
                        <time class="cell" dateTime={new Date(at()).toISOString()} title={dayAndTime(at())}>
                          {relativeTime(at(), props.now, lang())}
                        </time>
                      )}
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </>
  );
}
