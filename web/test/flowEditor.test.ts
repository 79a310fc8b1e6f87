// The flow builder's edits, names, outline and problems, on plain flows.
import { describe, expect, it } from "vitest";
import { FlowSchema, type Flow } from "@raibu/protocol/flow";
import {
  addChoice,
  addStep,
  buildOutline,
  canSave,
  defaultStep,
  emptyFlow,
  firstWords,
  flowProblems,
  incomingLinks,
  moveStep,
  newStepId,
  NUMBER_LIMITS,
  removeChoice,
  removeStep,
  setLink,
  setQuestionField,
  STEP_KINDS,
  stepNames,
  updateStep,
} from "../src/lib/flowEditor";
import { PROBLEM_KEYS, problemText } from "../src/lib/flowText";
import { dictionaries, LANGS, translate } from "../src/lib/i18n";

const kindName = (kind: string) => kind.charAt(0).toUpperCase() + kind.slice(1);

/** message → buttons (Pricing → question → live chat, Support → live chat) */
function sampleFlow(): Flow {
  return FlowSchema.parse({
    start: "hello",
    steps: [
      { id: "hello", kind: "message", text: "Hello! Welcome to Acme.", next: "menu" },
      {
        id: "menu",
        kind: "buttons",
        text: "What can we do for you?",
        choices: [
          { id: "pricing", label: "Pricing", next: "email" },
          { id: "support", label: "Support", next: "human" },
        ],
      },
      { id: "email", kind: "question", text: "What is your email?", field: "email", next: "human" },
      { id: "human", kind: "live_chat" },
    ],
  });
}

describe("new steps", () => {
  it("numbers a new step after the steps there are, skipping ids already taken", () => {
    expect(newStepId(emptyFlow())).toBe("step-1");
    expect(newStepId({ steps: [defaultStep("message", "a"), defaultStep("end", "b")] })).toBe("step-3");
    expect(newStepId({ steps: [defaultStep("message", "step-2"), defaultStep("end", "step-3")] })).toBe("step-4");
  });

  it("makes the first step of an empty flow its start, and appends later ones without moving the start", () => {
    const first = addStep(emptyFlow(), "message");
    expect(first.flow.start).toBe(first.id);
    const second = addStep(first.flow, "question");
    expect(second.flow.start).toBe(first.id);
    expect(second.flow.steps.map((s) => s.id)).toEqual(["step-1", "step-2"]);
  });

  it("gives every kind the schema's defaults, so filling in its text is enough to save it", () => {
    for (const kind of STEP_KINDS) {
      const step = { ...defaultStep(kind, "s1"), text: "Some text" };
      const flow = { ...emptyFlow(), start: "s1", steps: [kind === "buttons" ? { ...step, choices: [{ id: "c1", label: "OK", next: null }] } : step] };
      const parsed = FlowSchema.safeParse(flow);
      expect(parsed.success, kind).toBe(true);
      expect(parsed.data, kind).toEqual(flow);
    }
  });

  it("starts a Live chat step with a 60-second timeout, live and video offered, and the offline form on", () => {
    const step = defaultStep("live_chat", "s1");
    expect(step).toMatchObject({ offer: "both", timeoutSeconds: 60, whenNobodyOnline: "offline_form", offlineForm: { enabled: true } });
  });
});

