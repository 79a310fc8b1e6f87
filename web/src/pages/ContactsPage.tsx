// Contacts, the mini CRM's list: every visitor saved as a contact, filtered by conversion date (the
// workspace's days), interface and words, sorted by any column, a page at a time, with the total and
// « Export CSV » of the same filter. The filter and sort live in the address. Loaded on demand
// (App.tsx), with its texts and stylesheet.
import { A, useLocation, useSearchParams } from "@solidjs/router";
import { createMemo, createResource, Match, Show, Switch } from "solid-js";
import { ContactFilters } from "../components/contacts/ContactFilters";
import { ContactTable } from "../components/contacts/ContactTable";
import { createContactList } from "../components/contacts/createContactList";
import { filtersFromSearch, filtersToSearch, isFiltered, listQuery, type ContactFilters as Filters } from "../components/contacts/contactQuery";
import { ExportButton } from "../components/contacts/ExportButton";
import { useContactText } from "../components/contacts/texts";
import { Icon } from "../components/Icon";
import { Notice } from "../components/Notice";
import { useApi, type InterfaceSummary } from "../lib/api";
import { createNow } from "../lib/signals";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import "../components/contacts/contacts.css";

export function ContactsPage() {
  const t = useContactText();
  const { lang } = useI18n();
  const api = useApi();
  const session = useSession();
  const location = useLocation();
  const [search, setSearch] = useSearchParams();
  const now = createNow(60_000);
  useDocumentTitle(() => t("nav.contacts"));

  const filters = createMemo(() => filtersFromSearch(search), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const setFilters = (next: Filters) => setSearch(filtersToSearch(next));
  const timeZone = () => session.me()?.workspace.timeZone ?? "UTC";
  const list = createContactList(filters);
  const [interfaces] = createResource(async () => (await api.interfaces().catch(() => ({ interfaces: [] as InterfaceSummary[] }))).interfaces, { initialValue: [] });
  const empty = () => list.loaded() && !list.loading() && list.rows().length === 0;

  return (
    <div class="page contacts-page" data-testid="contacts-page">
      <header class="page-head with-action">
        <div>
          <h1>{t("nav.contacts")}</h1>
          <p class="page-about" data-testid="contacts-total" aria-live="polite">
            <Show when={list.loaded()} fallback={"\u00a0"}>
              {t("contacts.count", { count: list.total() })}
              <Show when={list.rows().length < list.total()}>
                {" · "}
                {t("contacts.shown", { shown: list.rows().length.toLocaleString(lang()) })}
              </Show>
            </Show>
          </p>
        </div>
        <ExportButton query={() => listQuery(filters())} />
      </header>
      <section class="card flush contacts-card">
        <ContactFilters filters={filters()} interfaces={interfaces()} timeZone={timeZone()} onChange={setFilters} />
        <Switch>
          <Match when={list.failed() && !list.loading() && list.rows().length === 0}>
            <div class="contacts-state" data-testid="contacts-error">
              <Notice tone="error">
                {t("contacts.loadFailed")}{" "}
                <button type="button" class="button small" onClick={() => list.reload()}>
                  {t("common.retry")}
                </button>
              </Notice>
            </div>
          </Match>
          <Match when={empty() && isFiltered(filters())}>
            <p class="contacts-state muted" data-testid="contacts-empty-filtered">
              {t("contacts.emptyFiltered")}
            </p>
          </Match>
          <Match when={empty()}>
            <div class="contacts-state contacts-empty" data-testid="contacts-empty">
              <span class="empty-icon">
                <Icon name="contacts" />
              </span>
              <p class="empty-title">{t("contacts.emptyTitle")}</p>
              <p class="muted">{t("contacts.emptyBody")}</p>
              <A href="/live" class="button primary">
                {t("contacts.emptyAction")}
              </A>
            </div>
          </Match>
          <Match when={!list.loaded()}>
            <p class="contacts-state muted" role="status" data-testid="contacts-loading">
              <span class="spinner small" aria-hidden="true" /> {t("common.loading")}
            </p>
          </Match>
          <Match when={list.loaded()}>
            <div class="contacts-rows" classList={{ stale: list.loading() }} aria-busy={list.loading()}>
              <Show when={list.failed() && !list.loading()}>
                <div class="contacts-state" data-testid="contacts-error">
                  <Notice tone="error">
                    {t("contacts.loadFailed")}{" "}
                    <button type="button" class="button small" onClick={() => list.reload()}>
                      {t("common.retry")}
                    </button>
                  </Notice>
                </div>
              </Show>
              <ContactTable rows={list.rows()} filters={filters()} timeZone={timeZone()} now={now()} search={location.search} onSort={setFilters} />
              <Show when={list.more()}>
                <div class="contacts-more">
                  <button type="button" class="button small" data-testid="contacts-load-more" disabled={list.loading()} onClick={() => list.loadMore()}>
                    {list.loading() ? t("common.loading") : t("contacts.loadMore")}
                  </button>
                </div>
              </Show>
            </div>
          </Match>
        </Switch>
      </section>
    </div>
  );
}
