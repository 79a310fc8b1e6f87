// What the console and the widget share about languages beyond the protocol's list: how
// the browser's preference picks one. Each front end keeps its own dictionaries.
import { isLang, type Lang } from "@raibu/protocol/lang";

export { fillPlaceholders, isLang, LANGS, type Lang, type Params } from "@raibu/protocol/lang";

/** The first of the browser's preferred languages (`fr-CA` counts as `fr`) that Raibu speaks, else English. */
export function browserLang(languages: readonly string[]): Lang {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return "en";
}
