// A labelled text input with an optional hint and an inline error tied to it for screen readers.
import { createUniqueId, splitProps, type JSX } from "solid-js";
import { FieldBox } from "./form/FieldBox";

type Props = JSX.InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string; error?: string };

export function TextField(props: Props) {
  const [own, input] = splitProps(props, ["label", "hint", "error", "class", "id"]);
  const id = own.id ?? createUniqueId();
  return (
    <FieldBox id={id} label={own.label} hint={own.hint} error={own.error} class={own.class}>
      {(aria) => <input id={aria().id} aria-invalid={aria()["aria-invalid"]} aria-describedby={aria()["aria-describedby"]} {...input} />}
    </FieldBox>
  );
}
