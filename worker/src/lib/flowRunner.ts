// Runs a bot flow, one visitor input at a time. Pure and deterministic: given the flow,
// where the conversation stands (a cursor the ConversationDO stores with its state), the
// input and the time, it returns the new cursor and what to do. The DO applies the effects
// and saves the cursor in the same storage write, so a flow resumes exactly where it was
// after hibernation or eviction.
import type { Flow, FlowPrompt, FlowStep, LiveChatStep, QuestionField, QuestionStep } from "@raibu/protocol/flow";
import { requestStep } from "@raibu/protocol/flow";
import type { Lang } from "@raibu/protocol/lang";
import { translate } from "./i18n";
import { nameFrom } from "./nameAnswer";

export interface FlowCursor {
  /** The step being run or waited on; null once the script is over. */
  stepId: string | null;
  /** `visitor`: the step has spoken and waits for an answer; `delay`: a message is due at `dueAt`. */
  waiting: "visitor" | "delay" | null;
  dueAt: number | null;
  /** Answers to the waiting question that did not fit it (absent on cursors stored before it counted). */
  tries?: number;
}

export type VisitorField = "name" | "email" | "phone";

/** Whether the visitor's name, email or phone is known already: a question for it is skipped. */
export type KnownField = (field: VisitorField) => boolean;

export type FlowEffect =
  | { type: "say"; stepId: string; text: string }
  | { type: "typing"; until: number }
  | { type: "save"; field: VisitorField; value: string }
  | { type: "saveCustom"; key: string; value: string }
  /** The visitor wrote something else than the name asked for: it stays their message, and the agents are told. */
  | { type: "keptAsMessage"; stepId: string }
  | { type: "end"; stepId: string };

export interface FlowResult {
  cursor: FlowCursor;
  effects: FlowEffect[];
}

/** A button pick: the label the visitor is shown to have said, and what follows. */
export type ChoiceResult = (FlowResult & { ok: true; label: string }) | { ok: false };

/** Steps run without waiting for the visitor before the runner stops: a message cycle must not spin. */
const MAX_STEPS_PER_RUN = 50;

export const ENDED: FlowCursor = { stepId: null, waiting: null, dueAt: null };

export class FlowRunner {
  private byId: Map<string, FlowStep>;

  constructor(
    readonly flow: Flow,
    private readonly language: Lang,
    private readonly known: KnownField = () => false,
  ) {
    this.byId = new Map(flow.steps.map((step) => [step.id, step]));
  }

  /** Enters the start step and runs until the flow waits. */
  start(now: number): FlowResult {
    return this.run({ stepId: this.flow.start, waiting: null, dueAt: null }, now);
  }

  /** A delayed message became due (the alarm). */
  wake(cursor: FlowCursor, now: number): FlowResult {
    if (cursor.waiting !== "delay" || cursor.dueAt === null || cursor.dueAt > now) return { cursor, effects: [] };
    return this.run(cursor, now);
  }

  /**
   * The visitor wrote while the bot waits. A question takes it as its answer (or asks
   * again); a buttons step takes it when it names a button. `handled: false` otherwise.
   * What is not a name, where the bot asked for one, stays the visitor's message: the agents
   * are told, the bot asks once more, then moves on. An email or phone question asked again
   * offers to skip it (a button, or its words typed).
   */
  answer(cursor: FlowCursor, text: string, now: number): FlowResult & { handled: boolean } {
    const step = this.waitingStep(cursor);
    const typed = text.trim().toLowerCase();
    if (step?.kind === "buttons") {
      const choice = step.choices.find((c) => c.label.toLowerCase() === typed);
      return choice ? { ...this.run({ stepId: choice.next, waiting: null, dueAt: null }, now), handled: true } : { cursor, effects: [], handled: false };
    }
    if (step?.kind !== "question") return { cursor, effects: [], handled: false };
    const tries = cursor.tries ?? 0;
    if (this.skipOffered(step, tries) && typed === this.skipLabel().toLowerCase()) return { ...this.next(step, now), handled: true };
    const value = validAnswer(step, text);
    if (value === null) {
      const retry: FlowEffect = { type: "say", stepId: step.id, text: step.retryText || translate(this.language, `flow.retry.${step.field}`) };
      if (step.field !== "name") return { cursor: { ...cursor, tries: tries + 1 }, effects: [retry], handled: true };
      const kept: FlowEffect = { type: "keptAsMessage", stepId: step.id };
      if (tries === 0) return { cursor: { ...cursor, tries: 1 }, effects: [kept, retry], handled: true };
      const next = this.next(step, now);
      return { cursor: next.cursor, effects: [kept, ...next.effects], handled: true };
    }
    const save: FlowEffect =
      step.field === "text" || step.field === "custom" ? { type: "saveCustom", key: step.customField!, value } : { type: "save", field: step.field, value };
    const next = this.next(step, now);
    return { cursor: next.cursor, effects: [save, ...next.effects], handled: true };
  }

