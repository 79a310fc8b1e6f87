// One of a step's numeric settings, within the bounds the flow schema sets for it.
import { NUMBER_LIMITS, type NumberField as NumberName } from "../../lib/flowEditor";
import { NumberField } from "../form/NumberField";
import type { StepCardTools } from "./stepTypes";

type Props = { card: StepCardTools; name: NumberName; label: string; value: number; onInput: (value: number) => void };

export function StepNumber(props: Props) {
  return (
    <NumberField
      id={props.card.fieldId(props.name)}
      name={props.name}
      label={props.label}
      error={props.card.errorOf(props.name)}
      value={props.value}
      min={NUMBER_LIMITS[props.name].min}
      max={NUMBER_LIMITS[props.name].max}
      onInput={props.onInput}
    />
  );
}
