// One step of the flow being built: its fields by kind, where it leads, and moving or deleting it.
import { createUniqueId, For, Match, Show, Switch, type JSX } from "solid-js";
import { OFFLINE_FORM_FIELDS, QUESTION_FIELDS, type OfflineFormConfig, type QuestionField } from "@raibu/protocol/flow";
import {
  addChoice,
  isLinear,
  MAX_CHOICES,
  needsCustomField,
  NUMBER_LIMITS,
  removeChoice,
  setLink,
  setQuestionField,
  updateStep,
  type EditorProblem,
  type FlowStep,
  type NumberField,
} from "../../lib/flowEditor";
import { KIND_KEYS, problemText } from "../../lib/flowText";
import type { FlowEditor } from "../../stores/createFlowEditor";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";

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

type Of<K extends FlowStep["kind"]> = Extract<FlowStep, { kind: K }>;
/** The steps' fields that are picked from a fixed list. */
type SelectField = "field" | "offer" | "whenNobodyOnline";

const QUESTION_FIELD_KEYS = {
  name: "flow.field.name",
  email: "flow.field.email",
  phone: "flow.field.phone",
  text: "flow.field.text",
  custom: "flow.field.custom",
} as const;

const OFFLINE_FIELD_KEYS = {
  name: "flow.offline.name",
  email: "flow.offline.email",
  phone: "flow.offline.phone",
  message: "flow.offline.message",
} as const;

