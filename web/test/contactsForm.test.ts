// The contact page's form checks what the API's ContactFieldsSchema checks: the same length limits
// per field and per custom field, a valid email, named and distinct custom fields; and it knows when
// there is something to save.
import { describe, expect, it } from "vitest";
import { ContactFieldsSchema } from "@raibu/protocol/api";
import { CONTACT_FIELDS, contactFormFrom, customRow, type ContactForm } from "../src/lib/contactForm";
import { checkContactForm, CUSTOM_KEY_MAX, CUSTOM_VALUE_MAX, FIELD_MAX, formChanged } from "../src/components/contacts/contactValidation";

const blank = (): ContactForm => contactFormFrom(null, null);
const withField = (field: (typeof CONTACT_FIELDS)[number], value: string): ContactForm => ({ ...blank(), [field]: value });
const schemaAccepts = (body: Record<string, unknown>) => ContactFieldsSchema.safeParse(body).success;

describe("the contact form's checks", () => {
  it("each field's limit is the schema's: its longest accepted value passes both, one more character fails both", () => {
    for (const field of CONTACT_FIELDS.filter((f) => f !== "email")) {
      const max = FIELD_MAX[field];
      expect(schemaAccepts({ [field]: "x".repeat(max) }), `${field} at ${max}`).toBe(true);
      expect(checkContactForm(withField(field, "x".repeat(max))).problems[field], `${field} at ${max}`).toBeUndefined();
      expect(schemaAccepts({ [field]: "x".repeat(max + 1) }), `${field} at ${max + 1}`).toBe(false);
      expect(checkContactForm(withField(field, "x".repeat(max + 1))).problems[field], `${field} at ${max + 1}`).toEqual({ code: "tooLong", max });
    }
  });

  it("an email over the schema's length or without a domain is refused by both; a good one passes both", () => {
    const long = `${"a".repeat(250)}@b.co`;
    expect(schemaAccepts({ email: long })).toBe(false);
    expect(checkContactForm(withField("email", long)).problems.email).toEqual({ code: "tooLong", max: 254 });
    expect(schemaAccepts({ email: "anna@" })).toBe(false);
    expect(checkContactForm(withField("email", "anna@")).problems.email).toEqual({ code: "email" });
    expect(schemaAccepts({ email: "anna@keller.example" })).toBe(true);
    expect(checkContactForm(withField("email", "anna@keller.example")).fields?.email).toBe("anna@keller.example");
  });

  it("custom fields: names up to the schema's length, values too, every name given and used once", () => {
    const okKey = "k".repeat(CUSTOM_KEY_MAX);
    const okValue = "v".repeat(CUSTOM_VALUE_MAX);
    expect(schemaAccepts({ customFields: { [okKey]: okValue } })).toBe(true);
    expect(checkContactForm({ ...blank(), custom: [customRow(okKey, okValue)] }).fields?.customFields).toEqual({ [okKey]: okValue });
    expect(schemaAccepts({ customFields: { [`${okKey}k`]: "v" } })).toBe(false);
    expect(schemaAccepts({ customFields: { k: `${okValue}v` } })).toBe(false);

    const tooLongKey = customRow(`${okKey}k`, "v");
    const tooLongValue = customRow("notes", `${okValue}v`);
    const unnamed = customRow("", "value");
    const first = customRow("plan", "pro");
    const twice = customRow("plan", "free");
    const checked = checkContactForm({ ...blank(), custom: [tooLongKey, tooLongValue, unnamed, first, twice] });
    expect(checked.fields).toBeNull();
    expect(checked.customProblems[tooLongKey.uid]).toEqual({ key: { code: "tooLong", max: CUSTOM_KEY_MAX } });
    expect(checked.customProblems[tooLongValue.uid]).toEqual({ value: { code: "tooLong", max: CUSTOM_VALUE_MAX } });
    expect(checked.customProblems[unnamed.uid]).toEqual({ key: { code: "missing" } });
    expect(checked.customProblems[twice.uid]).toEqual({ key: { code: "duplicate" } });
    expect(checked.customProblems[first.uid]).toBeUndefined();
  });

  it("what the form sends the schema accepts: blank fields as null, empty custom rows dropped", () => {
    const form = { ...withField("name", "  Anna  "), custom: [customRow("", ""), customRow("plan", "pro")] };
    const { fields } = checkContactForm(form);
    expect(fields).toMatchObject({ name: "Anna", email: null, company: null, customFields: { plan: "pro" } });
    expect(schemaAccepts(fields!)).toBe(true);
  });

  it("the form has something to save only once it differs from the saved contact (spaces and an empty row do not count)", () => {
    const saved = { ...withField("name", "Anna"), custom: [customRow("plan", "pro")] };
    const same = { ...withField("name", "Anna "), custom: [customRow("plan", "pro"), customRow("", "")] };
    expect(formChanged(same, saved)).toBe(false);
    expect(formChanged({ ...same, company: "Keller" }, saved)).toBe(true);
    expect(formChanged({ ...same, custom: [customRow("plan", "team")] }, saved)).toBe(true);
    expect(formChanged({ ...same, custom: [] }, saved)).toBe(true);
  });
});
