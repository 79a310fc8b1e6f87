// An appointment step: what the bot says, how long a meeting lasts, how far ahead one may book.
import { useI18n } from "../../../stores/createI18n";
import { StepLink } from "../StepLink";
import { StepNumber } from "../StepNumber";
import { StepText } from "../StepText";
import type { StepFieldsProps } from "../stepTypes";

export function AppointmentFields(props: StepFieldsProps<"appointment">) {
  const { t } = useI18n();
  return (
    <>
      <StepText card={props.card} label={t("flow.text")} value={props.step.text} onInput={(text) => props.edit((step) => ({ ...step, text }))} />
      <StepNumber
        card={props.card}
        name="durationMinutes"
        label={t("flow.duration")}
        value={props.step.durationMinutes}
        onInput={(durationMinutes) => props.edit((step) => ({ ...step, durationMinutes }))}
      />
      <StepNumber
        card={props.card}
        name="daysAhead"
        label={t("flow.daysAhead")}
        value={props.step.daysAhead}
        onInput={(daysAhead) => props.edit((step) => ({ ...step, daysAhead }))}
      />
      <StepLink card={props.card} stepId={props.step.id} value={props.step.next} />
    </>
  );
}
