// The visitor panel and « Mark as contact » show what the conversation's socket knows of the
// visitor now, over the visitor as it was loaded.
import { describe, expect, it } from "vitest";
import { contactFormFrom, newlyKnown, visitorAsKnown } from "../src/lib/contactForm";

const loaded = { name: null, email: null, phone: "+33 6 12 34 56 78", customFields: { Source: "ad" } };

describe("the visitor as known now", () => {
  it("an email and a name the bot collected after the panel loaded pre-fill the contact form", () => {
    const known = { name: "Marie", email: "marie@example.com", phone: null, custom: { "Frame size": "54 cm" } };
    const form = contactFormFrom(null, visitorAsKnown(loaded, known));
    expect(form).toMatchObject({ name: "Marie", email: "marie@example.com", phone: "+33 6 12 34 56 78" });
    expect(form.custom.map((row) => [row.key, row.value])).toEqual([
      ["Source", "ad"],
      ["Frame size", "54 cm"],
    ]);
  });

  it("without a live view the visitor is shown as loaded", () => {
    expect(visitorAsKnown(loaded, undefined)).toBe(loaded);
  });
});

it("a name, email or phone that becomes known while the contact form is open fills only the fields the agent left empty", () => {
  const form = contactFormFrom(null, { name: "Jeanne", email: null, phone: null });
  form.phone = "+33 6 12 34 56 78";
  expect(newlyKnown(form, { name: "Jeanne Moreau", email: "jeanne@moreau.example", phone: "+33 1 00 00 00 00" })).toEqual({ email: "jeanne@moreau.example" });
  expect(newlyKnown(contactFormFrom(null, null), { name: null, email: null, phone: null })).toEqual({});
});
