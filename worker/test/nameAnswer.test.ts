// The name question's answers as visitors type them, and the flow around them: a question or a
// sentence is kept as the visitor's message (never their name), email and phone can be declined
// once asked again, and what is known already is not asked.
import { describe, expect, it } from "vitest";
import { FlowSchema } from "@raibu/protocol/flow";
import { FlowRunner, type FlowCursor, type FlowEffect } from "../src/lib/flowRunner";
import { nameFrom } from "../src/lib/nameAnswer";

describe("what looks like a name", () => {
  it("takes first names, full names with particles, hyphens, apostrophes and accents", () => {
    for (const name of ["Marie", "Jean-Pierre de La Fontaine", "Zoë O’Brien", "Seán O'Neill", "Ana María García López", "J. R. R. Tolkien", "李小龙", "Will", "Do Van Anh"]) {
      expect(nameFrom(name), name).toBe(name);
    }
  });

  it("takes the name out of an introduction or a greeting, without its end punctuation", () => {
    expect(nameFrom("my name is Anna")).toBe("Anna");
    expect(nameFrom("My name is Anna Schmidt.")).toBe("Anna Schmidt");
    expect(nameFrom("Hi, I'm Tom!")).toBe("Tom");
    expect(nameFrom("je m'appelle Léa")).toBe("Léa");
    expect(nameFrom("Bonjour, moi c'est Hugo")).toBe("Hugo");
    expect(nameFrom("  Paul  ")).toBe("Paul");
  });

  it("refuses a question, a greeting, a sentence, a refusal, an email or a number", () => {
    for (const text of [
      "Do you deliver cargo bikes to Lyon?",
      "do you deliver cargo bikes to Lyon",
      "Livrez-vous à Lyon ?",
      "hi",
      "Bonjour",
      "hello!",
      "I'd rather not",
      "je préfère ne pas le dire",
      "I need help with my order",
      "no",
      "anna@example.com",
      "0612345678",
      "a",
      "The quick brown fox jumps over the lazy dog",
      "x".repeat(61),
    ]) {
      expect(nameFrom(text), text).toBeNull();
    }
  });
});

const flow = FlowSchema.parse({
  start: "name",
  offerRequestsAnytime: false,
  steps: [
    { id: "name", kind: "question", text: "What's your name?", field: "name", next: "email" },
    { id: "email", kind: "question", text: "Your email?", field: "email", next: "phone" },
    { id: "phone", kind: "question", text: "Your phone?", field: "phone", next: "need" },
    { id: "need", kind: "question", text: "What do you need?", field: "text", customField: "Need", next: "bye" },
    { id: "bye", kind: "end", text: "Thanks!" },
  ],
});
const said = (effects: FlowEffect[]) => effects.flatMap((e) => (e.type === "say" ? [e.text] : []));
const at = (stepId: string, tries?: number): FlowCursor => ({ stepId, waiting: "visitor", dueAt: null, ...(tries ? { tries } : {}) });

describe("the flow around a name question", () => {
  const runner = new FlowRunner(flow, "en");

  it("a question typed where the name was asked is kept as a message, not saved as the name, and the name is asked again", () => {
    const heard = runner.answer(at("name"), "Do you deliver cargo bikes to Lyon?", 0);
    expect(heard.handled).toBe(true);
    expect(heard.effects.some((e) => e.type === "save")).toBe(false);
    expect(heard.effects[0]).toEqual({ type: "keptAsMessage", stepId: "name" });
    expect(said(heard.effects)).toEqual(["Could you tell me your name?"]);
    expect(heard.cursor).toEqual(at("name", 1));
  });

  it("a second answer that is not a name is kept too, and the bot moves on without a name", () => {
    const heard = runner.answer(at("name", 1), "hi", 0);
    expect(heard.effects.some((e) => e.type === "save")).toBe(false);
    expect(heard.effects[0]).toEqual({ type: "keptAsMessage", stepId: "name" });
    expect(said(heard.effects)).toEqual(["Your email?"]);
    expect(heard.cursor).toEqual(at("email"));
  });

  it("a name given with an introduction is saved without it", () => {
    const heard = runner.answer(at("name", 1), "my name is Anna", 0);
    expect(heard.effects[0]).toEqual({ type: "save", field: "name", value: "Anna" });
  });

  it("an email question offers « I'd rather not » only after a wrong answer, and picking it moves on without saving", () => {
    expect(runner.prompt(at("email"))).toEqual({ kind: "question", stepId: "email", field: "email" });
    const wrong = runner.answer(at("email"), "anna at example", 0);
    expect(wrong.cursor).toEqual(at("email", 1));
    expect(runner.prompt(wrong.cursor)).toEqual({ kind: "question", stepId: "email", field: "email", skip: { id: "skip", label: "I'd rather not" } });
    expect(runner.choose(at("email"), "email", "skip", 0).ok).toBe(false);
    const skipped = runner.choose(wrong.cursor, "email", "skip", 0);
    expect(skipped).toMatchObject({ ok: true, label: "I'd rather not", cursor: at("phone") });
    expect(skipped.ok && skipped.effects.some((e) => e.type === "save")).toBe(false);
  });

  it("typing the skip's words declines too, in the interface's language", () => {
    const fr = new FlowRunner(flow, "fr");
    expect(fr.prompt(at("phone", 1))).toMatchObject({ skip: { label: "Je préfère ne pas le donner" } });
    expect(fr.answer(at("phone", 1), "je préfère ne pas le donner", 0).cursor).toEqual(at("need"));
    expect(runner.answer(at("email", 2), "I'd rather not", 0).cursor).toEqual(at("phone"));
  });

  it("questions whose answer is known already are skipped; a free text question is still asked", () => {
    const known = new FlowRunner(flow, "en", (field) => field === "name" || field === "email");
    const started = known.start(0);
    expect(said(started.effects)).toEqual(["Your phone?"]);
    expect(started.cursor).toEqual(at("phone"));
    const all = new FlowRunner(flow, "en", () => true);
    expect(said(all.start(0).effects)).toEqual(["What do you need?"]);
  });
});
