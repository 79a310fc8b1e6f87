import { describe, expect, it } from "vitest";
import { OfflineFormSchema, type OfflineFormConfig } from "@raibu/protocol/flow";
import { OfflineSubmissionSchema } from "@raibu/protocol/offline";
import { ApiError, networkError } from "../../client/apiError";
import { conversationView } from "../../client/test/fixtures";
import { askedFields, checkForm, confirmation, emptyValues, fieldProblem, prefilled, sendFailure, submission, type OfflineField } from "../src/app/offlineForm";
import { offlineDictionaries } from "../src/app/offlineTexts";

/** The Live chat step's default form: name (optional), email and message (required), no phone. */
const defaults: OfflineFormConfig = OfflineFormSchema.parse({});
const everything: OfflineFormConfig = {
  enabled: true,
  fields: { name: { ask: true, required: true }, email: { ask: false, required: false }, phone: { ask: true, required: true }, message: { ask: true, required: false } },
};

describe("the offline form's fields", () => {
  it("are the ones the step asks, in order, with email always asked and always required", () => {
    expect(askedFields(defaults)).toEqual([
      { field: "name", required: false },
      { field: "email", required: true },
      { field: "message", required: true },
    ]);
    // A step saved with email off still gets an address to answer to.
    expect(askedFields(everything)).toEqual([
      { field: "name", required: true },
      { field: "email", required: true },
      { field: "phone", required: true },
      { field: "message", required: false },
    ]);
  });

  it("start with what the bot collected, and a prefill that comes later fills only the fields still empty", () => {
    const start = prefilled(emptyValues(), { name: "Ana", email: "ana@example.com", phone: "" });
    expect(start).toEqual({ name: "Ana", email: "ana@example.com", phone: "", message: "" });
    const typed = { ...start, email: "ana@work.example", message: "Hello" };
    expect(prefilled(typed, { name: "Ana B.", email: "other@example.com", phone: "+33 1 23 45 67 89" })).toEqual({
      name: "Ana",
      email: "ana@work.example",
      phone: "+33 1 23 45 67 89",
      message: "Hello",
    });
    expect(prefilled(typed, undefined)).toBe(typed);
  });
});

describe("the offline form's checks", () => {
  it("say which required field is missing, and let an optional one stay empty", () => {
    const problems = checkForm({ name: "", email: "  ", phone: "", message: "" }, defaults);
    expect(problems).toEqual({ email: { code: "required" }, message: { code: "required" } });
    expect(checkForm({ name: "", email: "a@b.co", phone: "", message: "Hi" }, defaults)).toEqual({});
  });

  it("a field the step does not ask is not checked", () => {
    expect(checkForm({ name: "", email: "a@b.co", phone: "not a phone", message: "Hi" }, defaults)).toEqual({});
  });

  it("tell a bad email, a bad phone and a value too long apart, with how much is too long", () => {
    expect(fieldProblem("email", "ana@", true)).toEqual({ code: "email" });
    expect(fieldProblem("phone", "call me", true)).toEqual({ code: "phone" });
    expect(fieldProblem("name", "x".repeat(85), false)).toEqual({ code: "tooLong", max: 80, over: 5 });
    expect(fieldProblem("message", "x".repeat(5001), true)).toEqual({ code: "tooLong", max: 5000, over: 1 });
  });

  it("accept and refuse exactly what OfflineSubmissionSchema accepts and refuses", () => {
    const samples: Array<[OfflineField, string]> = [
      ["email", "ana@example.com"],
      ["email", "  Ana.Lopez+chat@Example.CO.uk "],
      ["email", "ana@example"],
      ["email", "ana@@example.com"],
      ["email", ".ana@example.com"],
      ["email", "ana..b@example.com"],
      ["email", "ana b@example.com"],
      ["email", "ana@exa_mple.com"],
      ["email", "o'neil@example.ie"],
      ["email", "é@example.com"],
      ["email", `${"a".repeat(250)}@b.co`],
      ["phone", "+33 1 23 45 67 89"],
      ["phone", "(555) 123-4567"],
      ["phone", "06.12.34.56.78"],
      ["phone", "1234"],
      ["phone", "+33 one two"],
      ["phone", "++33123456"],
      ["phone", "1".repeat(41)],
      ["name", "Ana"],
      ["name", " ".repeat(100) + "Ana"],
      ["name", "n".repeat(81)],
      ["message", "m".repeat(5000)],
      ["message", "m".repeat(5001)],
    ];
    for (const [field, value] of samples) {
      const body = { id: "abcdefgh", name: "", email: "ok@example.com", phone: "", message: "", [field]: value };
      const schemaTakes = OfflineSubmissionSchema.safeParse(body).success;
      expect(fieldProblem(field, value, false) === null, `${field}: ${JSON.stringify(value)}`).toBe(schemaTakes);
    }
  });
});

