// The flow builder's pure side: new steps and their ids, edits that keep links tidy, readable
// step names, the outline of the visitor's paths, and every problem of a draft in one list.
import {
  FlowSchema,
  LiveChatStepSchema,
  STEP_KINDS,
  validateFlow,
  type ButtonsStep,
  type Flow,
  type FlowProblemCode,
  type FlowStep,
  type QuestionField,
  type StepKind,
} from "@raibu/protocol/flow";

export { STEP_KINDS };
export type { Flow, FlowStep, StepKind };

/** Kinds whose step has one `next` link (buttons link per choice; live chat and end stop the script). */
export type LinearStep = Extract<FlowStep, { next: string | null }>;

export const MAX_STEPS = 100;
export const MAX_CHOICES = 8;

/** The schema's bounds for the numeric fields, for inputs' min/max and problem texts. */
export const NUMBER_LIMITS = {
  delaySeconds: { min: 0, max: 30 },
  timeoutSeconds: { min: 10, max: 3600 },
  durationMinutes: { min: 10, max: 240 },
  daysAhead: { min: 1, max: 90 },
} as const;
export type NumberField = keyof typeof NUMBER_LIMITS;

export function emptyFlow(): Flow {
  return { schemaVersion: 1, start: null, offerRequestsAnytime: true, steps: [] };
}

export function isLinear(step: FlowStep): step is LinearStep {
  return step.kind === "message" || step.kind === "question" || step.kind === "appointment";
}

/** `step-N`, N one more than the number of steps, skipping ids already taken. */
export function newStepId(flow: Pick<Flow, "steps">): string {
  const taken = new Set(flow.steps.map((step) => step.id));
  let n = flow.steps.length + 1;
  while (taken.has(`step-${n}`)) n++;
  return `step-${n}`;
}

export function newChoiceId(choices: readonly { id: string }[]): string {
  const taken = new Set(choices.map((choice) => choice.id));
  let n = choices.length + 1;
  while (taken.has(`choice-${n}`)) n++;
  return `choice-${n}`;
}

/** A new step of `kind` with the schema's defaults; texts start empty for the admin to write. */
export function defaultStep(kind: StepKind, id: string): FlowStep {
  switch (kind) {
    case "message":
      return { id, kind, text: "", delaySeconds: 0, next: null };
    case "question":
      return { id, kind, text: "", field: "email", retryText: "", next: null };
    case "buttons":
      return { id, kind, text: "", choices: [{ id: "choice-1", label: "", next: null }] };
    case "live_chat":
      return LiveChatStepSchema.parse({ id, kind });
    case "appointment":
      return { id, kind, text: "", durationMinutes: 30, daysAhead: 14, next: null };
    case "end":
      return { id, kind, text: "" };
  }
}

/** Appends a step; the first step of an empty flow becomes its start. */
export function addStep(flow: Flow, kind: StepKind): { flow: Flow; id: string } {
  const id = newStepId(flow);
  return { id, flow: { ...flow, start: flow.start ?? id, steps: [...flow.steps, defaultStep(kind, id)] } };
}

export function updateStep(flow: Flow, id: string, change: (step: FlowStep) => FlowStep): Flow {
  return { ...flow, steps: flow.steps.map((step) => (step.id === id ? change(step) : step)) };
}

/** Where the flow links to `id`: steps (and the buttons' choices) whose next it is. */
export function incomingLinks(flow: Flow, id: string): { stepId: string; choiceId?: string }[] {
  const links: { stepId: string; choiceId?: string }[] = [];
  for (const step of flow.steps) {
    if (step.kind === "buttons") {
      for (const choice of step.choices) if (choice.next === id) links.push({ stepId: step.id, choiceId: choice.id });
    } else if (isLinear(step) && step.next === id) links.push({ stepId: step.id });
  }
  return links;
}

/**
 * Deletes a step. Links to it stay (and are reported as dangling) unless `clearLinks`, which
 * turns them into "end of script". A deleted start moves to the first step left.
 */
export function removeStep(flow: Flow, id: string, clearLinks = false): Flow {
  const steps = flow.steps.filter((step) => step.id !== id);
  const start = flow.start === id ? (steps[0]?.id ?? null) : flow.start;
  const next: Flow = { ...flow, start, steps };
  return clearLinks ? relink(next, id, null) : next;
}

