// « Messages hors ligne »: what visitors left when nobody answered, and the agents' email replies.
// The list (left) with its filters in the address, the open thread (right); one column at a time
// on phones. Loaded on demand (App.tsx), with its own stylesheet.
import { useLocation, useNavigate, useParams, useSearchParams } from "@solidjs/router";
import { createMemo, createResource, Show } from "solid-js";
import { createInbox } from "../components/offline/createInbox";
import { filtersFromSearch, filtersToSearch, isFiltered, type InboxFilters } from "../components/offline/inboxQuery";
import { OfflineFilters } from "../components/offline/OfflineFilters";
import { OfflineThread } from "../components/offline/OfflineThread";
import { OfflineThreadList } from "../components/offline/OfflineThreadList";
import { Icon } from "../components/Icon";
import { useApi, type InterfaceSummary } from "../lib/api";
import { createNow, createPageVisible } from "../lib/signals";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useOfflineText } from "../components/offline/texts";
import { useSession } from "../stores/createSession";
import "../components/offline/offline.css";

export function OfflineMessagesPage() {
  const t = useOfflineText();
  const api = useApi();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const params = useParams<{ threadId?: string }>();
  const [search, setSearch] = useSearchParams();
  const now = createNow(60_000);
  const pageVisible = createPageVisible();
  useDocumentTitle(() => t("nav.offline"));

  const filters = createMemo(() => filtersFromSearch(search), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const setFilters = (next: InboxFilters) => setSearch(filtersToSearch(next));
  const openId = () => params.threadId || null;
  const timeZone = () => session.me()?.workspace.timeZone ?? "UTC";
  const inbox = createInbox({ filters, openId, timeZone });
  const [interfaces] = createResource(async () => (await api.interfaces().catch(() => ({ interfaces: [] as InterfaceSummary[] }))).interfaces, { initialValue: [] });

  const backToList = () => navigate(`/offline${location.search}`);
  const star = (thread: { id: string; starred: boolean }) =>
    void api
      .updateOfflineThread(thread.id, { starred: !thread.starred })
      .then(inbox.change)
      .catch(() => inbox.reload());

  return (
    <Show when={session.me()}>
      {(me) => (
        <div class="offline" data-view={openId() ? "thread" : "list"} data-testid="offline-page">
          <header class="live-head">
            <h1>{t("nav.offline")}</h1>
          </header>
          <div class="offline-grid">
            <OfflineThreadList inbox={inbox} selectedId={openId()} filtered={isFiltered(filters())} search={location.search} now={now} onStar={star}>
              <OfflineFilters filters={filters()} interfaces={interfaces()} onChange={setFilters} />
            </OfflineThreadList>
            <Show
              when={openId()}
              keyed
              fallback={
                <div class="surface live-pick offline-pick">
                  <span class="empty-icon">
                    <Icon name="offline" />
                  </span>
                  <p class="empty-title">{t("offline.pickTitle")}</p>
                  <p class="muted">{t("offline.pick")}</p>
                </div>
              }
            >
              {(id) => <OfflineThread id={id} me={me()} visible={pageVisible} onChanged={inbox.change} onBack={backToList} />}
            </Show>
          </div>
        </div>
      )}
    </Show>
  );
}
