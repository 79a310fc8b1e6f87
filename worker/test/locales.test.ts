// The Worker's dictionaries stay complete in every language, every system notice reads in
// both, and placeholders are filled from their values only.
import { describe, expect, it } from "vitest";
import { LocaleSchema } from "@raibu/protocol/api";
import { LANGS } from "@raibu/protocol/lang";
import type { SystemNotice } from "@raibu/protocol/realtime";
import { botTexts } from "../src/lib/botTexts";
import { dictionaries, translate } from "../src/lib/i18n";
import { inviteEmail } from "../src/lib/emailTemplates";
import { visitorDisplayName } from "../src/lib/conversationService";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// One notice of every code (both kinds where the text depends on it); a new code fails to compile here until it is added.
const NOTICES: { [Code in SystemNotice["code"]]: Extract<SystemNotice, { code: Code }>[] } = {
  takeover: [{ code: "takeover", agent: "Ana" }],
  accepted: [
    { code: "accepted", agent: "Ana", kind: "live" },
    { code: "accepted", agent: "Ana", kind: "video" },
  ],
  transferred: [{ code: "transferred", from: "Ana", to: "Bo" }],
  closed: [
    { code: "closed", by: null },
    { code: "closed", by: "Ana" },
  ],
  request_timeout: [{ code: "request_timeout" }],
  nobody_online: [{ code: "nobody_online" }],
  outside_hours: [{ code: "outside_hours", opensAt: null }],
  requested: [
    { code: "requested", kind: "live" },
    { code: "requested", kind: "video" },
  ],
  kept_as_message: [{ code: "kept_as_message" }],
  offline_form_sent: [{ code: "offline_form_sent" }],
  call_joined: [
    { code: "call_joined", role: "agent" },
    { code: "call_joined", role: "visitor" },
  ],
  call_ended: [{ code: "call_ended", durationMs: 65_000 }],
  appointment_booked: [{ code: "appointment_booked", startsAt: Date.UTC(2026, 11, 1, 9) }],
};

describe("Worker dictionaries", () => {
  it("French has exactly the English keys", () => {
    expect(Object.keys(dictionaries.fr).sort()).toEqual(Object.keys(dictionaries.en).sort());
  });

  it("no Worker text is empty in any language", () => {
    for (const lang of LANGS) {
      for (const [key, text] of Object.entries(dictionaries[lang])) expect(text.trim(), `${lang}:${key}`).not.toBe("");
    }
  });

  it("every French text uses the same placeholders as its English one", () => {
    for (const [key, english] of Object.entries(dictionaries.en)) {
      expect(placeholders(dictionaries.fr[key as keyof typeof dictionaries.en]), key).toEqual(placeholders(english));
    }
  });

  it("the API's language field takes exactly the languages the Worker writes", () => {
    expect(Object.keys(dictionaries).sort()).toEqual([...LANGS].sort());
    for (const lang of LANGS) expect(LocaleSchema.safeParse(lang).success).toBe(true);
    expect(LocaleSchema.safeParse("de").success).toBe(false);
  });
});

describe("system notices", () => {
  const all = Object.values(NOTICES).flat() as SystemNotice[];

  it.each(all)("%o has a filled text in both languages, a different one in each", (notice) => {
    const english = botTexts("en").notice(notice);
    const french = botTexts("fr").notice(notice);
    for (const text of [english, french]) {
      expect(text.trim()).not.toBe("");
      expect(text).not.toMatch(/\{\w+\}/);
    }
    expect(french).not.toBe(english);
  });

  it("a notice names the people it is about", () => {
    expect(botTexts("en").notice({ code: "transferred", from: "Ana", to: "Bo" })).toBe("Ana transferred the chat to Bo");
    expect(botTexts("fr").notice({ code: "takeover", agent: "Ana" })).toBe("Ana a repris le chat");
  });
});

describe("translate", () => {
  it("fills placeholders with the values as given, never reading a value as a placeholder", () => {
    expect(translate("en", "email.invite.subject", { workspace: "{inviter} $& Co" })).toBe("You are invited to {inviter} $& Co on Raibu");
    const email = inviteEmail("fr", { inviter: "Ana", workspace: "Acme", link: "https://x.test/i" });
    expect(email.subject).toBe("Vous êtes invité·e à rejoindre Acme sur Raibu");
    expect(email.text).toContain("Ana vous invite à répondre aux visiteurs de Acme sur Raibu");
  });

  it("an unnamed visitor is numbered in the interface's language", () => {
    expect(visitorDisplayName({ name: null, number: 7 }, "en")).toBe("Visitor #7");
    expect(visitorDisplayName({ name: null, number: 7 }, "fr")).toBe("Visiteur #7");
    expect(visitorDisplayName({ name: "Zoé", number: 7 }, "fr")).toBe("Zoé");
  });

  it("a text with placeholders cannot be asked for without their values (checked by the compiler)", () => {
    // @ts-expect-error notice.takeover needs { agent }
    expect(translate("en", "notice.takeover")).toBe("{agent} has taken over the chat");
    // @ts-expect-error a text without placeholders takes no values
    expect(translate("en", "notice.closed", { agent: "Ana" })).toBe("The conversation has ended");
  });
});
