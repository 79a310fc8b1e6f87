// A chat interface's bot flow: a graph of steps with one start, stored as versioned JSON.
// This one schema validates flows in the Worker (on save and publish), in the console's
// editor, and types what the widget renders; `validateFlow` names what makes a flow unusable.
import { z } from "zod";

export const FLOW_SCHEMA_VERSION = 1;

export const StepIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, { error: "Step ids are 1–40 letters, digits, _ or -." });
/** The step that follows; null ends the scripted part and leaves the visitor free to write. */
const NextSchema = StepIdSchema.nullable().default(null);
const TextSchema = z.string().trim().max(2000, { error: "Bot messages are limited to 2,000 characters." });

export const MessageStepSchema = z.object({
  id: StepIdSchema,
  kind: z.literal("message"),
  text: TextSchema.min(1, { error: "A message step needs text." }),
  /** Seconds the bot "types" before the message appears. */
  delaySeconds: z.number().int().min(0).max(30).default(0),
  next: NextSchema,
});

export const QUESTION_FIELDS = ["name", "email", "phone", "text", "custom"] as const;
export type QuestionField = (typeof QUESTION_FIELDS)[number];

export const QuestionStepSchema = z
  .object({
    id: StepIdSchema,
    kind: z.literal("question"),
    text: TextSchema.min(1, { error: "A question needs text." }),
    /** Where the answer goes: the visitor's name, email or phone, or a custom field (`text` is a long free answer). */
    field: z.enum(QUESTION_FIELDS),
    /** The custom field's name, for `text` and `custom` answers. */
    customField: z.string().trim().min(1).max(60).optional(),
    /** Said when the answer does not validate (a bad email, say); a default is used when empty. */
    retryText: TextSchema.default(""),
    next: NextSchema,
  })
  .refine((step) => (step.field !== "text" && step.field !== "custom") || !!step.customField, {
    error: "Name the custom field this answer is saved in.",
    path: ["customField"],
  });

export const ButtonChoiceSchema = z.object({
  id: StepIdSchema,
  label: z.string().trim().min(1, { error: "A button needs a label." }).max(60),
  next: NextSchema,
});

export const ButtonsStepSchema = z.object({
  id: StepIdSchema,
  kind: z.literal("buttons"),
  text: TextSchema.min(1, { error: "A buttons step needs a question." }),
  choices: z.array(ButtonChoiceSchema).min(1, { error: "Add at least one button." }).max(8, { error: "At most 8 buttons." }),
});

export const OFFLINE_FORM_FIELDS = ["name", "email", "phone", "message"] as const;
export type OfflineFormField = (typeof OFFLINE_FORM_FIELDS)[number];

export const OfflineFieldSchema = z.object({ ask: z.boolean(), required: z.boolean() });

export const OfflineFormSchema = z.object({
  enabled: z.boolean().default(true),
  fields: z
    .object({
      name: OfflineFieldSchema.default({ ask: true, required: false }),
      email: OfflineFieldSchema.default({ ask: true, required: true }),
      phone: OfflineFieldSchema.default({ ask: false, required: false }),
      message: OfflineFieldSchema.default({ ask: true, required: true }),
    })
    .default({
      name: { ask: true, required: false },
      email: { ask: true, required: true },
      phone: { ask: false, required: false },
      message: { ask: true, required: true },
    }),
});
export type OfflineFormConfig = z.infer<typeof OfflineFormSchema>;

export const RequestOfferSchema = z.enum(["live", "video", "both"]);
export type RequestOffer = z.infer<typeof RequestOfferSchema>;

/** « Chat en direct / prise de contrôle humaine »: where a visitor may ask for a person. */
export const LiveChatStepSchema = z.object({
  id: StepIdSchema,
  kind: z.literal("live_chat"),
  /** Said when the flow reaches this step (may be empty: the request buttons alone show). */
  text: TextSchema.default(""),
  offer: RequestOfferSchema.default("both"),
  /** How long agents have to accept before the visitor gets the offline form. */
  timeoutSeconds: z.number().int().min(10, { error: "The timeout is at least 10 seconds." }).max(3600, { error: "The timeout is at most one hour." }).default(60),
  /** Shown to the visitor while the request waits (a default is used when empty). */
  waitingText: TextSchema.default(""),
  offlineForm: OfflineFormSchema.default({
    enabled: true,
    fields: {
      name: { ask: true, required: false },
      email: { ask: true, required: true },
      phone: { ask: false, required: false },
      message: { ask: true, required: true },
    },
  }),
  /** No agent online at all: show the offline form at once, or let the request wait anyway. */
  whenNobodyOnline: z.enum(["offline_form", "wait"]).default("offline_form"),
});

export const AppointmentStepSchema = z.object({
  id: StepIdSchema,
  kind: z.literal("appointment"),
  text: TextSchema.min(1, { error: "An appointment step needs text." }),
  durationMinutes: z.number().int().min(10).max(240).default(30),
  /** How far ahead a visitor may book. */
  daysAhead: z.number().int().min(1).max(90).default(14),
  next: NextSchema,
});

