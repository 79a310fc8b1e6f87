// The signed-in console frame: navigation, header with the agent's controls, and the page.
import { A, useLocation, useNavigate, type RouteSectionProps } from "@solidjs/router";
import { createSignal, For, Match, onCleanup, onMount, Show, Switch, type JSX } from "solid-js";
import type { LobbyConversation } from "@raibu/protocol/realtime";
import { chime, MESSAGE_TONE, REQUEST_TONE, unlockAudioOnInteraction } from "../../../client/chime";
import { notify } from "../lib/alerts";
import { ApiError, useApi, type Me } from "../lib/api";
import { errorText } from "../lib/errorText";
import type { MessageKey } from "../lib/i18n";
import { toRoute } from "../lib/paths";
import { useI18n } from "../stores/createI18n";
import { createLobby, LobbyProvider, type AppointmentFrame, type OfflineFrame } from "../stores/createLobby";
import { createPreferences, PreferencesProvider } from "../stores/createPreferences";
import { useSession } from "../stores/createSession";
import { Attention } from "./Attention";
import { AvailabilityToggle } from "./AvailabilityToggle";
import { BrandMark } from "./BrandMark";
import { Icon, type IconName } from "./Icon";
import { KeyboardShortcuts } from "./KeyboardShortcuts";
import { LanguageSwitch } from "./LanguageSwitch";
import { Notice } from "./Notice";
import { appointmentAlertFor } from "./appointments/appointmentAlert";
import { offlineAlertFor, openThreadId } from "./offline/offlineAlert";
import "./shell.css";

type NavItem = { href: string; label: MessageKey; icon: IconName; end?: boolean };

const NAV: NavItem[] = [
  { href: "/", label: "nav.dashboard", icon: "dashboard", end: true },
  { href: "/live", label: "nav.live", icon: "live" },
  { href: "/offline", label: "nav.offline", icon: "offline" },
  { href: "/appointments", label: "nav.appointments", icon: "calendar" },
  { href: "/contacts", label: "nav.contacts", icon: "contacts" },
  { href: "/settings", label: "nav.settings", icon: "settings" },
];
const DEV_OUTBOX: NavItem = { href: "/dev/outbox", label: "nav.devOutbox", icon: "mail" };

export function Shell(props: RouteSectionProps) {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const [leaving, setLeaving] = createSignal(false);

  onMount(() => {
    if (!session.me()) void session.load();
  });

  // The dev outbox holds one-time links: only admins of a local run see it.
  const items = () => (session.me()?.mailMode === "dev_outbox" && session.isAdmin() ? [...NAV, DEV_OUTBOX] : NAV);

  const logout = async () => {
    setLeaving(true);
    await session.logout().catch(() => undefined);
    navigate("/login", { replace: true });
  };

  // A 401 is handled by the API client (back to sign-in); anything else is shown here.
  const loadError = () => {
    const err = session.error();
    return err && !(err instanceof ApiError && err.status === 401) ? err : null;
  };

  return (
    <Switch
      fallback={
        <div class="splash" role="status">
          <span class="spinner" aria-hidden="true" />
          {t("app.loading")}
        </div>
      }
    >
      <Match when={session.me()}>
        {(me) => (
          <SignedIn me={me()} items={items()} leaving={leaving()} onLogout={logout}>
            {props.children}
          </SignedIn>
        )}
      </Match>
      <Match when={loadError()}>
        {(err) => (
          <div class="splash">
            <Notice tone="error">{errorText(err(), t)}</Notice>
            <button type="button" class="button primary" onClick={() => void session.load()}>
              {t("common.retry")}
            </button>
          </div>
        )}
      </Match>
    </Switch>
  );
}

/**
 * The frame of a signed-in agent. It owns the lobby socket (one per tab), shared with the
 * live page through context, and rings for new chat requests while the agent is online.
 */
