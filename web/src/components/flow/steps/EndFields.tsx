// An end step: the bot's last words, after which the visitor may write freely.
import { useI18n } from "../../../stores/createI18n";
import { StepText } from "../StepText";
import type { StepFieldsProps } from "../stepTypes";

export function EndFields(props: StepFieldsProps<"end">) {
  const { t } = useI18n();
  return (
    <StepText
      card={props.card}
      label={t("flow.text")}
      hint={t("flow.endTextHint")}
      value={props.step.text}
      onInput={(text) => props.edit((step) => ({ ...step, text }))}
    />
  );
}
