// A labelled whole-number input within bounds. An emptied box reports NaN, which the caller keeps
// so the form can say the value is missing rather than silently putting one back.
import { FieldBox } from "./FieldBox";

type Props = {
  id: string;
  name: string;
  label: string;
  error?: string;
  value: number;
  min: number;
  max: number;
  onInput: (value: number) => void;
};

export function NumberField(props: Props) {
  return (
    <FieldBox id={props.id} label={props.label} error={props.error}>
      {(aria) => (
        <input
          id={aria().id}
          aria-invalid={aria()["aria-invalid"]}
          aria-describedby={aria()["aria-describedby"]}
          type="number"
          inputMode="numeric"
          min={props.min}
          max={props.max}
          step={1}
          data-field={props.name}
          value={Number.isNaN(props.value) ? "" : props.value}
          onInput={(e) => props.onInput(e.currentTarget.valueAsNumber)}
        />
      )}
    </FieldBox>
  );
}
