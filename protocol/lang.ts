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

/** Fills `{name}` placeholders; an unknown placeholder stays visible so a mistake shows. */
export function fillPlaceholders(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The names between braces in a text type: `"{from} to {to}"` → `"from" | "to"`. */
export type Placeholders<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}` ? Name | Placeholders<Rest> : never;