function SignedIn(props: { me: Me; items: NavItem[]; leaving: boolean; onLogout: () => void; children: JSX.Element }) {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  let main: HTMLElement | undefined;
  const api = useApi();
  const preferences = createPreferences(api);

  const onRequest = (row: LobbyConversation) => {
    if (session.me()?.availability !== "online") return;
    if (preferences.sound("request")) chime(REQUEST_TONE);
    notify(
      t(row.requestKind === "video" ? "live.request.video" : "live.request.live"),
      t("notify.body", { visitor: row.visitorName, interface: row.interfaceName }),
      `raibu-request-${row.conversationId}`,
      () => navigate(`/live/${encodeURIComponent(row.conversationId)}`),
    );
  };
  // A new offline thread or a visitor's answer rings and notifies like a request (offline/offlineAlert.ts).
  const onOffline = (frame: OfflineFrame) => {
    framesSeen++;
    const seen = document.visibilityState === "visible" && document.hasFocus();
    const alert = offlineAlertFor(frame, {
      online: session.me()?.availability === "online",
      watchingId: seen ? openThreadId(toRoute(location.pathname)) : null,
      sounds: preferences.value().sounds,
    });
    if (!alert) return;
    if (alert.sound) chime(alert.sound === "request" ? REQUEST_TONE : MESSAGE_TONE);
    const thread = frame.thread;
    notify(
      t(frame.change === "created" ? "offline.notify.created" : "offline.notify.answer", { visitor: thread.name || thread.email }),
      thread.preview,
      `raibu-offline-${thread.id}-${thread.messageCount}`,
      () => navigate(`/offline/${encodeURIComponent(thread.id)}`),
    );
  };
  // The badge starts from the counts and follows the frames; an answer that comes after a newer frame is stale.
  let framesSeen = 0;
  const refreshOfflineCount = () => {
    const before = framesSeen;
    void api
      .offlineCounts()
      .then((counts) => before === framesSeen && lobby.setOfflineUnread(counts.unread))
      .catch(() => undefined);
  };
  // A booking rings like a new offline thread for the agents who take that interface's appointments; a cancellation only notifies.
  const onAppointment = async (frame: AppointmentFrame) => {
    const me = session.me();
    const booking = frame.appointment;
    const agentIds = await api.appointmentSettings(booking.interfaceId).then((s) => s.agentIds, () => null);
    const alert = appointmentAlertFor(frame, { online: me?.availability === "online", userId: me?.id ?? "", agentIds, requestSound: preferences.sound("request") });
    if (!alert) return;
    if (alert.sound) chime(REQUEST_TONE);
    const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(booking.startsAt);
    notify(
      t(frame.change === "booked" ? "appointments.notify.booked" : "appointments.notify.cancelled", { visitor: booking.name || booking.email, when }),
      booking.interfaceName,
      `raibu-appointment-${booking.id}-${frame.change}`,
      () => navigate("/appointments"),
    );
  };
  const lobby = createLobby({ onRequest, onOffline, onAppointment: (frame) => void onAppointment(frame), onSnapshot: refreshOfflineCount });
  onCleanup(unlockAudioOnInteraction());

  const onLivePage = () => toRoute(location.pathname).startsWith("/live") || toRoute(location.pathname).startsWith("/offline");

  return (
    <LobbyProvider value={lobby}>
      <div class="shell">
        <a
          href="#main"
          class="skip-link"
          onClick={(e) => {
            e.preventDefault();
            main?.focus();
          }}
        >
          {t("app.skipToContent")}
        </a>
        <aside class="sidebar">
          <A href="/" class="brand" end>
            <BrandMark />
            Raibu
          </A>
          <nav aria-label={t("nav.label")} data-testid="main-nav">
            <ul class="bare-list">
              <For each={props.items}>
                {(item) => (
                  <li>
                    <A href={item.href} end={item.end} class="nav-link">
                      <Icon name={item.icon} />
                      <span>{t(item.label)}</span>
                      <Show when={item.href === "/offline" && lobby.offlineUnread() > 0}>
                        <span class="count-badge nav-badge" data-testid="offline-badge" aria-hidden="true" title={t("nav.offlineUnread", { count: lobby.offlineUnread() })}>
                          {lobby.offlineUnread()}
                        </span>
                        <span class="sr-only">{t("nav.offlineUnread", { count: lobby.offlineUnread() })}</span>
                      </Show>
                      <Show when={item.href === "/live" && lobby.pendingRequests() > 0}>
                        <span class="count-badge nav-badge" data-testid="requests-badge" aria-hidden="true" title={t("nav.requests", { count: lobby.pendingRequests() })}>
                          {lobby.pendingRequests()}
                        </span>
                        <span class="sr-only">{t("nav.requests", { count: lobby.pendingRequests() })}</span>
                      </Show>
                    </A>
                  </li>
                )}
              </For>
            </ul>
          </nav>
        </aside>
        <div class="workspace">
          <header class="topbar">
            <div class="topbar-workspace">
              <span class="sr-only">{t("header.workspace")}: </span>
              <span class="workspace-name" data-testid="workspace-name">
                {props.me.workspace.name}
              </span>
            </div>
            <div class="topbar-tools">
              <AvailabilityToggle />
              <LanguageSwitch />
              <span class="agent" title={props.me.email}>
                <span class="avatar" aria-hidden="true">
                  {props.me.name.trim().charAt(0).toUpperCase() || "?"}
                </span>
                <span class="sr-only">{t("header.signedInAs")} </span>
                <span class="agent-name" data-testid="agent-name">
                  {props.me.name}
                </span>
              </span>
              <button type="button" class="button ghost logout" data-testid="logout" disabled={props.leaving} onClick={() => props.onLogout()}>
                <Icon name="logout" />
                <span class="sr-only-narrow">{t("header.logout")}</span>
              </button>
            </div>
          </header>
          <main id="main" class="content" classList={{ wide: onLivePage() }} tabIndex={-1} ref={main}>
            <Show when={props.me.mailMode === "not_configured" && session.isAdmin()}>
              <div class="shell-banner">
                <Notice tone="info" testId="mail-not-configured">
                  {t("mail.notConfigured")}
                </Notice>
              </div>
            </Show>
            <PreferencesProvider value={preferences}>{props.children}</PreferencesProvider>
          </main>
        </div>
        <Attention meId={props.me.id} preferences={preferences} />
        <KeyboardShortcuts />
      </div>
    </LobbyProvider>
  );
}
