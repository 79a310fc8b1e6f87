// The texts of the views loaded on demand follow the same rules as the widget's main dictionary.
import { describe, expect, it } from "vitest";
import { laterDictionaries } from "../src/app/laterTexts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]).sort();

describe("texts of the rating and earlier conversations", () => {
  it("exist in English and French with the same keys and placeholders, none empty", () => {
    expect(Object.keys(laterDictionaries.fr).sort()).toEqual(Object.keys(laterDictionaries.en).sort());
    for (const [key, english] of Object.entries(laterDictionaries.en)) {
      const french = laterDictionaries.fr[key as keyof typeof laterDictionaries.en];
      expect(french.trim(), key).not.toBe("");
      expect(placeholders(french), key).toEqual(placeholders(english));
    }
  });
});
