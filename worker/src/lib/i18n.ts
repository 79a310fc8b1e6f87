// The Worker's texts in the language of whoever reads them (the interface's visitors, an
// account's owner, a browser's Accept-Language): the dictionaries live in ../locales.
import { fillPlaceholders, type Lang, type Placeholders } from "@raibu/protocol/lang";
import { en, type Dictionary, type TextKey } from "../locales/en";
import { fr } from "../locales/fr";

export type { TextKey };
export const dictionaries: Record<Lang, Dictionary> = { en, fr };

export function pickLocale(value: string | null | undefined): Lang {
  return value?.toLowerCase().startsWith("fr") ? "fr" : "en";
}

/** The first language of an Accept-Language header that Raibu speaks. */
export function localeFromHeader(header: string | null | undefined): Lang {
  for (const part of (header ?? "").split(",")) {
    const tag = part.split(";")[0]?.trim().toLowerCase() ?? "";
    if (tag.startsWith("fr")) return "fr";
    if (tag.startsWith("en")) return "en";
  }
  return "en";
}

/** The values a text's placeholders need, none for a text without any (checked against the English). */
type ParamsOf<Key extends TextKey> = [Placeholders<(typeof en)[Key]>] extends [never] ? [] : [Record<Placeholders<(typeof en)[Key]>, string | number>];

/** The text of `key` in `lang` with its `{name}` placeholders filled. */
export function translate<Key extends TextKey>(lang: Lang, key: Key, ...params: ParamsOf<Key>): string {
  return fillPlaceholders(dictionaries[lang][key], params[0], lang);
}
