// A labelled select whose options are its children; `name` marks it (data-field) for links that
// focus it.
import type { JSX } from "solid-js";
import { FieldBox } from "./FieldBox";

type Props = {
  id: string;
  name: string;
  label: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  children: JSX.Element;
};

export function SelectField(props: Props) {
  return (
    <FieldBox id={props.id} label={props.label} error={props.error}>
      {(aria) => (
        <select
          id={aria().id}
          aria-invalid={aria()["aria-invalid"]}
          aria-describedby={aria()["aria-describedby"]}
          class="select"
          data-field={props.name}
          value={props.value}
          onChange={(e) => props.onChange(e.currentTarget.value)}
        >
          {props.children}
        </select>
      )}
    </FieldBox>
  );
}