/** Points every link to `from` at `to` instead. */
function relink(flow: Flow, from: string, to: string | null): Flow {
  return {
    ...flow,
    steps: flow.steps.map((step) => {
      if (step.kind === "buttons" && step.choices.some((choice) => choice.next === from)) {
        return { ...step, choices: step.choices.map((choice) => (choice.next === from ? { ...choice, next: to } : choice)) };
      }
      if (isLinear(step) && step.next === from) return { ...step, next: to };
      return step;
    }),
  };
}

/** Moves a step one place up (-1) or down (1) in the list; links do not change. */
export function moveStep(flow: Flow, id: string, delta: -1 | 1): Flow {
  const from = flow.steps.findIndex((step) => step.id === id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= flow.steps.length) return flow;
  const steps = [...flow.steps];
  [steps[from], steps[to]] = [steps[to]!, steps[from]!];
  return { ...flow, steps };
}

/** Sets where a step (or one of its buttons, by `choiceId`) leads; null ends the script. */
export function setLink(flow: Flow, stepId: string, next: string | null, choiceId?: string): Flow {
  return updateStep(flow, stepId, (step) => {
    if (step.kind === "buttons") {
      return choiceId === undefined ? step : { ...step, choices: step.choices.map((choice) => (choice.id === choiceId ? { ...choice, next } : choice)) };
    }
    return isLinear(step) ? { ...step, next } : step;
  });
}

export function addChoice(flow: Flow, stepId: string): Flow {
  return updateStep(flow, stepId, (step) =>
    step.kind === "buttons" && step.choices.length < MAX_CHOICES
      ? { ...step, choices: [...step.choices, { id: newChoiceId(step.choices), label: "", next: null }] }
      : step,
  );
}

export function removeChoice(flow: Flow, stepId: string, choiceId: string): Flow {
  return updateStep(flow, stepId, (step) =>
    step.kind === "buttons" && step.choices.length > 1 ? { ...step, choices: step.choices.filter((choice) => choice.id !== choiceId) } : step,
  );
}

/** Whether answers to this field are saved under a custom field's name. */
export function needsCustomField(field: QuestionField): boolean {
  return field === "text" || field === "custom";
}

/** Changes a question's field; the custom field's name goes when the answer is the visitor's name, email or phone. */
export function setQuestionField(flow: Flow, stepId: string, field: QuestionField): Flow {
  return updateStep(flow, stepId, (step) => {
    if (step.kind !== "question") return step;
    const { customField, ...rest } = step;
    return needsCustomField(field) ? { ...rest, field, customField: customField ?? "" } : { ...rest, field };
  });
}

// ---- Names ----

/** The first words of a text, at most `maxChars` long (cut between words when it can be), with an ellipsis. */
export function firstWords(text: string, maxWords = 6, maxChars = 40): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  let out = words.slice(0, maxWords).join(" ");
  if (out.length > maxChars) {
    out = out.slice(0, maxChars);
    const space = out.lastIndexOf(" ");
    out = (space >= maxChars / 2 ? out.slice(0, space) : out).trimEnd();
  }
  return out.length < words.join(" ").length ? `${out}…` : out;
}

/**
 * A readable name per step id, "Message · Hello, how can we…": the kind, then its first words
 * (the id when it has no text). Steps that would read the same get their id added.
 */
