// The inbox's list: one row per thread, newest first, unread in bold, with its star; the next
// page comes by "Load more" (the server pages by cursor, so a deep page costs what the first does).
import { A } from "@solidjs/router";
import { For, Match, Show, Switch, type Accessor, type JSX } from "solid-js";
import type { OfflineThreadSummary } from "@raibu/protocol/offline";
import { errorText } from "../../lib/errorText";
import { useI18n } from "../../stores/createI18n";
import { useOfflineText } from "./texts";
import type { Inbox } from "./createInbox";
import { StarButton } from "./StarButton";

type Props = {
  inbox: Inbox;
  selectedId: string | null;
  filtered: boolean;
  /** The address's search ("?starred=1…"): opening a thread keeps the filters. */
  search: string;
  now: Accessor<number>;
  onStar: (thread: OfflineThreadSummary) => void;
  /** The search box and filters, between the heading and the rows. */
  children: JSX.Element;
};

export function OfflineThreadList(props: Props) {
  const t = useOfflineText();
  const inbox = props.inbox;
  return (
    <section class="surface offline-list" aria-labelledby="offline-list-title" data-testid="offline-list">
      <div class="live-list-head">
        <h2 id="offline-list-title">{t("offline.messages")}</h2>
        <Show when={inbox.list()}>{(l) => <span class="muted small-text">{t("offline.count", { count: l().threads.length })}</span>}</Show>
      </div>
      {props.children}
      <Switch>
        <Match when={inbox.error() && !inbox.list()}>
          <div class="live-list-empty" role="alert" data-testid="offline-list-error">
            <p class="error-text">{t("offline.loadFailed")}</p>
            <p class="small-text">{errorText(inbox.error(), t)}</p>
            <button type="button" class="button small" onClick={() => inbox.reload()}>
              {t("common.retry")}
            </button>
          </div>
        </Match>
        <Match when={inbox.loading()}>
          <p class="live-list-empty" role="status">
            <span class="spinner small" aria-hidden="true" /> {t("common.loading")}
          </p>
        </Match>
        <Match when={inbox.list()?.threads.length === 0}>
          <p class="live-list-empty" data-testid="offline-list-empty">
            {props.filtered ? t("offline.emptyFiltered") : t("offline.empty")}
          </p>
        </Match>
        <Match when={inbox.list()}>
          {(l) => (
            <div class="offline-rows">
              <ul class="bare-list">
                <For each={l().threads}>
                  {(thread) => <ThreadRow thread={thread} selected={props.selectedId === thread.id} search={props.search} now={props.now} onStar={() => props.onStar(thread)} />}
                </For>
              </ul>
              <Show when={inbox.hasMore()}>
                <div class="offline-more">
                  <button type="button" class="button small" data-testid="offline-load-more" disabled={inbox.loadingMore()} onClick={() => inbox.loadMore()}>
                    {inbox.loadingMore() ? t("common.loading") : t("offline.loadMore")}
                  </button>
                </div>
              </Show>
              <Show when={inbox.error()}>
                <p class="live-list-note error-text" role="alert">
                  {errorText(inbox.error(), t)}
                </p>
              </Show>
            </div>
          )}
        </Match>
      </Switch>
    </section>
  );
}

function ThreadRow(props: { thread: OfflineThreadSummary; selected: boolean; search: string; now: Accessor<number>; onStar: () => void }) {
  const { lang } = useI18n();
  const t = useOfflineText();
  const when = () => {
    const at = props.thread.lastMessageAt;
    const sameDay = new Date(at).toDateString() === new Date(props.now()).toDateString();
    return new Intl.DateTimeFormat(lang(), sameDay ? { timeStyle: "short" } : { dateStyle: "medium" }).format(at);
  };
  return (
    <li class="offline-row-item">
      <A
        href={`/offline/${encodeURIComponent(props.thread.id)}${props.search}`}
        class="offline-row"
        classList={{ selected: props.selected, unread: props.thread.unread, closed: props.thread.status === "closed" }}
        data-testid="offline-thread-row"
        data-thread-id={props.thread.id}
        data-unread={String(props.thread.unread)}
        data-starred={String(props.thread.starred)}
      >
        <span class="row-line">
          <span class="row-name" data-testid="offline-row-name">
            {props.thread.name || props.thread.email}
          </span>
          <Show when={props.thread.unread}>
            <span class="unread-dot" title={t("offline.unread")}>
              <span class="sr-only">{t("offline.unread")}</span>
            </span>
          </Show>
          <time class="row-time" dateTime={new Date(props.thread.lastMessageAt).toISOString()}>
            {when()}
          </time>
        </span>
        <Show when={props.thread.name}>
          <span class="row-email">{props.thread.email}</span>
        </Show>
        <span class="row-preview" data-testid="offline-row-preview">
          {props.thread.preview}
        </span>
        <span class="row-line row-meta">
          <span class="row-interface">{props.thread.interfaceName}</span>
          <Show when={props.thread.status === "closed"}>
            <span class="chip chip-closed">{t("offline.closedChip")}</span>
          </Show>
        </span>
      </A>
      <StarButton starred={props.thread.starred} testId="offline-star" onToggle={() => props.onStar()} />
    </li>
  );
}