export function StepCard(props: Props) {
  const { t } = useI18n();
  const uid = createUniqueId();
  const fieldId = (name: string) => `${uid}-${name}`;
  const stepId = () => props.step.id;

  /** Changes some of this step's own fields. */
  const patch = <K extends FlowStep["kind"]>(change: Partial<Of<K>>) =>
    props.editor.apply((flow) => updateStep(flow, stepId(), (step) => ({ ...step, ...change }) as FlowStep));

  const setOfflineForm = (change: (form: OfflineFormConfig) => OfflineFormConfig) =>
    props.editor.apply((flow) => updateStep(flow, stepId(), (step) => (step.kind === "live_chat" ? { ...step, offlineForm: change(step.offlineForm) } : step)));

  const problemFor = (field: string, choiceId?: string) => props.problems.find((p) => p.field === field && p.choiceId === choiceId);
  /** A dangling link of this step (or of one of its buttons). */
  const linkProblem = (next: string | null) => props.problems.find((p) => p.code === "dangling_link" && next !== null && p.target === next);
  const stepWide = () => props.problems.filter((p) => p.field === undefined && p.code !== "dangling_link");
  const errorOf = (problem: EditorProblem | undefined) => (problem ? problemText(t, problem) : undefined);

  // These helpers read the step inside their JSX only: read in the call, a value would rebuild the control on every keystroke.
  const numberInput = (field: NumberField, label: string) => (
    <FieldBox id={fieldId(field)} label={label} error={errorOf(problemFor(field))}>
      {(aria) => (
        <input
          id={aria().id}
          aria-invalid={aria()["aria-invalid"]}
          aria-describedby={aria()["aria-describedby"]}
          type="number"
          inputMode="numeric"
          class="input"
          min={NUMBER_LIMITS[field].min}
          max={NUMBER_LIMITS[field].max}
          step={1}
          data-field={field}
          value={numberValue(field)}
          onInput={(e) => patch({ [field]: e.currentTarget.valueAsNumber } as Partial<FlowStep>)}
        />
      )}
    </FieldBox>
  );

  const textArea = (label: string, hint?: string, field: "text" | "waitingText" | "retryText" = "text") => (
    <FieldBox id={fieldId(field)} label={label} hint={hint} error={errorOf(problemFor(field))} wide>
      {(aria) => (
        <textarea
          id={aria().id}
          aria-invalid={aria()["aria-invalid"]}
          aria-describedby={aria()["aria-describedby"]}
          class="textarea"
          rows={2}
          maxLength={2000}
          data-field={field}
          value={(props.step as unknown as Record<string, string>)[field] ?? ""}
          onInput={(e) => patch({ [field]: e.currentTarget.value } as Partial<FlowStep>)}
        />
      )}
    </FieldBox>
  );

  /** A choice among fixed options; the value is the step's own field of that name. */
  const selectField = (field: SelectField, label: string, options: { value: string; label: string }[], onChange: (value: string) => void) => (
    <FieldBox id={fieldId(field)} label={label}>
      {(aria) => (
        <select
          id={aria().id}
          aria-invalid={aria()["aria-invalid"]}
          aria-describedby={aria()["aria-describedby"]}
          class="select"
          data-field={field}
          value={(props.step as unknown as Record<string, string>)[field]}
          onChange={(e) => onChange(e.currentTarget.value)}
        >
          <For each={options}>{(option) => <option value={option.value}>{option.label}</option>}</For>
        </select>
      )}
    </FieldBox>
  );

  const numberValue = (field: NumberField) => {
    const value = (props.step as unknown as Record<string, number>)[field];
    return value === undefined || Number.isNaN(value) ? "" : value;
  };

  const nextSelect = (id: string, value: () => string | null, onChange: (next: string | null) => void) => (
    <NextSelect id={id} label={t("flow.next")} value={value()} selfId={stepId()} names={props.names} error={errorOf(linkProblem(value()))} onChange={onChange} />
  );

  const linearNext = () =>
    nextSelect(
      fieldId("next"),
      () => (isLinear(props.step) ? props.step.next : null),
      (next) => props.editor.apply((flow) => setLink(flow, stepId(), next)),
    );

  return (
    <li
      class="step-card"
      classList={{ "has-problem": props.problems.length > 0, start: props.isStart }}
      data-testid="step-card"
      data-step-id={props.step.id}
      data-kind={props.step.kind}
      tabIndex={-1}
      aria-labelledby={fieldId("title")}
    >
      <header class="step-head">
        <span class={`step-kind kind-${props.step.kind}`} aria-hidden="true">
          {props.index + 1}
        </span>
        <h3 id={fieldId("title")} class="step-title">
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
          <button
            type="button"
            class="button ghost small icon-only"
            data-move="up"
            disabled={props.index === 0}
            aria-label={t("flow.moveUp", { step: props.names.get(props.step.id) ?? props.step.id })}
            title={t("flow.moveUpShort")}
            onClick={() => props.onMove(-1)}
          >
            <Icon name="up" />
          </button>
          <button
            type="button"
            class="button ghost small icon-only"
            data-move="down"
            disabled={props.index === props.count - 1}
            aria-label={t("flow.moveDown", { step: props.names.get(props.step.id) ?? props.step.id })}
            title={t("flow.moveDownShort")}
            onClick={() => props.onMove(1)}
          >
            <Icon name="down" />
          </button>
          <button
            type="button"
            class="button ghost small icon-only danger-text"
            data-testid="delete-step"
            aria-label={t("flow.delete", { step: props.names.get(props.step.id) ?? props.step.id })}
            title={t("flow.deleteShort")}
            onClick={() => props.onDelete()}
          >
            <Icon name="trash" />
          </button>
        </div>
      </header>

      <Show when={stepWide().length > 0}>
        <ul class="step-problems">
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
        <Switch>
          <Match when={props.step.kind === "message"}>
            {textArea(t("flow.text"))}
            {numberInput("delaySeconds", t("flow.delay"))}
            {linearNext()}
          </Match>

          <Match when={props.step.kind === "question" && (props.step as Of<"question">)}>
            {(step) => (
              <>
                {textArea(t("flow.text"))}
                {selectField(
                  "field",
                  t("flow.field"),
                  QUESTION_FIELDS.map((field) => ({ value: field, label: t(QUESTION_FIELD_KEYS[field]) })),
                  (value) => props.editor.apply((flow) => setQuestionField(flow, stepId(), value as QuestionField)),
                )}
                <Show when={needsCustomField(step().field)}>
                  <FieldBox id={fieldId("customField")} label={t("flow.customField")} hint={t("flow.customFieldHint")} error={errorOf(problemFor("customField"))}>
                    {(aria) => (
                      <input
                        id={aria().id}
                        aria-invalid={aria()["aria-invalid"]}
                        aria-describedby={aria()["aria-describedby"]}
                        type="text"
                        class="input"
                        maxLength={60}
                        autocomplete="off"
                        data-field="customField"
                        value={step().customField ?? ""}
                        onInput={(e) => patch<"question">({ customField: e.currentTarget.value })}
                      />
                    )}
                  </FieldBox>
                </Show>
                {textArea(t("flow.retryText"), t("flow.retryTextHint"), "retryText")}
                {linearNext()}
              </>
            )}
          </Match>

          <Match when={props.step.kind === "buttons" && (props.step as Of<"buttons">)}>
            {(step) => (
              <>
                {textArea(t("flow.text"), t("flow.buttonsTextHint"))}
                <fieldset class="choices wide">
                  <legend>{t("flow.choices")}</legend>
                  <Show when={problemFor("choices")}>
                    {(problem) => <p class="field-error">{problemText(t, problem())}</p>}
                  </Show>
                  <ol class="choice-rows">
                    <For each={step().choices}>
                      {(choice, index) => (
                        <li class="choice-row" data-testid="choice-row" data-choice-id={choice.id}>
                          <FieldBox id={fieldId(`choice-${choice.id}-label`)} label={t("flow.choiceLabel")} error={errorOf(problemFor("label", choice.id))}>
                            {(aria) => (
                              <input
                                id={aria().id}
                                aria-invalid={aria()["aria-invalid"]}
                                aria-describedby={aria()["aria-describedby"]}
                                type="text"
                                class="input"
                                maxLength={60}
                                autocomplete="off"
                                data-field="label"
                                value={choice.label}
                                onInput={(e) => {
                                  const label = e.currentTarget.value;
                                  props.editor.apply((flow) =>
                                    updateStep(flow, stepId(), (s) =>
                                      s.kind === "buttons" ? { ...s, choices: s.choices.map((c) => (c.id === choice.id ? { ...c, label } : c)) } : s,
                                    ),
                                  );
                                }}
                              />
                            )}
                          </FieldBox>
                          {nextSelect(fieldId(`choice-${choice.id}-next`), () => choice.next, (next) =>
                            props.editor.apply((flow) => setLink(flow, stepId(), next, choice.id)),
                          )}
                          <button
                            type="button"
                            class="button ghost small icon-only remove-choice"
                            disabled={step().choices.length <= 1}
                            aria-label={t("flow.removeChoice", { n: index() + 1 })}
                            title={t("flow.removeChoice", { n: index() + 1 })}
                            onClick={(e) => {
                              const list = e.currentTarget.closest("ol");
                              props.editor.apply((flow) => removeChoice(flow, stepId(), choice.id));
                              queueMicrotask(() => list?.querySelector<HTMLInputElement>("li:last-child input")?.focus());
                            }}
                          >
                            <Icon name="close" />
                          </button>
                        </li>
                      )}
                    </For>
                  </ol>
                  <div>
                    <button
                      type="button"
                      class="button small"
                      data-testid="add-choice"
                      disabled={step().choices.length >= MAX_CHOICES}
                      onClick={(e) => {
                        const list = e.currentTarget.closest("fieldset")?.querySelector("ol");
                        props.editor.apply((flow) => addChoice(flow, stepId()));
                        queueMicrotask(() => list?.querySelector<HTMLInputElement>("li:last-child input")?.focus());
                      }}
                    >
                      <Icon name="plus" />
                      <span>{t("flow.addChoice")}</span>
                    </button>
                  </div>
                </fieldset>
              </>
            )}
          </Match>

          <Match when={props.step.kind === "live_chat" && (props.step as Of<"live_chat">)}>
            {(step) => (
              <>
                {textArea(t("flow.text"), t("flow.liveTextHint"))}
                {selectField(
                  "offer",
                  t("flow.offer"),
                  [
                    { value: "both", label: t("flow.offer.both") },
                    { value: "live", label: t("flow.offer.live") },
                    { value: "video", label: t("flow.offer.video") },
                  ],
                  (value) => patch<"live_chat">({ offer: value as Of<"live_chat">["offer"] }),
                )}
                {numberInput("timeoutSeconds", t("flow.timeout"))}
                {textArea(t("flow.waitingText"), t("flow.waitingTextHint"), "waitingText")}
                {selectField(
                  "whenNobodyOnline",
                  t("flow.nobodyOnline"),
                  [
                    { value: "offline_form", label: t("flow.nobodyOnline.offline_form") },
                    { value: "wait", label: t("flow.nobodyOnline.wait") },
                  ],
                  (value) => patch<"live_chat">({ whenNobodyOnline: value as Of<"live_chat">["whenNobodyOnline"] }),
                )}
                <fieldset class="offline-form wide">
                  <legend>{t("flow.offlineForm")}</legend>
                  <label class="check">
                    <input
                      type="checkbox"
                      data-field="offlineForm"
                      checked={step().offlineForm.enabled}
                      onChange={(e) => {
                        const enabled = e.currentTarget.checked;
                        setOfflineForm((form) => ({ ...form, enabled }));
                      }}
                    />
                    <span>{t("flow.offlineFormOn")}</span>
                  </label>
                  <Show when={step().offlineForm.enabled}>
                    <table class="offline-fields">
                      <thead>
                        <tr>
                          <th scope="col">{t("flow.offlineField")}</th>
                          <th scope="col">{t("flow.offlineAsk")}</th>
                          <th scope="col">{t("flow.offlineRequired")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        <For each={OFFLINE_FORM_FIELDS}>
                          {(field) => {
                            const config = () => step().offlineForm.fields[field];
                            const setField = (change: Partial<{ ask: boolean; required: boolean }>) =>
                              setOfflineForm((form) => {
                                const next = { ...form.fields[field], ...change };
                                if (!next.ask) next.required = false;
                                return { ...form, fields: { ...form.fields, [field]: next } };
                              });
                            return (
                              <tr data-offline-field={field}>
                                <th scope="row">{t(OFFLINE_FIELD_KEYS[field])}</th>
                                <td>
                                  <label class="sr-only" for={fieldId(`ask-${field}`)}>
                                    {t("flow.offlineAskLabel", { field: t(OFFLINE_FIELD_KEYS[field]) })}
                                  </label>
                                  <input id={fieldId(`ask-${field}`)} type="checkbox" checked={config().ask} onChange={(e) => setField({ ask: e.currentTarget.checked })} />
                                </td>
                                <td>
                                  <label class="sr-only" for={fieldId(`required-${field}`)}>
                                    {t("flow.offlineRequiredLabel", { field: t(OFFLINE_FIELD_KEYS[field]) })}
                                  </label>
                                  <input
                                    id={fieldId(`required-${field}`)}
                                    type="checkbox"
                                    checked={config().required}
                                    disabled={!config().ask}
                                    onChange={(e) => setField({ required: e.currentTarget.checked })}
                                  />
                                </td>
                              </tr>
                            );
                          }}
                        </For>
                      </tbody>
                    </table>
                  </Show>
                </fieldset>
              </>
            )}
          </Match>

          <Match when={props.step.kind === "appointment"}>
            {textArea(t("flow.text"))}
            {numberInput("durationMinutes", t("flow.duration"))}
            {numberInput("daysAhead", t("flow.daysAhead"))}
            {linearNext()}
          </Match>

          <Match when={props.step.kind === "end"}>{textArea(t("flow.text"), t("flow.endTextHint"))}</Match>
        </Switch>
      </div>
    </li>
  );
}

type Aria = { id: string; "aria-invalid"?: true; "aria-describedby"?: string };

/**
 * A labelled control with its hint and error tied to it. The control sets the attributes one
 * by one: a spread would set a <select>'s value before its options exist.
 */
function FieldBox(props: { id: string; label: string; hint?: string; error?: string; wide?: boolean; children: (aria: () => Aria) => JSX.Element }) {
  const aria = (): Aria => ({
    id: props.id,
    "aria-invalid": props.error ? true : undefined,
    "aria-describedby": [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(" ") || undefined,
  });
  return (
    <div class="field" classList={{ invalid: !!props.error, wide: props.wide }}>
      <label for={props.id}>{props.label}</label>
      {props.children(aria)}
      <Show when={props.hint}>
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}

/** Where a step or a button leads: any other step by its readable name, or the end of the script. */
function NextSelect(props: {
  id: string;
  label: string;
  value: string | null;
  selfId: string;
  names: Map<string, string>;
  error?: string;
  onChange: (next: string | null) => void;
}) {
  const { t } = useI18n();
  const targets = () => [...props.names.keys()].filter((id) => id !== props.selfId || id === props.value);
  const missing = () => props.value !== null && !props.names.has(props.value);
  return (
    <FieldBox id={props.id} label={props.label} error={props.error}>
      {(aria) => (
        <select
          id={aria().id}
          aria-invalid={aria()["aria-invalid"]}
          aria-describedby={aria()["aria-describedby"]}
          class="select"
          data-field="next"
          value={props.value ?? ""}
          onChange={(e) => props.onChange(e.currentTarget.value || null)}
        >
          <option value="">{t("flow.endOfScript")}</option>
          <For each={targets()}>{(id) => <option value={id}>{props.names.get(id)}</option>}</For>
          <Show when={missing()}>
            <option value={props.value ?? ""}>{t("flow.missingStep", { id: props.value ?? "" })}</option>
          </Show>
        </select>
      )}
    </FieldBox>
  );
}
