// The signed-in console frame: navigation, header with the agent's controls, and the page.
import { A, useNavigate, type RouteSectionProps } from "@solidjs/router";
import { createSignal, For, Match, onMount, Show, Switch } from "solid-js";
import { ApiError } from "../lib/api";
import { errorText } from "../lib/errorText";
import type { MessageKey } from "../lib/i18n";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import { AvailabilityToggle } from "./AvailabilityToggle";
import { BrandMark } from "./BrandMark";
import { Icon, type IconName } from "./Icon";
import { LanguageSwitch } from "./LanguageSwitch";
import { Notice } from "./Notice";

type NavItem = { href: string; label: MessageKey; icon: IconName; end?: boolean };

const NAV: NavItem[] = [
  { href: "/", label: "nav.dashboard", icon: "dashboard", end: true },
  { href: "/live", label: "nav.live", icon: "live" },
  { href: "/offline", label: "nav.offline", icon: "offline" },
  { href: "/contacts", label: "nav.contacts", icon: "contacts" },
  { href: "/settings", label: "nav.settings", icon: "settings" },
];
const DEV_OUTBOX: NavItem = { href: "/dev/outbox", label: "nav.devOutbox", icon: "mail" };

export function Shell(props: RouteSectionProps) {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const [leaving, setLeaving] = createSignal(false);
  let main: HTMLElement | undefined;

  onMount(() => {
    if (!session.me()) void session.load();
  });

  const items = () => (session.me()?.mailMode === "dev_outbox" ? [...NAV, DEV_OUTBOX] : NAV);

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
                <ul>
                  <For each={items()}>
                    {(item) => (
                      <li>
                        <A href={item.href} end={item.end} class="nav-link">
                          <Icon name={item.icon} />
                          <span>{t(item.label)}</span>
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
                    {me().workspace.name}
                  </span>
                </div>
                <div class="topbar-tools">
                  <AvailabilityToggle />
                  <LanguageSwitch />
                  <span class="agent" title={me().email}>
                    <span class="avatar" aria-hidden="true">
                      {me().name.trim().charAt(0).toUpperCase() || "?"}
                    </span>
                    <span class="sr-only">{t("header.signedInAs")} </span>
                    <span class="agent-name" data-testid="agent-name">
                      {me().name}
                    </span>
                  </span>
                  <button type="button" class="button ghost logout" data-testid="logout" disabled={leaving()} onClick={logout}>
                    <Icon name="logout" />
                    <span>{t("header.logout")}</span>
                  </button>
                </div>
              </header>
              <main id="main" class="content" tabIndex={-1} ref={main}>
                {props.children}
              </main>
            </div>
          </div>
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
