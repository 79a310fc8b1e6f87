// One step of the flow being built: its number, kind and tools (move, delete), what is wrong
// with it, and the fields of its kind, drawn by that kind's own component.
import { createUniqueId, For, Show, type Component } from "solid-js";
import { updateStep, type EditorProblem, type FlowStep, type StepKind } from "../../lib/flowEditor";
import { KIND_KEYS, problemText } from "../../lib/flowText";
import type { FlowEditor } from "../../stores/createFlowEditor";
import { useI18n } from "../../stores/createI18n";
import { Icon, type IconName } from "../Icon";
import { AppointmentFields } from "./steps/AppointmentFields";
import { ButtonsFields } from "./steps/ButtonsFields";
import { EndFields } from "./steps/EndFields";
import { LiveChatFields } from "./steps/LiveChatFields";
import { MessageFields } from "./steps/MessageFields";
import { QuestionFields } from "./steps/QuestionFields";
import { isKind, type StepCardTools, type StepFieldsProps, type StepOf } from "./stepTypes";

const STEP_FIELDS: { [K in StepKind]: Component<StepFieldsProps<K>> } = {
  message: MessageFields,
  question: QuestionFields,
  buttons: ButtonsFields,
  live_chat: LiveChatFields,
  appointment: AppointmentFields,
  end: EndFields,
};

type Props = {
  editor: FlowEditor;
  step: FlowStep;
  index: number;
  count: number;
  isStart: boolean;
  names: Map<string, string>;
  problems: EditorProblem[];
  onMove: (delta: -1 | 1) => void;
  onDelete: () => void;
};

export function StepCard(props: Props) {
  const { t } = useI18n();
  const uid = createUniqueId();
  const name = () => props.names.get(props.step.id) ?? props.step.id;
  const stepWide = () => props.problems.filter((p) => p.field === undefined && p.code !== "dangling_link");

  const tools: StepCardTools = {
    fieldId: (field) => `${uid}-${field}`,
    errorOf(field, choiceId) {
      const problem = props.problems.find((p) => p.field === field && p.choiceId === choiceId);
      return problem && problemText(t, problem);
    },
    linkErrorOf(next) {
      const problem = props.problems.find((p) => p.code === "dangling_link" && next !== null && p.target === next);
      return problem && problemText(t, problem);
    },
    get names() {
      return props.names;
    },
    apply: (edit) => props.editor.apply(edit),
  };

  return (
    <li
      class="surface step-card"
      classList={{ "has-problem": props.problems.length > 0, start: props.isStart }}
      data-testid="step-card"
      data-step-id={props.step.id}
      data-kind={props.step.kind}
      tabIndex={-1}
      aria-labelledby={tools.fieldId("title")}
    >
      <header class="step-head">
        <span class={`step-kind kind-${props.step.kind}`} aria-hidden="true">
          {props.index + 1}
        </span>
        <h3 id={tools.fieldId("title")} class="step-title">
          {t(KIND_KEYS[props.step.kind])}
          <span class="sr-only"> ({props.names.get(props.step.id)})</span>
        </h3>
        <span class="step-id muted small-text">{props.step.id}</span>
        <Show when={props.isStart}>
          <span class="badge badge-start" data-testid="start-badge">
            {t("flow.startBadge")}
          </span>
        </Show>
        <div class="step-tools">
          <ToolButton icon="up" move="up" disabled={props.index === 0} label={t("flow.moveUp", { step: name() })} title={t("flow.moveUpShort")} onClick={() => props.onMove(-1)} />
          <ToolButton
            icon="down"
            move="down"
            disabled={props.index === props.count - 1}
            label={t("flow.moveDown", { step: name() })}
            title={t("flow.moveDownShort")}
            onClick={() => props.onMove(1)}
          />
          <ToolButton icon="trash" danger testId="delete-step" label={t("flow.delete", { step: name() })} title={t("flow.deleteShort")} onClick={() => props.onDelete()} />
        </div>
      </header>

      <Show when={stepWide().length > 0}>
        <ul class="bare-list step-problems">
          <For each={stepWide()}>
            {(problem) => (
              <li>
                <Icon name="alert" />
                <span>{problemText(t, problem)}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>

      <div class="step-body">
        {/* Keyed by kind: a card whose step took another kind (a new step under a reused id) draws anew. */}
        <Show when={props.step.kind} keyed>
          {(kind) => <KindFields kind={kind} step={props.step} card={tools} />}
        </Show>
      </div>
    </li>
  );
}

/** The fields component of `kind`, given the step as that kind and a way to change it. */
function KindFields<K extends StepKind>(props: { kind: K; step: StepOf<K>; card: StepCardTools }) {
  const Fields = STEP_FIELDS[props.kind];
  const edit = (change: (step: StepOf<K>) => StepOf<K>) =>
    props.card.apply((flow) => updateStep(flow, props.step.id, (step) => (isKind(step, props.kind) ? change(step) : step)));
  return <Fields step={props.step} card={props.card} edit={edit} />;
}

/** One of the card's icon buttons: its words are for screen readers, its title for a pointer. */
function ToolButton(props: {
  icon: IconName;
  label: string;
  title: string;
  disabled?: boolean;
  danger?: boolean;
  move?: "up" | "down";
  testId?: string;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      class={props.danger ? "button ghost small icon-only danger-text" : "button ghost small icon-only"}
      data-move={props.move}
      data-testid={props.testId}
      disabled={props.disabled}
      aria-label={props.label}
      title={props.title}
      onClick={() => props.onClick()}
    >
      <Icon name={props.icon} />
    </button>
  );
}
