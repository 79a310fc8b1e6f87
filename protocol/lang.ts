// The languages Raibu speaks, one list for the Worker, the console, the widget and client/,
// and how a text's `{name}` placeholders are filled in every one of them.
import { z } from "zod";

export const LANGS = ["en", "fr"] as const;
export type Lang = (typeof LANGS)[number];
export type Params = Record<string, string | number>;

// Pure: a bundle that only wants LANGS or isLang (the widget) leaves zod out.
export const LangSchema = /* @__PURE__ */ z.enum(LANGS);

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

/** A plural choice in ICU's syntax: `{count, plural, one {# request} other {# requests}}`. */
const PLURAL = /\{(\w+), plural,((?:\s*(?:=\d+|zero|one|two|few|many|other) \{[^{}]*\})+)\s*\}/g;

/**
 * Fills `{name}` placeholders, and plural choices (above) with the form `Intl.PluralRules` picks
 * for the number in `lang` (`=0` and the like win when given; `#` is the number as `lang` writes
 * it). An unknown placeholder stays visible so a mistake shows.
 */
export function fillPlaceholders(text: string, params?: Params, lang: Lang = "en"): string {
  if (!params) return text;
  return text
    .replace(PLURAL, (whole, name: string, forms: string) => {
      const value = params[name];
      if (typeof value !== "number") return whole;
      const choices = new Map([...forms.matchAll(/(=\d+|\w+) \{([^{}]*)\}/g)].map((m) => [m[1], m[2]]));
      const form = choices.get(`=${value}`) ?? choices.get(new Intl.PluralRules(lang).select(value)) ?? choices.get("other");
      return form === undefined ? whole : form.replace(/#/g, value.toLocaleString(lang));
    })
    .replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The names between braces in a text type: `"{from} to {to}"` → `"from" | "to"`. */
export type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