  /** The visitor picked a button of the step the bot waits on (or moved past an appointment step). */
  choose(cursor: FlowCursor, stepId: string, choiceId: string, now: number): ChoiceResult {
    const step = this.waitingStep(cursor);
    if (!step || step.id !== stepId) return { ok: false };
    if (step.kind === "appointment" && choiceId === "continue") {
      return { ok: true, label: translate(this.language, "flow.continue"), ...this.run({ stepId: step.next, waiting: null, dueAt: null }, now) };
    }
    if (step.kind === "question" && choiceId === SKIP && this.skipOffered(step, cursor.tries ?? 0)) {
      return { ok: true, label: this.skipLabel(), ...this.next(step, now) };
    }
    if (step.kind !== "buttons") return { ok: false };
    const choice = step.choices.find((c) => c.id === choiceId);
    if (!choice) return { ok: false };
    return { ok: true, label: choice.label, ...this.run({ stepId: choice.next, waiting: null, dueAt: null }, now) };
  }

  /** What the widget shows for the step the bot waits on. */
  prompt(cursor: FlowCursor): FlowPrompt | null {
    const step = this.waitingStep(cursor);
    switch (step?.kind) {
      case "buttons":
        return { kind: "buttons", stepId: step.id, choices: step.choices.map(({ id, label }) => ({ id, label })) };
      case "question":
        return { kind: "question", stepId: step.id, field: step.field, ...(this.skipOffered(step, cursor.tries ?? 0) ? { skip: { id: SKIP, label: this.skipLabel() } } : {}) };
      case "live_chat":
        return { kind: "live_chat", stepId: step.id, offer: step.offer };
      case "appointment":
        return { kind: "appointment", stepId: step.id, durationMinutes: step.durationMinutes, daysAhead: step.daysAhead };
      default:
        return null;
    }
  }

  /**
   * The Live chat step whose options a request takes right now: the one the bot waits
   * on, else (when the flow offers requests at any time) the flow's first. Null: no request.
   */
  liveChatStep(cursor: FlowCursor): LiveChatStep | null {
    const step = this.waitingStep(cursor);
    if (step?.kind === "live_chat") return step;
    return this.flow.offerRequestsAnytime ? requestStep(this.flow) : null;
  }

  step(id: string | null): FlowStep | null {
    return id ? (this.byId.get(id) ?? null) : null;
  }

  private waitingStep(cursor: FlowCursor): FlowStep | null {
    return cursor.waiting === "visitor" ? this.step(cursor.stepId) : null;
  }

  /** An email or phone is the visitor's to keep: once a wrong answer was asked again, they may say so and go on. */
  private skipOffered(step: QuestionStep, tries: number): boolean {
    return tries > 0 && (step.field === "email" || step.field === "phone");
  }

  private skipLabel(): string {
    return translate(this.language, "flow.skip");
  }

  /** Past a question, answered or not. */
  private next(step: QuestionStep, now: number): FlowResult {
    return this.run({ stepId: step.next, waiting: null, dueAt: null }, now);
  }

  /** Runs steps from the cursor until one waits for the visitor or a delay, or the script ends. */
  private run(from: FlowCursor, now: number): FlowResult {
    const effects: FlowEffect[] = [];
    let cursor = from;
    for (let ran = 0; ran < MAX_STEPS_PER_RUN; ran++) {
      const step = this.step(cursor.stepId);
      if (!step) return { cursor: ENDED, effects };
      switch (step.kind) {
        case "message":
          if (step.delaySeconds > 0 && cursor.waiting !== "delay") {
            const until = now + step.delaySeconds * 1000;
            effects.push({ type: "typing", until });
            return { cursor: { stepId: step.id, waiting: "delay", dueAt: until }, effects };
          }
          if (cursor.waiting === "delay" && cursor.dueAt !== null && cursor.dueAt > now) return { cursor, effects };
          effects.push({ type: "say", stepId: step.id, text: step.text });
          cursor = { stepId: step.next, waiting: null, dueAt: null };
          continue;
        case "question":
          // Known already (an earlier conversation, the website's identity): not asked again.
          if (step.field !== "text" && step.field !== "custom" && this.known(step.field)) {
            cursor = { stepId: step.next, waiting: null, dueAt: null };
            continue;
          }
          if (step.text) effects.push({ type: "say", stepId: step.id, text: step.text });
          return { cursor: { stepId: step.id, waiting: "visitor", dueAt: null }, effects };
        case "buttons":
        case "appointment":
        case "live_chat":
          if (step.text) effects.push({ type: "say", stepId: step.id, text: step.text });
          return { cursor: { stepId: step.id, waiting: "visitor", dueAt: null }, effects };
        case "end":
          if (step.text) effects.push({ type: "say", stepId: step.id, text: step.text });
          effects.push({ type: "end", stepId: step.id });
          return { cursor: ENDED, effects };
      }
    }
    return { cursor: ENDED, effects };
  }
}

/** The choice id of "I'd rather not" on a question that offers it. */
export const SKIP = "skip";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ().-]{6,25}$/;
const MAX_ANSWER = { name: 120, email: 254, phone: 40, text: 2000, custom: 500 } satisfies Record<QuestionField, number>;

/** The answer as it is saved, or null when it does not fit the question's field. */
export function validAnswer(step: QuestionStep, text: string): string | null {
  const value = text.trim();
  if (!value || value.length > MAX_ANSWER[step.field]) return null;
  switch (step.field) {
    case "email":
      return EMAIL.test(value) ? value.toLowerCase() : null;
    case "phone":
      return PHONE.test(value) && value.replace(/\D/g, "").length >= 6 ? value : null;
    case "name":
      return nameFrom(value);
    default:
      return value;
  }
}
