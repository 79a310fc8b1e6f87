// What the console and the widget share about languages: which ones Raibu speaks, how a
// text's `{name}` placeholders are filled, and how the browser's preference picks one.
// Each front end keeps its own dictionaries.

export const LANGS = ["en", "fr"] as const;
export type Lang = (typeof LANGS)[number];
export type Params = Record<string, string | number>;

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** Fills `{name}` placeholders; an unknown placeholder stays visible so a mistake shows. */
export function fillPlaceholders(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The first of the browser's preferred languages (`fr-CA` counts as `fr`) that Raibu speaks, else English. */
export function browserLang(languages: readonly string[]): Lang {
  for (const tag of languages) {
    const base = tag.toLowerCase().split("-")[0];
    if (isLang(base)) return base;
  }
  return "en";
}
