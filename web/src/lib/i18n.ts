// The console's languages: dictionaries, interpolation, and which language to start in.
import { en, type Dictionary, type MessageKey } from "../locales/en";
import { fr } from "../locales/fr";

export type { Dictionary, MessageKey };
export const LANGS = ["en", "fr"] as const;
export type Lang = (typeof LANGS)[number];
export const dictionaries: Record<Lang, Dictionary> = { en, fr };

/** Where the agent's last explicit choice is remembered, per browser. */
export const LANG_STORAGE_KEY = "raibu.lang";

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible so a mistake shows. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = dictionaries[lang][key] ?? en[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A remembered choice wins; otherwise the browser's preferred languages decide. */
export function detectLang(stored: string | null | undefined, preferred: readonly string[]): Lang {
  if (isLang(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return "en";
}