export const EndStepSchema = z.object({
  id: StepIdSchema,
  kind: z.literal("end"),
  text: TextSchema.default(""),
});

export const FlowStepSchema = z.discriminatedUnion("kind", [
  MessageStepSchema,
  QuestionStepSchema,
  ButtonsStepSchema,
  LiveChatStepSchema,
  AppointmentStepSchema,
  EndStepSchema,
]);
export type FlowStep = z.infer<typeof FlowStepSchema>;
export type StepKind = FlowStep["kind"];
export type LiveChatStep = z.infer<typeof LiveChatStepSchema>;
export type QuestionStep = z.infer<typeof QuestionStepSchema>;
export type ButtonsStep = z.infer<typeof ButtonsStepSchema>;
export const STEP_KINDS = ["message", "question", "buttons", "live_chat", "appointment", "end"] as const satisfies readonly StepKind[];

export const FlowSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION).default(FLOW_SCHEMA_VERSION),
  /** The first step; null only in an empty draft. */
  start: StepIdSchema.nullable(),
  /** Show "Talk to a person" / "Video chat" at any time while the bot talks, using the first Live chat step's options. */
  offerRequestsAnytime: z.boolean().default(true),
  steps: z.array(FlowStepSchema).max(100, { error: "A flow has at most 100 steps." }),
});
export type Flow = z.infer<typeof FlowSchema>;

export type FlowProblemCode = "no_start" | "duplicate_id" | "dangling_link" | "unreachable" | "live_chat_missing";

export interface FlowProblem {
  code: FlowProblemCode;
  /** The step the problem is in (or, for dangling_link, the step that links). */
  stepId: string | null;
  /** The missing step a link points to (dangling_link). */
  target?: string;
  message: string;
}

/** Every link leaving a step, in order. */
export function stepLinks(step: FlowStep): string[] {
  switch (step.kind) {
    case "buttons":
      return step.choices.flatMap((choice) => (choice.next ? [choice.next] : []));
    case "message":
    case "question":
    case "appointment":
      return step.next ? [step.next] : [];
    case "live_chat":
    case "end":
      return [];
  }
}

/** What makes a (schema-valid) flow unusable for publishing; empty when it can be published. */
export function validateFlow(flow: Flow): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const byId = new Map<string, FlowStep>();
  for (const step of flow.steps) {
    if (byId.has(step.id)) problems.push({ code: "duplicate_id", stepId: step.id, message: `Two steps share the id "${step.id}".` });
    else byId.set(step.id, step);
  }
  if (!flow.start || !byId.has(flow.start)) {
    problems.push({ code: "no_start", stepId: null, message: flow.start ? `The start step "${flow.start}" does not exist.` : "The flow has no start step." });
  }
  for (const step of flow.steps) {
    for (const target of stepLinks(step)) {
      if (!byId.has(target)) problems.push({ code: "dangling_link", stepId: step.id, target, message: `Step "${step.id}" leads to "${target}", which does not exist.` });
    }
  }
  const reached = reachableSteps(flow, byId);
  if (flow.start && byId.has(flow.start)) {
    for (const step of byId.values()) {
      if (!reached.has(step.id)) problems.push({ code: "unreachable", stepId: step.id, message: `No path from the start reaches step "${step.id}".` });
    }
  }
  if (flow.offerRequestsAnytime && !flow.steps.some((step) => step.kind === "live_chat")) {
    problems.push({
      code: "live_chat_missing",
      stepId: null,
      message: "The flow offers live and video chat at any time but has no Live chat / human takeover step.",
    });
  }
  return problems;
}

function reachableSteps(flow: Flow, byId: Map<string, FlowStep>): Set<string> {
  const seen = new Set<string>();
  const queue = flow.start && byId.has(flow.start) ? [flow.start] : [];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const step = byId.get(id);
    if (step) queue.push(...stepLinks(step).filter((next) => byId.has(next)));
  }
  return seen;
}

/** The Live chat step that governs requests made outside the script (the first one), if any. */
export function requestStep(flow: Flow): LiveChatStep | null {
  return (flow.steps.find((step) => step.kind === "live_chat") as LiveChatStep | undefined) ?? null;
}

/** What the widget shows for the step the bot waits on. */
export type FlowPrompt =
  | { kind: "buttons"; stepId: string; choices: { id: string; label: string }[] }
  /** `skip`: once a wrong email or phone was asked again, the visitor may decline ("I'd rather not"), sent as a `choice`. */
  | { kind: "question"; stepId: string; field: QuestionField; skip?: { id: string; label: string } }
  | { kind: "live_chat"; stepId: string; offer: RequestOffer }
  | { kind: "appointment"; stepId: string; durationMinutes: number; daysAhead: number };
