// A step's text to the visitor (its main text, a retry or a waiting text), as the flow schema bounds it.
import { TextAreaField } from "../form/TextAreaField";
import type { StepCardTools } from "./stepTypes";

type Props = {
  card: StepCardTools;
  name?: "text" | "retryText" | "waitingText";
  label: string;
  hint?: string;
  value: string;
  onInput: (value: string) => void;
};

export function StepText(props: Props) {
  const name = () => props.name ?? "text";
  return (
    <TextAreaField
      id={props.card.fieldId(name())}
      name={name()}
      label={props.label}
      hint={props.hint}
      error={props.card.errorOf(name())}
      value={props.value}
      maxLength={2000}
      wide
      onInput={props.onInput}
    />
  );
}
