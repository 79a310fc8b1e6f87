// A question step: what is asked, where the answer is saved (a custom field needs a name), what
// is said when the answer does not fit, and what follows.
import { Show } from "solid-js";
import { QUESTION_FIELDS } from "@raibu/protocol/flow";
import { needsCustomField, setQuestionField } from "../../../lib/flowEditor";
import { useI18n } from "../../../stores/createI18n";
import { ChoiceField } from "../../form/ChoiceField";
import { TextField } from "../../TextField";
import { StepLink } from "../StepLink";
import { StepText } from "../StepText";
import type { StepFieldsProps } from "../stepTypes";

const FIELD_KEYS = {
  name: "flow.field.name",
  email: "flow.field.email",
  phone: "flow.field.phone",
  text: "flow.field.text",
  custom: "flow.field.custom",
} as const;

export function QuestionFields(props: StepFieldsProps<"question">) {
  const { t } = useI18n();
  return (
    <>
      <StepText card={props.card} label={t("flow.text")} value={props.step.text} onInput={(text) => props.edit((step) => ({ ...step, text }))} />
      <ChoiceField
        id={props.card.fieldId("field")}
        name="field"
        label={t("flow.field")}
        value={props.step.field}
        options={QUESTION_FIELDS.map((field) => ({ value: field, label: t(FIELD_KEYS[field]) }))}
        onChange={(field) => props.card.apply((flow) => setQuestionField(flow, props.step.id, field))}
      />
      <Show when={needsCustomField(props.step.field)}>
        <TextField
          id={props.card.fieldId("customField")}
          label={t("flow.customField")}
          hint={t("flow.customFieldHint")}
          error={props.card.errorOf("customField")}
          type="text"
          maxLength={60}
          autocomplete="off"
          data-field="customField"
          value={props.step.customField ?? ""}
          onInput={(e) => {
            const customField = e.currentTarget.value;
            props.edit((step) => ({ ...step, customField }));
          }}
        />
      </Show>
      <StepText
        card={props.card}
        name="retryText"
        label={t("flow.retryText")}
        hint={t("flow.retryTextHint")}
        value={props.step.retryText}
        onInput={(retryText) => props.edit((step) => ({ ...step, retryText }))}
      />
      <StepLink card={props.card} stepId={props.step.id} value={props.step.next} />
    </>
  );
}
