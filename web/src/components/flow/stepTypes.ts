// What the fields of one step kind get from their card: the step typed by its kind, a way to
// change it, and the card's shared pieces (control ids, problem texts, step names, flow edits).
import type { Flow, FlowStep, StepKind } from "../../lib/flowEditor";

export type StepOf<K extends StepKind> = Extract<FlowStep, { kind: K }>;

export function isKind<K extends StepKind>(step: FlowStep, kind: K): step is StepOf<K> {
  return step.kind === kind;
}

export interface StepCardTools {
  /** An id for one of this card's controls, unique on the page. */
  fieldId: (name: string) => string;
  /** What is wrong with one of the step's fields (or one of its buttons', by choice id), in words. */
  errorOf: (field: string, choiceId?: string) => string | undefined;
  /** What is wrong with a link of this step, in words: it leads to a step that is gone. */
  linkErrorOf: (next: string | null) => string | undefined;
  /** Readable names of the flow's steps, by id, in list order. */
  readonly names: Map<string, string>;
  /** Applies a pure edit of the whole flow (links, buttons, a question's field). */
  apply: (edit: (flow: Flow) => Flow) => void;
}

export type StepFieldsProps<K extends StepKind> = {
  step: StepOf<K>;
  card: StepCardTools;
  /** Changes the step's own fields, from the step as it is now. */
  edit: (change: (step: StepOf<K>) => StepOf<K>) => void;
};
