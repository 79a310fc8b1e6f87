import { describe, expect, it } from "vitest";
import type { SystemNotice } from "@raibu/protocol/realtime";
import { browserLang, dictionaries, formatCountdown, noticeText, translate, type Lang, type Translate } from "../src/app/i18n";

/** The names a text fills: `{name}`, and `{count, plural, …}` choices. */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]).sort();
const tr =
  (lang: Lang): Translate =>
  (key, params) =>
    translate(lang, key, params);

describe("widget dictionaries", () => {
  it("English and French have exactly the same keys", () => {
    expect(Object.keys(dictionaries.fr).sort()).toEqual(Object.keys(dictionaries.en).sort());
  });

  it("every French text uses the same placeholders as its English one, and none is empty", () => {
    for (const [key, english] of Object.entries(dictionaries.en)) {
      const french = dictionaries.fr[key as keyof typeof dictionaries.en];
      expect(french.trim(), key).not.toBe("");
      expect(placeholders(french), key).toEqual(placeholders(english));
    }
  });

  it("fills placeholders and leaves an unknown one visible", () => {
    expect(translate("en", "agentTyping", { name: "Ana" })).toBe("Ana is typing…");
    expect(translate("fr", "agentTyping", {})).toBe("{name} écrit…");
  });

  it("counts read as the language's plural rules say (Intl.PluralRules), the number written the language's way", () => {
    expect(translate("en", "charsLeft", { count: 1 })).toBe("1 character left");
    expect(translate("en", "charsLeft", { count: 1200 })).toBe("1,200 characters left");
    expect(translate("fr", "charsLeft", { count: 1 })).toBe("Encore 1 caractère");
    expect(translate("fr", "charsLeft", { count: 0 })).toBe("Encore 0 caractère");
    expect(translate("fr", "charsLeft", { count: 2 })).toBe("Encore 2 caractères");
  });

  it("picks French or English from the browser's languages, English otherwise", () => {
    expect(browserLang(["fr-CA", "en"])).toBe("fr");
    expect(browserLang(["de-DE", "en-GB"])).toBe("en");
    expect(browserLang(["ja"])).toBe("en");
  });
});

describe("system notices", () => {
  const cases: Array<[SystemNotice, string, string]> = [
    [{ code: "takeover", agent: "Ana" }, "Ana has taken over the chat", "Ana a repris le chat"],
    [{ code: "accepted", agent: "Ana", kind: "live" }, "Ana accepted the request", "Ana a accepté la demande"],
    [{ code: "transferred", from: "Ana", to: "Bo" }, "Ana transferred the chat to Bo", "Ana a transféré le chat à Bo"],
    [{ code: "closed", by: null }, "The conversation has ended", "La conversation est terminée"],
    [{ code: "request_timeout" }, "No one is available right now", "Personne n’est disponible pour le moment"],
    [{ code: "nobody_online" }, "No one is online right now", "Personne n’est en ligne pour le moment"],
    [{ code: "outside_hours", opensAt: null }, "We’re closed right now", "Nous sommes fermés pour le moment"],
    [{ code: "requested", kind: "live" }, "You asked to talk to a person", "Vous avez demandé à parler à une personne"],
    [{ code: "requested", kind: "video" }, "You asked for a video chat", "Vous avez demandé un appel vidéo"],
  ];
  it.each(cases)("%o reads the same in both languages", (notice, english, french) => {
    expect(noticeText(tr("en"), notice)).toBe(english);
    expect(noticeText(tr("fr"), notice)).toBe(french);
  });

  it("an unknown code gives an empty text, so the message's own text is shown", () => {
    expect(noticeText(tr("en"), { code: "something_new" } as unknown as SystemNotice)).toBe("");
  });
});

describe("formatting", () => {
  it("a countdown shows m:ss and never goes below zero", () => {
    expect(formatCountdown(61_000)).toBe("1:01");
    expect(formatCountdown(59_001)).toBe("1:00");
    expect(formatCountdown(-5_000)).toBe("0:00");
  });
});
