// « Conversations en direct »: the visitors on the site (left), the open conversation
// (middle) and who the visitor is (right). On laptops the visitor panel is a drawer over the
// conversation, opened from its header; on narrow screens one column shows at a time.
import { useNavigate, useParams } from "@solidjs/router";
import { createEffect, createMemo, createResource, createSignal, Match, on, onCleanup, Show, Switch, type Accessor } from "solid-js";
import { ConversationPane } from "../components/live/ConversationPane";
import { VisitorList } from "../components/live/VisitorList";
import { VisitorPanel } from "../components/live/VisitorPanel";
import { Icon } from "../components/Icon";
import { askNotificationPermission, notificationState } from "../lib/alerts";
import { useApi, type InterfaceSummary, type Me, type TeamMember } from "../lib/api";
import type { Names } from "../lib/lobbyView";
import { createMediaQuery, createNow, createPageVisible } from "../lib/signals";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { createConversation } from "../stores/createConversation";
import { useI18n } from "../stores/createI18n";
import { useLobby } from "../stores/createLobby";
import { useSession } from "../stores/createSession";
import "../components/live/live.css";

type NarrowPane = "chat" | "visitor";

export function LiveConversationsPage() {
  const { t } = useI18n();
  const api = useApi();
  const session = useSession();
  const lobby = useLobby();
  const params = useParams<{ conversationId?: string }>();
  const now = createNow();
  const wide = createMediaQuery("(min-width: 900px)");
  // From this width the visitor panel has its own column (live.css); below it, it folds away.
  const docked = createMediaQuery("(min-width: 1440px)");
  const pageVisible = createPageVisible();
  const [pane, setPane] = createSignal<NarrowPane>("chat");

  // The count of waiting requests (and my unread messages) leads every page's title (components/Attention.tsx).
  useDocumentTitle(() => t("nav.live"));

  // Names for search results the lobby does not hold; a failure only leaves names blank.
  const [interfaces] = createResource(async () => (await api.interfaces().catch(() => ({ interfaces: [] as InterfaceSummary[] }))).interfaces, { initialValue: [] });
  const [members] = createResource(async () => (await api.members().catch(() => ({ members: [] as TeamMember[] }))).members, { initialValue: [] });
  const names = createMemo<Names>(() => ({
    interfaces: new Map(interfaces().map((i) => [i.id, i.name])),
    agents: new Map([...lobby.agents().map((a) => [a.userId, a.name] as const), ...members().map((m) => [m.id, m.name] as const)]),
  }));

  const selected = () => params.conversationId || undefined;
  createEffect(on(selected, () => setPane("chat")));
  const view = () => (selected() ? pane() : "list");
  const drawer = () => wide() && !docked();
  const drawerOpen = () => drawer() && view() === "visitor";

  // The drawer takes the focus when it opens and gives it back to its toggle when it closes.
  createEffect(
    on(drawerOpen, (open, wasOpen) => {
      if (open) requestAnimationFrame(() => document.querySelector<HTMLElement>(".live-visitor .fold-toggle")?.focus());
      else if (wasOpen && document.activeElement?.closest(".live-visitor")) document.querySelector<HTMLElement>(".chat-head .fold-toggle")?.focus();
    }, { defer: true }),
  );
  const onKey = (event: KeyboardEvent) => {
    // A dialog or an editor inside the drawer takes its own Escape first.
    if (event.key !== "Escape" || !drawerOpen() || event.defaultPrevented || document.querySelector("dialog[open]")) return;
    if (event.target instanceof Element && event.target.closest("input, textarea, select")) return;
    setPane("chat");
  };
  document.addEventListener("keydown", onKey);
  onCleanup(() => document.removeEventListener("keydown", onKey));

  return (
    <Show when={session.me()}>
      {(me) => (
        <div class="live" data-view={view()} data-testid="live-page">
          <header class="live-head">
            <h1>{t("nav.live")}</h1>
            <div class="live-head-tools">
              <Show when={lobby.link() !== "open"}>
                <span class="link-state" role="status" data-testid="lobby-link">
                  <span class="spinner small" aria-hidden="true" />
                  {lobby.link() === "reconnecting" ? t("live.reconnecting") : t("live.connecting")}
                </span>
              </Show>
              <Show when={me().availability !== "online"}>
                <span class="muted small-text">{t("live.awayHint")}</span>
              </Show>
              <NotificationButton />
            </div>
          </header>
          <div class="live-grid">
            <VisitorList selectedId={selected()} meId={me().id} now={now} names={names()} interfaces={interfaces()} />
            <Show
              when={selected()}
              keyed
              fallback={
                <div class="surface live-pick">
                  <span class="empty-icon">
                    <Icon name="live" />
                  </span>
                  <p class="empty-title">{t("live.pickTitle")}</p>
                  <p class="muted">{t("live.pick")}</p>
                </div>
              }
            >
              {(id) => (
                <ConversationArea
                  id={id}
                  me={me()}
                  now={now}
                  members={members()}
                  visible={() => pageVisible() && (wide() || pane() === "chat")}
                  visitorShown={!docked() && pane() === "visitor"}
                  onShowVisitor={() => setPane(drawer() && pane() === "visitor" ? "chat" : "visitor")}
                  onShowChat={() => setPane("chat")}
                />
              )}
            </Show>
          </div>
        </div>
      )}
    </Show>
  );
}

