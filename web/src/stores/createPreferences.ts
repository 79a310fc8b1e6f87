// The signed-in agent's own console preferences (GET/PUT /api/me/preferences): which sounds play.
// Loaded once per tab, changed from the settings page, read by the alerts as they happen.
import { createSignal } from "solid-js";
import type { AgentPreferences } from "@raibu/protocol/api";
import type { Api } from "../lib/api";
import { createProvider } from "../lib/createProvider";

export type SoundKind = keyof AgentPreferences["sounds"];

/** The server's defaults (protocol/api.ts DEFAULT_PREFERENCES), written here so zod stays out of the console's bundle. */
export const DEFAULT_PREFERENCES: AgentPreferences = { sounds: { request: true, message: true, transfer: true } };

export function createPreferences(api: Api) {
  const [value, setValue] = createSignal<AgentPreferences>(DEFAULT_PREFERENCES);
  const [loaded, setLoaded] = createSignal(false);

  // Until they arrive (or if they cannot), every sound plays: missing an alert is worse than one too many.
  void api
    .preferences()
    .then((prefs) => {
      setValue(prefs);
      setLoaded(true);
    })
    .catch(() => undefined);

  /** Saves one sound switched on or off; on failure the switch goes back and the error is thrown to the caller. */
  async function setSound(kind: SoundKind, on: boolean) {
    const before = value();
    const next = { ...before, sounds: { ...before.sounds, [kind]: on } };
    setValue(next);
    try {
      setValue(await api.savePreferences(next));
    } catch (err) {
      setValue(before);
      throw err;
    }
  }

  return {
    value,
    loaded,
    sound: (kind: SoundKind) => value().sounds[kind],
    setSound,
  };
}

export type Preferences = ReturnType<typeof createPreferences>;

export const [PreferencesProvider, usePreferences] = createProvider<Preferences>("Preferences");
