// A labelled choice among fixed options, typed by the options' values.
import { For } from "solid-js";
import { SelectField } from "./SelectField";

type Props<V extends string> = {
  id: string;
  name: string;
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
};

export function ChoiceField<V extends string>(props: Props<V>) {
  // The browser gives back one of the option values this field rendered.
  const pick = (value: string) => props.options.find((option) => option.value === value)?.value;
  return (
    <SelectField
      id={props.id}
      name={props.name}
      label={props.label}
      value={props.value}
      onChange={(value) => {
        const picked = pick(value);
        if (picked !== undefined) props.onChange(picked);
      }}
    >
      <For each={props.options}>{(option) => <option value={option.value}>{option.label}</option>}</For>
    </SelectField>
  );
}