describe("editing", () => {
  it("deleting a step keeps the links to it, which are then reported as dangling", () => {
    const flow = removeStep(sampleFlow(), "human");
    expect(incomingLinks(flow, "human")).toEqual([{ stepId: "menu", choiceId: "support" }, { stepId: "email" }]);
    const dangling = flowProblems(flow).filter((p) => p.code === "dangling_link");
    expect(dangling.map((p) => [p.stepId, p.target])).toEqual([
      ["menu", "human"],
      ["email", "human"],
    ]);
  });

  it("deleting a step with its links cleared ends the script where they pointed", () => {
    const flow = removeStep(sampleFlow(), "human", true);
    expect(incomingLinks(flow, "human")).toEqual([]);
    const menu = flow.steps.find((s) => s.id === "menu");
    expect(menu?.kind === "buttons" && menu.choices.map((c) => c.next)).toEqual(["email", null]);
  });

  it("deleting the start step moves the start to the first step left", () => {
    expect(removeStep(sampleFlow(), "hello").start).toBe("menu");
    expect(removeStep({ ...emptyFlow(), start: "a", steps: [defaultStep("end", "a")] }, "a").start).toBeNull();
  });

  it("moves a step up or down in the list without changing any link, and not past either end", () => {
    const flow = sampleFlow();
    const moved = moveStep(flow, "email", -1);
    expect(moved.steps.map((s) => s.id)).toEqual(["hello", "email", "menu", "human"]);
    expect(incomingLinks(moved, "email")).toEqual(incomingLinks(flow, "email"));
    expect(moveStep(flow, "hello", -1)).toBe(flow);
    expect(moveStep(flow, "human", 1)).toBe(flow);
  });

  it("links a step, or one button of a buttons step, to another step or to the end of the script", () => {
    let flow = setLink(sampleFlow(), "hello", null);
    expect(flow.steps[0]).toMatchObject({ next: null });
    flow = setLink(flow, "menu", "human", "pricing");
    const menu = flow.steps[1]!;
    expect(menu.kind === "buttons" && menu.choices.map((c) => c.next)).toEqual(["human", "human"]);
  });

  it("adds buttons with fresh ids up to eight, and never removes the last one", () => {
    let flow = sampleFlow();
    for (let i = 0; i < 10; i++) flow = addChoice(flow, "menu");
    const menu = () => flow.steps[1] as Extract<Flow["steps"][number], { kind: "buttons" }>;
    expect(menu().choices).toHaveLength(8);
    expect(new Set(menu().choices.map((c) => c.id)).size).toBe(8);
    for (const choice of [...menu().choices]) flow = removeChoice(flow, "menu", choice.id);
    expect(menu().choices).toHaveLength(1);
  });

  it("keeps a custom field's name only for answers saved in custom fields", () => {
    let flow = setQuestionField(sampleFlow(), "email", "custom");
    expect(flow.steps[2]).toMatchObject({ field: "custom", customField: "" });
    flow = updateStep(flow, "email", (s) => (s.kind === "question" ? { ...s, customField: "budget" } : s));
    flow = setQuestionField(flow, "email", "text");
    expect(flow.steps[2]).toMatchObject({ field: "text", customField: "budget" });
    flow = setQuestionField(flow, "email", "phone");
    expect(flow.steps[2]).not.toHaveProperty("customField");
  });

  it("never changes the flow it is given", () => {
    const flow = sampleFlow();
    const before = JSON.stringify(flow);
    addStep(flow, "end");
    removeStep(flow, "menu", true);
    moveStep(flow, "menu", 1);
    setLink(flow, "menu", null, "pricing");
    addChoice(flow, "menu");
    setQuestionField(flow, "email", "custom");
    expect(JSON.stringify(flow)).toBe(before);
  });
});

describe("step names", () => {
  it("cuts a text to its first words with an ellipsis", () => {
    expect(firstWords("Hello! Welcome to Acme.")).toBe("Hello! Welcome to Acme.");
    expect(firstWords("one two three four five six seven eight")).toBe("one two three four five six…");
    expect(firstWords("  ")).toBe("");
  });

  it("cuts a long text between words rather than inside one", () => {
    expect(firstWords("Souhaitez-vous parler à quelqu'un de l'équipe ?")).toBe("Souhaitez-vous parler à quelqu'un de…");
  });

  it("names a step by its kind and first words, or by its id when it has no text", () => {
    const names = stepNames(sampleFlow(), kindName);
    expect(names.get("hello")).toBe("Message · Hello! Welcome to Acme.");
    expect(names.get("human")).toBe("Live_chat (human)");
  });

  it("adds the id to steps that would otherwise read the same", () => {
    const flow = { ...emptyFlow(), steps: [{ ...defaultStep("message", "a"), text: "Hi" }, { ...defaultStep("message", "b"), text: "Hi" }] };
    expect([...stepNames(flow, kindName).values()]).toEqual(["Message · Hi (a)", "Message · Hi (b)"]);
  });
});

describe("outline", () => {
  it("reads the flow from the start, with each button's branch indented under it", () => {
    const { lines, unreachable } = buildOutline(sampleFlow());
    expect(lines).toEqual([
      { type: "step", stepId: "hello", depth: 0 },
      { type: "step", stepId: "menu", depth: 0 },
      { type: "choice", stepId: "menu", choiceId: "pricing", label: "Pricing", depth: 1 },
      { type: "step", stepId: "email", depth: 2 },
      { type: "step", stepId: "human", depth: 2 },
      { type: "choice", stepId: "menu", choiceId: "support", label: "Support", depth: 1 },
      { type: "back", target: "human", depth: 2 },
    ]);
    expect(unreachable).toEqual([]);
  });

  it("points back to a step already shown instead of repeating it, so loops end", () => {
    const flow = setLink(sampleFlow(), "menu", "hello", "support");
    const { lines } = buildOutline(flow);
    expect(lines.at(-1)).toEqual({ type: "back", target: "hello", depth: 2 });
  });

  it("shows where the script ends and where a link leads to a missing step", () => {
    const flow = setLink(setLink(sampleFlow(), "email", null), "menu", "gone", "support");
    const { lines } = buildOutline(flow);
    expect(lines).toContainEqual({ type: "end", depth: 2 });
    expect(lines).toContainEqual({ type: "missing", target: "gone", depth: 2 });
  });

  it("lists the steps no path reaches apart, in their list order", () => {
    const flow = { ...sampleFlow(), steps: [...sampleFlow().steps, defaultStep("end", "bye"), defaultStep("message", "lost")] };
    expect(buildOutline(flow).unreachable).toEqual(["bye", "lost"]);
  });

  it("shows nothing but unreachable steps when the flow has no start", () => {
    const flow = { ...sampleFlow(), start: null };
    expect(buildOutline(flow)).toEqual({ lines: [], unreachable: ["hello", "menu", "email", "human"] });
  });
});

