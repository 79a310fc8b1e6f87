// Settings → My notifications: which sounds the console plays for this agent (kept on their
// account), browser notifications (asked only when the agent presses the button), and the
// keyboard shortcuts' help.
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { Icon } from "../components/Icon";
import { Notice } from "../components/Notice";
import { askNotificationPermission, notificationState } from "../lib/alerts";
import { errorText } from "../lib/errorText";
import type { MessageKey } from "../lib/i18n";
import { runShortcut } from "../lib/shortcuts";
import { useDocumentTitle } from "../lib/useDocumentTitle";
import { useI18n } from "../stores/createI18n";
import { usePreferences, type SoundKind } from "../stores/createPreferences";

const SOUNDS: { kind: SoundKind; label: MessageKey }[] = [
  { kind: "request", label: "preferences.sound.request" },
  { kind: "message", label: "preferences.sound.message" },
  { kind: "transfer", label: "preferences.sound.transfer" },
];

export function PreferencesPage() {
  const { t } = useI18n();
  const preferences = usePreferences();
  const [status, setStatus] = createSignal<{ tone: "success" | "error"; text: string } | null>(null);
  const [permission, setPermission] = createSignal(notificationState());
  useDocumentTitle(() => `${t("preferences.tab")} · ${t("settings.title")}`);

  async function toggle(kind: SoundKind, on: boolean) {
    setStatus(null);
    try {
      await preferences.setSound(kind, on);
      setStatus({ tone: "success", text: t("preferences.saved") });
    } catch (err) {
      setStatus({ tone: "error", text: errorText(err, t) });
    }
  }

  return (
    <section class="card" aria-labelledby="preferences-title">
      <h2 id="preferences-title">{t("preferences.title")}</h2>
      <fieldset class="field-group" data-testid="sound-preferences">
        <legend>{t("preferences.sounds")}</legend>
        <For each={SOUNDS}>
          {(sound) => (
            <label class="check">
              <input
                type="checkbox"
                data-testid={`sound-${sound.kind}`}
                checked={preferences.sound(sound.kind)}
                disabled={!preferences.loaded()}
                onChange={(e) => void toggle(sound.kind, e.currentTarget.checked)}
              />
              <span>{t(sound.label)}</span>
            </label>
          )}
        </For>
      </fieldset>
      <Show when={status()}>{(s) => <Notice tone={s().tone} testId="preferences-status">{s().text}</Notice>}</Show>

      <h3 class="subhead">{t("preferences.notifications")}</h3>
      <p class="muted">{t("preferences.notificationsHint")}</p>
      <Switch>
        <Match when={permission() === "default"}>
          <button type="button" class="button" data-testid="enable-notifications" onClick={async () => setPermission(await askNotificationPermission())}>
            <Icon name="bell" />
            <span>{t("live.enableNotifications")}</span>
          </button>
        </Match>
        <Match when={permission() === "granted"}>
          <p class="muted">{t("live.notificationsOn")}</p>
        </Match>
        <Match when={permission() === "denied"}>
          <p class="muted">{t("live.notificationsBlocked")}</p>
        </Match>
      </Switch>

      <h3 class="subhead">{t("shortcuts.title")}</h3>
      <button type="button" class="button" data-testid="show-shortcuts" onClick={() => runShortcut("help")}>
        {t("shortcuts.show")}
      </button>
    </section>
  );
}
