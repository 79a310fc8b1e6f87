// Settings: a frame with its sections (the team, the chat interfaces, the agent's own notifications) as sub-pages.
import { A, type RouteSectionProps } from "@solidjs/router";
import { Show } from "solid-js";
import { useI18n } from "../stores/createI18n";
import { useSession } from "../stores/createSession";
import "./settings.css";

export function SettingsPage(props: RouteSectionProps) {
  const { t } = useI18n();
  // Integrations are the admins' alone: agents do not see the tab (the page says so if opened).
  const session = useSession();
  return (
    <div class="page">
      <header class="page-head">
        <h1>{t("settings.title")}</h1>
      </header>
      <nav class="tabs" aria-label={t("settings.sections")} data-testid="settings-sections">
        <A href="/settings" end class="tab">
          {t("team.title")}
        </A>
        <A href="/settings/interfaces" class="tab" data-testid="settings-interfaces">
          {t("interfaces.title")}
        </A>
        <A href="/settings/preferences" class="tab" data-testid="settings-preferences">
          {t("preferences.tab")}
        </A>
        <A href="/settings/saved-replies" class="tab" data-testid="settings-saved-replies">
          {t("savedReplies.title")}
        </A>
        <A href="/settings/appointments" class="tab" data-testid="settings-appointments">
          {t("nav.appointments")}
        </A>
        <Show when={session.isAdmin()}>
          <A href="/settings/integrations" class="tab" data-testid="settings-integrations">
            {t("settings.integrations")}
          </A>
        </Show>
      </nav>
      {props.children}
    </div>
  );
}
