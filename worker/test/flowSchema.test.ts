import { describe, expect, it } from "vitest";
import { FlowRunner, validAnswer, type FlowCursor, type FlowEffect } from "../src/lib/flowRunner";
import { FlowSchema, FlowStepSchema, validateFlow, type Flow } from "@raibu/protocol/flow";

const flow = (raw: unknown): Flow => FlowSchema.parse(raw);

/** message → buttons (sales → question email → live chat | support → end). */
const branching = flow({
  start: "hello",
  offerRequestsAnytime: true,
  steps: [
    { id: "hello", kind: "message", text: "Hello!", next: "topic" },
    {
      id: "topic",
      kind: "buttons",
      text: "What brings you here?",
      choices: [
        { id: "sales", label: "Buying a bike", next: "email" },
        { id: "support", label: "A repair", next: "bye" },
      ],
    },
    { id: "email", kind: "question", text: "Your email?", field: "email", next: "human" },
    { id: "human", kind: "live_chat", offer: "both" },
    { id: "bye", kind: "end", text: "See you!" },
  ],
});

describe("the flow schema", () => {
  it("accepts every step kind and fills in their defaults", () => {
    const steps = [
      { id: "m", kind: "message", text: "Hi" },
      { id: "q", kind: "question", text: "Name?", field: "name" },
      { id: "b", kind: "buttons", text: "Pick", choices: [{ id: "a", label: "A" }] },
      { id: "l", kind: "live_chat" },
      { id: "a", kind: "appointment", text: "Book a demo" },
      { id: "e", kind: "end" },
    ].map((step) => FlowStepSchema.parse(step));
    expect(steps.map((s) => s.kind)).toEqual(["message", "question", "buttons", "live_chat", "appointment", "end"]);
    expect(steps[0]).toMatchObject({ delaySeconds: 0, next: null });
    expect(steps[3]).toMatchObject({
      offer: "both",
      timeoutSeconds: 60,
      whenNobodyOnline: "offline_form",
      offlineForm: { enabled: true, fields: { email: { ask: true, required: true }, phone: { ask: false, required: false } } },
    });
    expect(steps[4]).toMatchObject({ durationMinutes: 30, daysAhead: 14 });
  });

  it.each([
    ["a message without text", { id: "m", kind: "message", text: "  " }, "text"],
    ["a question saving to a custom field it does not name", { id: "q", kind: "question", text: "Size?", field: "custom" }, "customField"],
    ["a question with an unknown field", { id: "q", kind: "question", text: "Age?", field: "age" }, "field"],
    ["buttons without a choice", { id: "b", kind: "buttons", text: "Pick", choices: [] }, "choices"],
    ["a button without a label", { id: "b", kind: "buttons", text: "Pick", choices: [{ id: "x", label: "" }] }, "choices"],
    ["a live chat timeout under 10 seconds", { id: "l", kind: "live_chat", timeoutSeconds: 5 }, "timeoutSeconds"],
    ["a live chat offering something else", { id: "l", kind: "live_chat", offer: "phone" }, "offer"],
    ["an appointment without text", { id: "a", kind: "appointment", text: "" }, "text"],
    ["a step id with spaces", { id: "my step", kind: "end" }, "id"],
    ["an unknown kind", { id: "x", kind: "webhook" }, "kind"],
  ])("refuses %s", (_name, step, path) => {
    const result = FlowStepSchema.safeParse(step);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => issue.path[0])).toContain(path);
  });
});