describe("problems", () => {
  it("finds none in a complete flow", () => {
    expect(flowProblems(sampleFlow())).toEqual([]);
  });

  it("names the step and the field the schema rejects, and such a draft cannot be saved", () => {
    let flow = addStep(sampleFlow(), "buttons").flow;
    flow = setLink(flow, "email", "step-5");
    const problems = flowProblems(flow);
    expect(problems.map((p) => [p.code, p.stepId, p.field, p.choiceId])).toEqual([
      ["text_missing", "step-5", "text", undefined],
      ["label_missing", "step-5", "label", "choice-1"],
    ]);
    expect(canSave(problems)).toBe(false);
  });

  it("reports numbers outside the schema's bounds, and a cleared number field, as out of range", () => {
    let flow = updateStep(sampleFlow(), "hello", (s) => ({ ...s, delaySeconds: NUMBER_LIMITS.delaySeconds.max + 1 }));
    flow = updateStep(flow, "human", (s) => ({ ...s, timeoutSeconds: Number.NaN }));
    expect(flowProblems(flow).map((p) => [p.code, p.stepId, p.field])).toEqual([
      ["number_range", "hello", "delaySeconds"],
      ["number_range", "human", "timeoutSeconds"],
    ]);
  });

  it("asks for the custom field's name when an answer is saved in a custom field", () => {
    const flow = setQuestionField(sampleFlow(), "email", "custom");
    expect(flowProblems(flow).map((p) => [p.code, p.stepId, p.field])).toEqual([["custom_field_missing", "email", "customField"]]);
  });

  it("lets a draft with only publishing problems be saved", () => {
    const flow = { ...sampleFlow(), steps: [...sampleFlow().steps, { ...defaultStep("message", "lost"), text: "Nobody reads me" }] };
    const problems = flowProblems(flow);
    expect(problems.map((p) => [p.code, p.stepId])).toEqual([["unreachable", "lost"]]);
    expect(canSave(problems)).toBe(true);
  });

  it("reports a missing Live chat step only while live and video chat are offered at any time", () => {
    const flow = removeStep(sampleFlow(), "human", true);
    expect(flowProblems(flow).map((p) => p.code)).toEqual(["live_chat_missing"]);
    expect(flowProblems({ ...flow, offerRequestsAnytime: false })).toEqual([]);
  });

  it("keeps the numeric bounds the editor shows in step with the schema", () => {
    const base = sampleFlow();
    const cases = [
      ["hello", "delaySeconds"],
      ["human", "timeoutSeconds"],
    ] as const;
    for (const [id, field] of cases) {
      const { min, max } = NUMBER_LIMITS[field];
      const at = (value: number) => FlowSchema.safeParse(updateStep(base, id, (s) => ({ ...s, [field]: value }))).success;
      expect([at(min - 1), at(min), at(max), at(max + 1)], field).toEqual([false, true, true, false]);
    }
    const appointment = { ...emptyFlow(), start: "a", offerRequestsAnytime: false, steps: [{ ...defaultStep("appointment", "a"), text: "Book" }] };
    for (const field of ["durationMinutes", "daysAhead"] as const) {
      const { min, max } = NUMBER_LIMITS[field];
      const at = (value: number) => FlowSchema.safeParse(updateStep(appointment, "a", (s) => ({ ...s, [field]: value }))).success;
      expect([at(min - 1), at(min), at(max), at(max + 1)], field).toEqual([false, true, true, false]);
    }
  });

  it("has a text for every problem code in English and in French", () => {
    for (const lang of LANGS) for (const key of Object.values(PROBLEM_KEYS)) expect(dictionaries[lang][key], `${lang}:${key}`).toBeTruthy();
    const t = (key: Parameters<typeof translate>[1], params?: Record<string, string | number>) => translate("fr", key, params);
    expect(problemText(t, { code: "number_range", stepId: "s", field: "timeoutSeconds", message: "" })).toBe("Délai d’acceptation (secondes) : un nombre entier de 10 à 3600.");
    expect(problemText(t, { code: "unreachable", stepId: "s", message: "" })).toBe("Aucun chemin depuis le départ n’atteint cette étape.");
  });
});