export function stepNames(flow: Pick<Flow, "steps">, kindName: (kind: StepKind) => string): Map<string, string> {
  const base = new Map<string, string>();
  for (const step of flow.steps) {
    if (base.has(step.id)) continue;
    const words = firstWords(step.text);
    base.set(step.id, words ? `${kindName(step.kind)} · ${words}` : `${kindName(step.kind)} (${step.id})`);
  }
  const counts = new Map<string, number>();
  for (const name of base.values()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return new Map([...base].map(([id, name]) => [id, counts.get(name)! > 1 && !name.endsWith(`(${id})`) ? `${name} (${id})` : name]));
}

// ---- Outline ----

export type OutlineLine =
  | { type: "step"; stepId: string; depth: number }
  | { type: "choice"; stepId: string; choiceId: string; label: string; depth: number }
  /** A link to a step already shown above. */
  | { type: "back"; target: string; depth: number }
  /** A link to a step that does not exist. */
  | { type: "missing"; target: string; depth: number }
  /** The script ends here; the visitor may write freely. */
  | { type: "end"; depth: number };

/**
 * The flow as a visitor may walk it, from the start: a sequence stays at its depth, each
 * button opens an indented branch, and a step is shown once (later links point back to it).
 * Steps no path reaches are listed apart, in their list order.
 */
export function buildOutline(flow: Flow): { lines: OutlineLine[]; unreachable: string[] } {
  const byId = new Map<string, FlowStep>();
  for (const step of flow.steps) if (!byId.has(step.id)) byId.set(step.id, step);
  const shown = new Set<string>();
  const lines: OutlineLine[] = [];

  const follow = (target: string | null, depth: number) => {
    let current = target;
    for (;;) {
      if (current === null) return void lines.push({ type: "end", depth });
      const step = byId.get(current);
      if (!step) return void lines.push({ type: "missing", target: current, depth });
      if (shown.has(current)) return void lines.push({ type: "back", target: current, depth });
      shown.add(current);
      lines.push({ type: "step", stepId: current, depth });
      if (step.kind === "buttons") {
        for (const choice of step.choices) {
          lines.push({ type: "choice", stepId: step.id, choiceId: choice.id, label: choice.label, depth: depth + 1 });
          follow(choice.next, depth + 2);
        }
        return;
      }
      if (!isLinear(step)) return;
      current = step.next;
    }
  };

  if (flow.start !== null) follow(flow.start, 0);
  const unreachable = [...byId.keys()].filter((id) => !shown.has(id));
  return { lines, unreachable };
}

// ---- Problems ----

/** What the schema rejects, by what the admin must fix. */
export type FieldProblemCode =
  | "text_missing"
  | "label_missing"
  | "custom_field_missing"
  | "choices_count"
  | "number_range"
  | "too_long"
  | "too_many_steps"
  | "invalid";

export interface EditorProblem {
  code: FlowProblemCode | FieldProblemCode;
  /** The step to fix, or null for the whole flow. */
  stepId: string | null;
  /** The step's field (`text`, `label`, `delaySeconds`…) when the problem is one field. */
  field?: string;
  /** The button the problem is in. */
  choiceId?: string;
  /** The missing step of a dangling link. */
  target?: string;
  /** The English explanation (what the server would say), for codes without a translation. */
  message: string;
}

/**
 * Everything that stops a draft: first what the schema rejects (the server refuses to save
 * those), then what `validateFlow` finds (the server refuses to publish those).
 */
export function flowProblems(flow: Flow): EditorProblem[] {
  return [...fieldProblems(flow), ...validateFlow(flow)];
}

/** True when the server would accept the draft as it is (it may still not publish). */
export function canSave(problems: readonly EditorProblem[]): boolean {
  return !problems.some((problem) => isFieldProblem(problem.code));
}

export function isFieldProblem(code: EditorProblem["code"]): code is FieldProblemCode {
  return !["no_start", "duplicate_id", "dangling_link", "unreachable", "live_chat_missing"].includes(code);
}

function fieldProblems(flow: Flow): EditorProblem[] {
  const parsed = FlowSchema.safeParse(flow);
  if (parsed.success) return [];
  const problems: EditorProblem[] = [];
  const seen = new Set<string>();
  for (const issue of parsed.error.issues) {
    const problem = fromIssue(flow, issue.path, issue.code, issue.message);
    const key = `${problem.stepId}|${problem.choiceId ?? ""}|${problem.field ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function fromIssue(flow: Flow, path: readonly PropertyKey[], code: string, message: string): EditorProblem {
  if (path[0] !== "steps") return { code: "invalid", stepId: null, field: String(path[0] ?? ""), message };
  if (path.length === 1) return { code: "too_many_steps", stepId: null, message };
  const step = flow.steps[Number(path[1])];
  const stepId = step?.id ?? null;
  const field = path[2] === undefined ? undefined : String(path[2]);
  const tooBig = code === "too_big";
  if (field === "choices" && step?.kind === "buttons") {
    if (path.length === 3) return { code: "choices_count", stepId, field, message };
    const choice = (step as ButtonsStep).choices[Number(path[3])];
    const sub = path[4] === undefined ? undefined : String(path[4]);
    const choiceCode = sub === "label" ? (tooBig ? "too_long" : "label_missing") : "invalid";
    return { code: choiceCode, stepId, field: sub ?? field, choiceId: choice?.id, message };
  }
  if (field === "text") return { code: tooBig ? "too_long" : "text_missing", stepId, field, message };
  if (field === "customField") return { code: tooBig ? "too_long" : "custom_field_missing", stepId, field, message };
  if (field === "retryText" || field === "waitingText") return { code: tooBig ? "too_long" : "invalid", stepId, field, message };
  if (field && field in NUMBER_LIMITS) return { code: "number_range", stepId, field, message };
  return { code: "invalid", stepId, field, message };
}
