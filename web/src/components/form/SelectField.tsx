// A labelled choice among fixed options; `name` marks it (data-field) for links that focus it.
import { For } from "solid-js";
import { FieldBox } from "./FieldBox";

type Props<V extends string> = {
  id: string;
  name: string;
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
};

export function SelectField<V extends string>(props: Props<V>) {
  // The browser gives back one of the option values this field rendered.
  const pick = (value: string) => props.options.find((option) => option.value === value)?.value;
  return (
    <FieldBox id={props.id} label={props.label}>
      {(aria) => (
        <select
          id={aria().id}
          aria-invalid={aria()["aria-invalid"]}
          aria-describedby={aria()["aria-describedby"]}
          class="select"
          data-field={props.name}
          value={props.value}
          onChange={(e) => {
            const value = pick(e.currentTarget.value);
            if (value !== undefined) props.onChange(value);
          }}
        >
          <For each={props.options}>{(option) => <option value={option.value}>{option.label}</option>}</For>
        </select>
      )}
    </FieldBox>
  );
}
