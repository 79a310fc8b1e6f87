// Texts of the live page: system notices in both languages, contact form data, field errors.
import { describe, expect, it } from "vitest";
import type { SystemNotice } from "@raibu/protocol/realtime";
import { contactFormFrom, customRow, toContactFields } from "../src/lib/contactForm";
import { parseFieldErrors } from "../src/lib/fieldErrors";
import { dictionaries, LANGS, translate } from "../src/lib/i18n";
import { noticeText } from "../src/lib/notices";
import { NOTICE_KEYS } from "../../client/notices";

const NOTICES: SystemNotice[] = [
  { code: "takeover", agent: "Camille Durand" },
  { code: "accepted", agent: "Camille Durand", kind: "live" },
  { code: "accepted", agent: "Camille Durand", kind: "video" },
  { code: "transferred", from: "Alex Martin", to: "Camille Durand" },
  { code: "closed", by: "Alex Martin" },
  { code: "closed", by: null },
  { code: "request_timeout" },
  { code: "requested", kind: "live" },
  { code: "requested", kind: "video" },
  { code: "nobody_online" },
];

describe("system notices", () => {
  it("every notice key exists in English and in French", () => {
    for (const lang of LANGS) for (const key of NOTICE_KEYS) expect(dictionaries[lang][`notice.${key}`], `${lang}:${key}`).toBeTruthy();
    expect(Object.keys(dictionaries.fr).filter((k) => k.startsWith("notice.")).sort()).toEqual(Object.keys(dictionaries.en).filter((k) => k.startsWith("notice.")).sort());
  });

  it("translates each code with its arguments filled in", () => {
    const en = (n: SystemNotice) => noticeText((key, params) => translate("en", key, params), n);
    const fr = (n: SystemNotice) => noticeText((key, params) => translate("fr", key, params), n);
    expect(en(NOTICES[0]!)).toBe("Camille Durand has taken over the chat");
    expect(fr(NOTICES[0]!)).toBe("Camille Durand a repris le chat");
    expect(en(NOTICES[1]!)).toBe("Camille Durand accepted the request");
    expect(en(NOTICES[3]!)).toBe("Alex Martin transferred the chat to Camille Durand");
    expect(en(NOTICES[7]!)).toBe("The visitor asked to talk to a person");
    expect(en(NOTICES[8]!)).toBe("The visitor asked for a video chat");
    expect(en(NOTICES[9]!)).toBe("No one is online right now");
    expect(fr(NOTICES[9]!)).toBe("Personne n’est en ligne pour le moment");
    for (const notice of NOTICES) {
      for (const text of [en(notice), fr(notice)]) {
        expect(text).not.toMatch(/[{}]/);
        expect(text).not.toMatch(/^notice\./);
      }
      expect(fr(notice)).not.toBe(en(notice));
    }
  });

  it("uses the product's French labels for the live page", () => {
    expect(translate("fr", "live.assign")).toBe("Attribuer à moi");
    expect(translate("fr", "live.accept")).toBe("Accepter");
    expect(translate("fr", "contact.mark")).toBe("Marquer comme contact");
    expect(translate("fr", "notes.title")).toBe("Notes");
    expect(translate("fr", "live.transfer")).toBe("Transférer");
    expect(translate("fr", "live.close")).toBe("Fermer la conversation");
  });
});

describe("contact form", () => {
  it("pre-fills from what is known of the visitor when there is no contact yet", () => {
    const form = contactFormFrom(null, { name: "Ana", email: "ana@example.com", phone: null });
    expect(form).toMatchObject({ name: "Ana", email: "ana@example.com", phone: "", company: "", custom: [] });
  });

  it("pre-fills the custom fields with the answers the bot collected when there is no contact yet", () => {
    const form = contactFormFrom(null, { name: "Ana", email: null, phone: null, customFields: { company_size: "50", need: "A demo" } });
    expect(form.custom.map((r) => [r.key, r.value])).toEqual([
      ["company_size", "50"],
      ["need", "A demo"],
    ]);
  });

  it("pre-fills from the contact when there is one, custom fields included", () => {
    const contact = {
      id: "c1",
      visitorId: "v1",
      createdAt: 1,
      updatedAt: 1,
      name: "Ana Lopez",
      email: null,
      phone: "+33 6",
      company: "Northwind",
      jobTitle: null,
      website: null,
      address: null,
      city: "Lyon",
      country: null,
      customFields: { plan: "pro" },
    };
    const form = contactFormFrom(contact, { name: "ignored", email: "ignored@x.y", phone: null, customFields: { ignored: "yes" } });
    expect(form).toMatchObject({ name: "Ana Lopez", email: "", company: "Northwind", city: "Lyon" });
    expect(form.custom.map((r) => [r.key, r.value])).toEqual([["plan", "pro"]]);
  });

  it("sends blanks as null, drops empty custom rows and flags unnamed or repeated ones", () => {
    const form = { ...contactFormFrom(null, null), name: "  Ana ", custom: [customRow("plan", "pro"), customRow("", ""), customRow("", "orphan"), customRow("plan", "again")] };
    const { fields, customErrors } = toContactFields(form);
    expect(fields).toMatchObject({ name: "Ana", email: null, customFields: { plan: "pro" } });
    expect(Object.values(customErrors)).toEqual(["missing", "duplicate"]);
  });
});

describe("parseFieldErrors", () => {
  it("splits the API's sentence back per field", () => {
    const parsed = parseFieldErrors("email: Enter a valid email address.; customFields.plan: Too long; Something else", ["email", "customFields"]);
    expect(parsed.fields).toEqual({ email: "Enter a valid email address.", customFields: "Too long" });
    expect(parsed.other).toEqual(["Something else"]);
  });
});