/** The open conversation's two columns, with its socket: they live and die together. */
function ConversationArea(props: {
  id: string;
  me: Me;
  now: Accessor<number>;
  members: TeamMember[];
  visible: Accessor<boolean>;
  visitorShown: boolean;
  onShowVisitor: () => void;
  onShowChat: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const lobby = useLobby();
  const navigate = useNavigate();
  const conversation = createConversation({ id: props.id, me: () => ({ id: props.me.id, name: props.me.name }) });

  const row = () => lobby.row(props.id);
  // A conversation the lobby no longer lists (closed long ago): its summary says who the visitor is.
  const [summary] = createResource(
    () => (lobby.ready() && !row() ? props.id : undefined),
    async (id) => (await api.conversations({ limit: 200 })).conversations.find((c) => c.id === id) ?? null,
  );
  const found = () => (summary.state === "ready" ? summary() : undefined);
  const visitorId = () => row()?.visitorId ?? found()?.visitorId;
  const visitorName = () => row()?.visitorName ?? found()?.visitorName ?? "";
  const online = () => conversation.visitorOnlineKnown() ?? row()?.visitorOnline ?? false;
  const page = () => conversation.page() ?? row()?.page ?? null;

  // What this page saw of the visitor since it opened: they were online until then, or wrote then.
  const [offlineAt, setOfflineAt] = createSignal<number | null>(null);
  createEffect(on(online, (isOnline, was) => !isOnline && was && setOfflineAt(Date.now()), { defer: true }));
  const lastWrote = () => {
    for (let i = conversation.items.length - 1; i >= 0; i--) if (conversation.items[i]!.author.kind === "visitor") return conversation.items[i]!.createdAt;
    return null;
  };
  const onlineUntil = () => Math.max(offlineAt() ?? 0, lastWrote() ?? 0) || null;

  // Not in the lobby, not among the conversations, and its socket was refused: it is not ours to see.
  const missing = () => found() === null && !conversation.view() && conversation.neverOpened();
  createEffect(() => missing() && conversation.stop());

  // Reading while the conversation is on screen: it clears the unread badge for everyone.
  createEffect(() => {
    const seq = conversation.latestSeq();
    if (seq > 0 && props.visible()) conversation.markRead(seq);
  });

  return (
    <Switch>
      <Match when={missing()}>
        <div class="surface live-pick" data-testid="conversation-missing">
          <p class="empty-title">{t("live.notFound")}</p>
          <button type="button" class="button" onClick={() => navigate("/live")}>
            <Icon name="back" />
            <span>{t("live.back")}</span>
          </button>
        </div>
      </Match>
      <Match when={true}>
        <ConversationPane
          conversation={conversation}
          me={props.me}
          visitorName={visitorName()}
          visitorOnline={online()}
          members={props.members}
          agents={lobby.agents()}
          now={props.now}
          onBack={() => navigate("/live")}
          visitorShown={props.visitorShown}
          onShowVisitor={props.onShowVisitor}
        />
        <VisitorPanel
          visitorId={visitorId()}
          fallbackName={visitorName()}
          known={conversation.view()?.visitor}
          page={page()}
          online={online()}
          meId={props.me.id}
          onBack={props.onShowChat}
          now={props.now}
          onlineUntil={onlineUntil()}
        />
      </Match>
    </Switch>
  );
}

/** Asks for notification permission only when the agent presses it, never on load. */
function NotificationButton() {
  const { t } = useI18n();
  const [state, setState] = createSignal(notificationState());
  return (
    <Switch>
      <Match when={state() === "default"}>
        <button type="button" class="button small" data-testid="enable-notifications" onClick={async () => setState(await askNotificationPermission())}>
          <Icon name="bell" />
          <span>{t("live.enableNotifications")}</span>
        </button>
      </Match>
      <Match when={state() === "granted"}>
        <span class="muted small-text notif-state" data-testid="notifications-on">
          <Icon name="bell" />
          {t("live.notificationsOn")}
        </span>
      </Match>
      <Match when={state() === "denied"}>
        <span class="muted small-text notif-state">{t("live.notificationsBlocked")}</span>
      </Match>
    </Switch>
  );
}
