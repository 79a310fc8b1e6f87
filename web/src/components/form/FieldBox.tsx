// A labelled control with its hint and error tied to it for screen readers: the one field layout
// of the console's forms.
import { Show, type JSX } from "solid-js";

/** What the control inside a FieldBox sets on itself. */
export type FieldAria = { id: string; "aria-invalid"?: true; "aria-describedby"?: string };

type Props = {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** Spans the whole row of a two-column grid. */
  wide?: boolean;
  class?: string;
  children: (aria: () => FieldAria) => JSX.Element;
};

/**
 * The control sets the attributes one by one from `aria()`: a spread would set a <select>'s
 * value before its options exist.
 */
export function FieldBox(props: Props) {
  const aria = (): FieldAria => ({
    id: props.id,
    "aria-invalid": props.error ? true : undefined,
    "aria-describedby": [props.hint && `${props.id}-hint`, props.error && `${props.id}-error`].filter(Boolean).join(" ") || undefined,
  });
  return (
    <div class="field" classList={{ [props.class ?? ""]: !!props.class, invalid: !!props.error, wide: props.wide }}>
      <label for={props.id}>{props.label}</label>
      {props.children(aria)}
      <Show when={props.hint}>
        <p class="field-hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${props.id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}
