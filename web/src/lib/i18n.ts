// The console's languages: dictionaries, interpolation, and which language to start in.
import { en, type Dictionary, type MessageKey } from "../locales/en";
import { fr } from "../locales/fr";
import { browserLang, fillPlaceholders, isLang, type Lang, type Params } from "../../../client/lang";

export type { Dictionary, MessageKey };
export { isLang, LANGS, type Lang, type Params } from "../../../client/lang";
export const dictionaries: Record<Lang, Dictionary> = { en, fr };

/** Where the agent's last explicit choice is remembered, per browser. */
export const LANG_STORAGE_KEY = "raibu.lang";

export type Translate = (key: MessageKey, params?: Params) => string;

/** The text in `lang`, English when missing there, with `{name}` placeholders filled. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return fillPlaceholders(dictionaries[lang][key] ?? en[key] ?? key, params, lang);
}

/** A remembered choice wins; otherwise the browser's preferred languages decide. */
export function detectLang(stored: string | null | undefined, preferred: readonly string[]): Lang {
  return isLang(stored) ? stored : browserLang(preferred);
}
