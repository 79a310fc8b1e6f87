// The left column of the live page: every visitor of the lobby, with filters, sort and a
// server-side search; each row opens its conversation.
import { A } from "@solidjs/router";
import { createEffect, createMemo, createSignal, For, on, Show, type Accessor } from "solid-js";
import { useApi, type ConversationSummary } from "../../lib/api";
import { formatDuration, pagePath, visibleRows, type ListFilters, type ListRow, type Names, type SortOrder, type StatusFilter } from "../../lib/lobbyView";
import { useI18n } from "../../stores/createI18n";
import { useLobby } from "../../stores/createLobby";
import { Icon } from "../Icon";
import { InterfaceSelect } from "../InterfaceSelect";
import { SearchBox } from "../SearchBox";
import { StatusChip } from "./StatusChip";
import { RatingStars } from "./RatingStars";
import "./visitorList.css";

const STATUS_FILTERS: StatusFilter[] = ["all", "bot", "requested", "live", "closed"];

type Props = {
  selectedId: string | undefined;
  meId: string;
  now: Accessor<number>;
  names: Names;
  interfaces: { id: string; name: string }[];
};

export function VisitorList(props: Props) {
  const { t, lang } = useI18n();
  const api = useApi();
  const lobby = useLobby();

  const [status, setStatus] = createSignal<StatusFilter>("all");
  const [interfaceId, setInterfaceId] = createSignal("");
  const [assignedToMe, setAssignedToMe] = createSignal(false);
  const [unassigned, setUnassigned] = createSignal(false);
  const [order, setOrder] = createSignal<SortOrder>("activity");

  // Search runs on the server (names, emails, message text); the list keeps what it found.
  const [term, setTerm] = createSignal("");
  const [results, setResults] = createSignal<ConversationSummary[] | null>(null);
  const [searching, setSearching] = createSignal(false);
  const [searchFailed, setSearchFailed] = createSignal(false);
  let searchRun = 0;

  createEffect(
    on(term, async (q) => {
      const run = ++searchRun;
      setSearchFailed(false);
      if (!q) {
        setResults(null);
        setSearching(false);
        return;
      }
      setSearching(true);
      try {
        const found = (await api.conversations({ q, limit: 200 })).conversations;
        if (run === searchRun) setResults(found);
      } catch {
        if (run === searchRun) setSearchFailed(true);
      } finally {
        if (run === searchRun) setSearching(false);
      }
    }),
  );

  const filters = (): ListFilters => ({ status: status(), interfaceId: interfaceId(), assignedToMe: assignedToMe(), unassigned: unassigned() });
  const rows = createMemo(() => visibleRows(lobby.rows(), results(), props.names, filters(), order(), props.meId));
  // Rows are keyed by conversation id so a row keeps its element (and focus) as it updates.
  const byId = createMemo(() => new Map(rows().map((r) => [r.conversationId, r])));
  const ids = createMemo(() => rows().map((r) => r.conversationId), undefined, {
    equals: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]),
  });

  const filtered = () => status() !== "all" || interfaceId() !== "" || assignedToMe() || unassigned() || term() !== "";

  return (
    <section class="surface live-list" aria-labelledby="live-list-title">
      <div class="live-list-head">
        <h2 id="live-list-title">{t("live.listLabel")}</h2>
        <span class="muted small-text" aria-live="polite">
          {t("live.count", { count: rows().length })}
        </span>
      </div>
      <SearchBox
        class="live-search"
        landmark
        id="live-search"
        testId="search"
        label={t("live.search")}
        placeholder={t("live.searchPlaceholder")}
        clearOnEscape
        value={term()}
        onSearch={setTerm}
      />
      <div class="live-filters" role="group" aria-label={t("live.filters")}>
        <label class="sr-only" for="live-status">
          {t("live.filterStatus")}
        </label>
        <select id="live-status" class="select compact" data-testid="filter-status" value={status()} onChange={(e) => setStatus(e.currentTarget.value as StatusFilter)}>
          <For each={STATUS_FILTERS}>{(s) => <option value={s}>{s === "all" ? t("live.status.all") : t(`status.${s}`)}</option>}</For>
        </select>
        <label class="sr-only" for="live-interface">
          {t("live.filterInterface")}
        </label>
        <InterfaceSelect id="live-interface" interfaces={props.interfaces} value={interfaceId()} allLabel={t("live.allInterfaces")} testId="filter-interface" onChange={setInterfaceId} />
        <button
          type="button"
          class="pill-button toggle"
          data-testid="filter-mine"
          aria-pressed={assignedToMe()}
          onClick={() => {
            setAssignedToMe((v) => !v);
            setUnassigned(false);
          }}
        >
          {t("live.assignedToMe")}
        </button>
        <button
          type="button"
          class="pill-button toggle"
          data-testid="filter-unassigned"
          aria-pressed={unassigned()}
          onClick={() => {
            setUnassigned((v) => !v);
            setAssignedToMe(false);
          }}
        >
          {t("live.unassigned")}
        </button>
        <label class="sort">
          <span>{t("live.sort")}</span>
          <select class="select compact" data-testid="sort" value={order()} onChange={(e) => setOrder(e.currentTarget.value as SortOrder)}>
            <option value="activity">{t("live.sort.activity")}</option>
            <option value="waiting">{t("live.sort.waiting")}</option>
          </select>
        </label>
      </div>
      <Show when={searching() || searchFailed()}>
        <p class="live-list-note" classList={{ "error-text": searchFailed() }} role={searchFailed() ? "alert" : "status"}>
          {searchFailed() ? t("live.searchFailed") : t("live.searching")}
        </p>
      </Show>
      <Show
        when={ids().length > 0}
        fallback={
          <p class="live-list-empty" data-testid="visitor-list-empty">
            {!lobby.ready() ? t("common.loading") : filtered() ? t("live.emptyFiltered") : t("live.empty")}
          </p>
        }
      >
        <ul class="bare-list visitor-rows" data-testid="visitor-list">
          <For each={ids()}>
            {(id) => (
              <Show when={byId().get(id)}>
                {(row) => <VisitorRow row={row()} selected={props.selectedId === id} now={props.now} lang={lang()} meId={props.meId} />}
              </Show>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function VisitorRow(props: { row: ListRow; selected: boolean; now: Accessor<number>; lang: string; meId: string }) {
  const { t } = useI18n();
  const waiting = () => (props.row.status === "requested" ? formatDuration(props.now() - (props.row.requestedAt ?? props.row.lastActivity)) : null);
  const when = () => {
    const at = props.row.lastActivity;
    const sameDay = new Date(at).toDateString() === new Date(props.now()).toDateString();
    return new Intl.DateTimeFormat(props.lang, sameDay ? { timeStyle: "short" } : { dateStyle: "short" }).format(at);
  };
  const page = () => (props.row.page ? pagePath(props.row.page.url) || props.row.page.title : "");
  return (
    <li>
      <A
        href={`/live/${encodeURIComponent(props.row.conversationId)}`}
        class="visitor-row"
        classList={{ selected: props.selected, requested: props.row.status === "requested" }}
        data-testid="visitor-row"
        data-conversation-id={props.row.conversationId}
        data-status={props.row.status}
      >
        <span class="row-line">
          <span class="presence-dot" classList={{ on: props.row.visitorOnline }} data-testid="visitor-online" data-online={String(props.row.visitorOnline)} title={t(props.row.visitorOnline ? "live.visitorOnline" : "live.visitorOffline")}>
            <span class="sr-only">{t(props.row.visitorOnline ? "live.visitorOnline" : "live.visitorOffline")}</span>
          </span>
          <span class="row-name" data-testid="visitor-name">
            {props.row.visitorName}
          </span>
          <Show when={props.row.status === "requested"}>
            <span class="request-kind" data-testid="request-kind" data-kind={props.row.requestKind ?? "live"} title={t(props.row.requestKind === "video" ? "live.request.video" : "live.request.live")}>
              <Icon name={props.row.requestKind === "video" ? "video" : "live"} />
              <span class="sr-only">{t(props.row.requestKind === "video" ? "live.request.video" : "live.request.live")}</span>
            </span>
          </Show>
          <StatusChip status={props.row.status} />
        </span>
        <Show when={props.row.preview}>
          <span class="row-preview">{props.row.preview}</span>
        </Show>
        <span class="row-line row-meta">
          <span class="row-interface">{props.row.interfaceName}</span>
          <Show when={page()}>
            <span class="row-page" title={props.row.page?.url}>
              {page()}
            </span>
          </Show>
        </span>
        <span class="row-line row-meta">
          <Show when={waiting()} fallback={<span class="row-time">{when()}</span>}>
            <span class="row-waiting" data-testid="waiting-time">
              {t("live.waiting", { time: waiting()! })}
            </span>
          </Show>
          <Show when={props.row.rating}>{(score) => <RatingStars score={score()} testId="row-rating" />}</Show>
          <span class="row-assignee" data-testid="row-assignee">
            {props.row.assignee ? (props.row.assignee.id === props.meId ? t("live.assignedToYou") : props.row.assignee.name) : ""}
          </span>
          <Show when={props.row.unread > 0 && !props.selected}>
            <span class="count-badge unread-badge" data-testid="unread-badge" aria-hidden="true" title={t("live.unread", { count: props.row.unread })}>
              {props.row.unread}
            </span>
            <span class="sr-only">{t("live.unread", { count: props.row.unread })}</span>
          </Show>
        </span>
      </A>
    </li>
  );
}