describe("the offline form's submission", () => {
  it("sends the asked fields trimmed, the email lowercased, the fields not asked empty, under the form's id", () => {
    const body = submission("form-id-123", { name: " Ana ", email: " Ana@Example.COM ", phone: "+33 1 23 45 67 89", message: " Call me back \n" }, defaults);
    expect(body).toEqual({ id: "form-id-123", name: "Ana", email: "ana@example.com", phone: "", message: "Call me back" });
    expect(OfflineSubmissionSchema.parse(body)).toEqual(body);
  });

  it("a 400 invalid_form puts the server's words under each field the form shows, and any other said form-wide", () => {
    const refused = new ApiError(400, "invalid_form", "Check the form.", { fields: { email: "Adresse invalide.", message: "Trop long." } });
    expect(sendFailure(refused, ["name", "email", "message"])).toEqual({ fields: { email: "Adresse invalide.", message: "Trop long." }, form: { key: "checkFields" } });
    const elsewhere = new ApiError(400, "invalid_form", "Le téléphone est obligatoire.", { fields: { phone: "Obligatoire." } });
    expect(sendFailure(elsewhere, ["name", "email", "message"])).toEqual({ fields: {}, form: { text: "Le téléphone est obligatoire." } });
  });

  it("a form no longer open, a rate limit, a lost connection and any other failure each get their own sentence", () => {
    const shown: OfflineField[] = ["email"];
    expect(sendFailure(new ApiError(409, "not_offline", "Not offline."), shown).form).toEqual({ key: "notOffline" });
    expect(sendFailure(new ApiError(429, "rate_limited", "Slow down.", {}, 2000), shown).form).toEqual({ key: "sendRateLimited" });
    expect(sendFailure(networkError(), shown).form).toEqual({ key: "sendNetwork" });
    expect(sendFailure(new ApiError(500, "internal", "Oops."), shown).form).toEqual({ key: "sendFailed" });
    expect(sendFailure(new TypeError("boom"), shown).form).toEqual({ key: "sendFailed" });
  });
});

describe("the offline form's confirmation", () => {
  const waiting = conversationView({ status: "offline_form", offlineForm: defaults, offlinePrefill: { name: "Ana", email: "ana@example.com", phone: "" } });
  const submitted = { ...waiting, offlineSubmitted: { threadId: "t1", submittedAt: 1_700_000_000_000 } };

  it("is not shown while the form is still to be sent", () => {
    expect(confirmation(waiting, null)).toBeNull();
    expect(confirmation(null, null)).toBeNull();
  });

  it("names the address just given, before the server's view says it was sent", () => {
    expect(confirmation(waiting, "ana@work.example")).toEqual({ email: "ana@work.example" });
  });

  it("after a reload, shows again from the conversation's view, with the address this browser remembers, else the view's, else none", () => {
    const sentView = { ...submitted, offlinePrefill: undefined };
    expect(confirmation(sentView, null, "ana@work.example")).toEqual({ email: "ana@work.example" });
    expect(confirmation(submitted, null)).toEqual({ email: "ana@example.com" });
    expect(confirmation(sentView, null)).toEqual({ email: null });
  });

  it("an address remembered for a conversation whose view says nothing was sent shows no confirmation", () => {
    expect(confirmation(waiting, null, "ana@work.example")).toBeNull();
  });
});

describe("the offline form's texts", () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();

  it("exist in English and French with the same placeholders, none empty", () => {
    expect(Object.keys(offlineDictionaries.fr).sort()).toEqual(Object.keys(offlineDictionaries.en).sort());
    for (const [key, english] of Object.entries(offlineDictionaries.en)) {
      const french = offlineDictionaries.fr[key as keyof typeof offlineDictionaries.en];
      expect(french.trim(), key).not.toBe("");
      expect(placeholders(french), key).toEqual(placeholders(english));
    }
  });
});
