// A buttons step: the question above the buttons, then each button's label and where it leads.
import { For, Show } from "solid-js";
import { addChoice, MAX_CHOICES, removeChoice } from "../../../lib/flowEditor";
import { useI18n } from "../../../stores/createI18n";
import { Icon } from "../../Icon";
import { TextField } from "../../TextField";
import { StepLink } from "../StepLink";
import { StepText } from "../StepText";
import type { StepFieldsProps } from "../stepTypes";

/** After the list of buttons changed, the keyboard goes to the last button's label. */
function focusLastLabel(list: Element | null | undefined) {
  queueMicrotask(() => list?.querySelector<HTMLInputElement>("li:last-child input")?.focus());
}

export function ButtonsFields(props: StepFieldsProps<"buttons">) {
  const { t } = useI18n();
  const setLabel = (choiceId: string, label: string) =>
    props.edit((step) => ({ ...step, choices: step.choices.map((choice) => (choice.id === choiceId ? { ...choice, label } : choice)) }));
  const choicesError = () => props.card.errorOf("choices");

  return (
    <>
      <StepText
        card={props.card}
        label={t("flow.text")}
        hint={t("flow.buttonsTextHint")}
        value={props.step.text}
        onInput={(text) => props.edit((step) => ({ ...step, text }))}
      />
      <fieldset class="field-group choices wide">
        <legend>{t("flow.choices")}</legend>
        <Show when={choicesError()}>{(error) => <p class="field-error">{error()}</p>}</Show>
        <ol class="bare-list choice-rows">
          <For each={props.step.choices}>
            {(choice, index) => (
              <li class="choice-row" data-testid="choice-row" data-choice-id={choice.id}>
                <TextField
                  id={props.card.fieldId(`choice-${choice.id}-label`)}
                  label={t("flow.choiceLabel")}
                  error={props.card.errorOf("label", choice.id)}
                  type="text"
                  maxLength={60}
                  autocomplete="off"
                  data-field="label"
                  value={choice.label}
                  onInput={(e) => setLabel(choice.id, e.currentTarget.value)}
                />
                <StepLink card={props.card} stepId={props.step.id} value={choice.next} choiceId={choice.id} />
                <button
                  type="button"
                  class="button ghost small icon-only remove-choice"
                  disabled={props.step.choices.length <= 1}
                  aria-label={t("flow.removeChoice", { n: index() + 1 })}
                  title={t("flow.removeChoice", { n: index() + 1 })}
                  onClick={(e) => {
                    const list = e.currentTarget.closest("ol");
                    props.card.apply((flow) => removeChoice(flow, props.step.id, choice.id));
                    focusLastLabel(list);
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
            disabled={props.step.choices.length >= MAX_CHOICES}
            onClick={(e) => {
              const list = e.currentTarget.closest("fieldset")?.querySelector("ol");
              props.card.apply((flow) => addChoice(flow, props.step.id));
              focusLastLabel(list);
            }}
          >
            <Icon name="plus" />
            <span>{t("flow.addChoice")}</span>
          </button>
        </div>
      </fieldset>
    </>
  );
}
