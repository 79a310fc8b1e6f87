// The "Next step" of a step (or of one of its buttons, by choice id), kept tidy by setLink.
import { setLink } from "../../lib/flowEditor";
import { useI18n } from "../../stores/createI18n";
import { NextSelect } from "../form/NextSelect";
import type { StepCardTools } from "./stepTypes";

type Props = { card: StepCardTools; stepId: string; value: string | null; choiceId?: string };

export function StepLink(props: Props) {
  const { t } = useI18n();
  return (
    <NextSelect
      id={props.card.fieldId(props.choiceId === undefined ? "next" : `choice-${props.choiceId}-next`)}
      label={t("flow.next")}
      value={props.value}
      selfId={props.stepId}
      names={props.card.names}
      error={props.card.linkErrorOf(props.value)}
      onChange={(next) => props.card.apply((flow) => setLink(flow, props.stepId, next, props.choiceId))}
    />
  );
}