describe("flow validation", () => {
  it("finds nothing wrong in a flow every step of which is reachable", () => {
    expect(validateFlow(branching)).toEqual([]);
  });

  it("names a flow without a start, or whose start does not exist", () => {
    expect(validateFlow(flow({ start: null, offerRequestsAnytime: false, steps: [] })).map((p) => p.code)).toEqual(["no_start"]);
    const missing = validateFlow(flow({ start: "ghost", offerRequestsAnytime: false, steps: [{ id: "a", kind: "end" }] }));
    expect(missing[0]).toMatchObject({ code: "no_start", message: 'The start step "ghost" does not exist.' });
  });

  it("names the step whose link leads nowhere, and the missing target", () => {
    const problems = validateFlow(flow({ ...branching, steps: branching.steps.map((s) => (s.id === "email" ? { ...s, next: "nowhere" } : s)) }));
    expect(problems).toContainEqual(expect.objectContaining({ code: "dangling_link", stepId: "email", target: "nowhere" }));
  });

  it("names a button's dangling link too", () => {
    const steps = branching.steps.map((s) => (s.kind === "buttons" ? { ...s, choices: [...s.choices, { id: "x", label: "Other", next: "gone" }] } : s));
    expect(validateFlow(flow({ ...branching, steps }))).toContainEqual(expect.objectContaining({ code: "dangling_link", stepId: "topic", target: "gone" }));
  });

  it("names the steps nobody reaches from the start", () => {
    const problems = validateFlow(flow({ ...branching, steps: [...branching.steps, { id: "orphan", kind: "message", text: "Nobody sees me" }] }));
    expect(problems).toEqual([expect.objectContaining({ code: "unreachable", stepId: "orphan" })]);
  });

  it("names two steps sharing an id", () => {
    const problems = validateFlow(flow({ ...branching, steps: [...branching.steps, { id: "bye", kind: "end" }] }));
    expect(problems.map((p) => p.code)).toContain("duplicate_id");
  });

  it("asks for a Live chat step when the flow offers live and video chat at any time", () => {
    const noHuman = flow({ start: "a", offerRequestsAnytime: true, steps: [{ id: "a", kind: "end", text: "Bye" }] });
    expect(validateFlow(noHuman).map((p) => p.code)).toEqual(["live_chat_missing"]);
    expect(validateFlow({ ...noHuman, offerRequestsAnytime: false })).toEqual([]);
  });
});

describe("the flow runner", () => {
  const runner = new FlowRunner(branching, "en");
  const said = (effects: FlowEffect[]) => effects.flatMap((e) => (e.type === "say" ? [e.text] : []));

  it("speaks from the start until a step waits for the visitor", () => {
    const { cursor, effects } = runner.start(0);
    expect(said(effects)).toEqual(["Hello!", "What brings you here?"]);
    expect(cursor).toEqual({ stepId: "topic", waiting: "visitor", dueAt: null });
    expect(runner.prompt(cursor)).toEqual({ kind: "buttons", stepId: "topic", choices: [{ id: "sales", label: "Buying a bike" }, { id: "support", label: "A repair" }] });
  });

  it("follows the branch of the chosen button and refuses a choice of another step", () => {
    const { cursor } = runner.start(0);
    expect(runner.choose(cursor, "email", "sales", 0).ok).toBe(false);
    const picked = runner.choose(cursor, "topic", "support", 0);
    expect(picked).toMatchObject({ ok: true, label: "A repair", cursor: { stepId: null } });
    expect(picked.ok && picked.effects).toEqual([{ type: "say", stepId: "bye", text: "See you!" }, { type: "end", stepId: "bye" }]);
  });

  it("re-asks an email question on a bad answer and saves a good one", () => {
    const atEmail: FlowCursor = { stepId: "email", waiting: "visitor", dueAt: null };
    const bad = runner.answer(atEmail, "not an email", 0);
    expect(bad.cursor).toEqual({ ...atEmail, tries: 1 });
    expect(said(bad.effects)).toEqual(["That doesn't look like an email address. Could you check it?"]);
    const good = runner.answer(atEmail, " Jo@Example.com ", 0);
    expect(good.effects[0]).toEqual({ type: "save", field: "email", value: "jo@example.com" });
    expect(runner.prompt(good.cursor)).toEqual({ kind: "live_chat", stepId: "human", offer: "both" });
  });

  it("waits out a message's delay and says it once it is due", () => {
    const delayed = new FlowRunner(flow({ start: "a", offerRequestsAnytime: false, steps: [{ id: "a", kind: "message", text: "Thinking done", delaySeconds: 2 }] }), "en");
    const started = delayed.start(1000);
    expect(started.effects).toEqual([{ type: "typing", until: 3000 }]);
    expect(delayed.wake(started.cursor, 2999).effects).toEqual([]);
    expect(said(delayed.wake(started.cursor, 3000).effects)).toEqual(["Thinking done"]);
  });

  it("stops a cycle of messages instead of spinning", () => {
    const loop = new FlowRunner(
      flow({ start: "a", offerRequestsAnytime: false, steps: [{ id: "a", kind: "message", text: "A", next: "b" }, { id: "b", kind: "message", text: "B", next: "a" }] }),
      "en",
    );
    const { cursor, effects } = loop.start(0);
    expect(cursor.stepId).toBeNull();
    expect(effects.length).toBe(50);
  });

  it("validates answers by field: phone digits, name length", () => {
    const question = (field: "phone" | "name") => ({ id: "q", kind: "question" as const, text: "?", field, retryText: "", next: null });
    expect(validAnswer(question("phone"), "+33 6 12 34 56 78")).toBe("+33 6 12 34 56 78");
    expect(validAnswer(question("phone"), "call me")).toBeNull();
    expect(validAnswer(question("name"), "x".repeat(121))).toBeNull();
  });
});
