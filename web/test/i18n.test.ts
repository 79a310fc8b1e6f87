// The console's dictionaries stay complete in every language, and language choice is predictable.
import { describe, expect, it } from "vitest";
import { detectLang, dictionaries, LANGS, translate } from "../src/lib/i18n";

/** The names a text fills: `{name}`, and `{count, plural, …}` choices. */
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)(?:\}|, plural,)/g)].map((m) => m[1]).sort();

describe("dictionaries", () => {
  it("French and English have exactly the same keys", () => {
    expect(Object.keys(dictionaries.fr).sort()).toEqual(Object.keys(dictionaries.en).sort());
  });

  it("no text is empty in any language", () => {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(dictionaries[lang])) {
        expect(text.trim(), `${lang}:${key}`).not.toBe("");
      }
    }
  });

  it("every translation uses the same placeholders as the English text", () => {
    for (const [key, text] of Object.entries(dictionaries.en)) {
      expect(placeholders(dictionaries.fr[key as keyof typeof dictionaries.fr]), key).toEqual(placeholders(text));
    }
  });

  it("uses the product's French labels for navigation and presence", () => {
    expect(translate("fr", "nav.dashboard")).toBe("Tableau de bord");
    expect(translate("fr", "nav.live")).toBe("Conversations en direct");
    expect(translate("fr", "nav.offline")).toBe("Messages hors ligne");
    expect(translate("fr", "nav.settings")).toBe("Paramètres");
    expect(translate("fr", "availability.online")).toBe("En ligne");
    expect(translate("fr", "availability.away")).toBe("Absent");
    expect(translate("fr", "header.logout")).toBe("Se déconnecter");
    expect(translate("fr", "login.submit")).toBe("Se connecter");
  });
});

describe("translate", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate("en", "invites.sent", { email: "ana@example.com" })).toBe("Invitation sent to ana@example.com.");
    expect(translate("en", "invites.sent")).toBe("Invitation sent to {email}.");
  });
});

describe("counts", () => {
  it("read as the language's plural rules say (Intl.PluralRules): one request, two requests; zero is singular in French", () => {
    expect(translate("en", "nav.requests", { count: 1 })).toBe("1 pending request");
    expect(translate("en", "nav.requests", { count: 0 })).toBe("0 pending requests");
    expect(translate("en", "nav.requests", { count: 2 })).toBe("2 pending requests");
    expect(translate("fr", "nav.requests", { count: 1 })).toBe("1 demande en attente");
    expect(translate("fr", "nav.requests", { count: 0 })).toBe("0 demande en attente");
    expect(translate("fr", "nav.requests", { count: 3 })).toBe("3 demandes en attente");
    expect(translate("fr", "live.unread", { count: 1 })).toBe("1 non lu");
    expect(translate("en", "login.waitSeconds", { count: 1 })).toBe("1 second");
    expect(translate("fr", "login.waitMinutes", { count: 5 })).toBe("5\u00a0minutes");
  });

  it("a plural choice without its number stays visible, as an unknown placeholder does", () => {
    expect(translate("en", "nav.requests")).toBe("{count, plural, one {# pending request} other {# pending requests}}");
  });
});

describe("detectLang", () => {
  it("prefers the remembered choice over the browser", () => {
    expect(detectLang("fr", ["en-US"])).toBe("fr");
  });

  it("falls back to the browser's first supported language, then English", () => {
    expect(detectLang(null, ["de-DE", "fr-CA", "en"])).toBe("fr");
    expect(detectLang("xx", ["de"])).toBe("en");
  });
});
