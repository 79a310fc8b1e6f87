// A message step: what the bot says, after how long it "types", and what follows.
import { useI18n } from "../../../stores/createI18n";
import { StepLink } from "../StepLink";
import { StepNumber } from "../StepNumber";
import { StepText } from "../StepText";
import type { StepFieldsProps } from "../stepTypes";

export function MessageFields(props: StepFieldsProps<"message">) {
  const { t } = useI18n();
  return (
    <>
      <StepText card={props.card} label={t("flow.text")} value={props.step.text} onInput={(text) => props.edit((step) => ({ ...step, text }))} />
      <StepNumber
        card={props.card}
        name="delaySeconds"
        label={t("flow.delay")}
        value={props.step.delaySeconds}
        onInput={(delaySeconds) => props.edit((step) => ({ ...step, delaySeconds }))}
      />
      <StepLink card={props.card} stepId={props.step.id} value={props.step.next} />
    </>
  );
}
