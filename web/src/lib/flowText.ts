// The flow builder's words: step kinds and problems, in the console's language.
import type { EditorProblem, NumberField, StepKind } from "./flowEditor";
import { NUMBER_LIMITS } from "./flowEditor";
import type { MessageKey, Translate } from "./i18n";

export const KIND_KEYS: Record<StepKind, MessageKey> = {
  message: "flow.kind.message",
  question: "flow.kind.question",
  buttons: "flow.kind.buttons",
  live_chat: "flow.kind.live_chat",
  appointment: "flow.kind.appointment",
  end: "flow.kind.end",
};

/** Shorter names, for the step names in lists and link menus. */
export const KIND_SHORT_KEYS: Record<StepKind, MessageKey> = {
  message: "flow.kind.message",
  question: "flow.kind.question",
  buttons: "flow.kind.buttons",
  live_chat: "flow.short.live_chat",
  appointment: "flow.kind.appointment",
  end: "flow.kind.end",
};

export const NUMBER_FIELD_KEYS: Record<NumberField, MessageKey> = {
  delaySeconds: "flow.delay",
  timeoutSeconds: "flow.timeout",
  durationMinutes: "flow.duration",
  daysAhead: "flow.daysAhead",
};

/** Every problem code's text; the tests check both languages have them. */
export const PROBLEM_KEYS: Record<EditorProblem["code"], MessageKey> = {
  no_start: "flow.problem.no_start",
  duplicate_id: "flow.problem.duplicate_id",
  dangling_link: "flow.problem.dangling_link",
  unreachable: "flow.problem.unreachable",
  live_chat_missing: "flow.problem.live_chat_missing",
  text_missing: "flow.problem.text_missing",
  label_missing: "flow.problem.label_missing",
  custom_field_missing: "flow.problem.custom_field_missing",
  choices_count: "flow.problem.choices_count",
  number_range: "flow.problem.number_range",
  too_long: "flow.problem.too_long",
  too_many_steps: "flow.problem.too_many_steps",
  invalid: "flow.problem.invalid",
};

/** What is wrong, without naming the step (the list and the step card show which one). */
export function problemText(t: Translate, problem: EditorProblem): string {
  if (problem.code === "number_range" && problem.field && problem.field in NUMBER_LIMITS) {
    const field = problem.field as NumberField;
    return t("flow.problem.number_range", { field: t(NUMBER_FIELD_KEYS[field]), ...NUMBER_LIMITS[field] });
  }
  if (problem.code === "invalid") return t("flow.problem.invalid", { message: problem.message });
  return t(PROBLEM_KEYS[problem.code]);
}
