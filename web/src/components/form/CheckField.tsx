// A checkbox with its words beside it, and an optional hint under them.
import { Show } from "solid-js";

type Props = {
  label: string;
  hint?: string;
  checked: boolean;
  /** Marks the box (data-field) for links that focus it. */
  name?: string;
  testId?: string;
  class?: string;
  onChange: (checked: boolean) => void;
};

export function CheckField(props: Props) {
  return (
    <label class={props.class ? `check ${props.class}` : "check"}>
      <input type="checkbox" data-testid={props.testId} data-field={props.name} checked={props.checked} onChange={(e) => props.onChange(e.currentTarget.checked)} />
      <span>
        {props.label}
        <Show when={props.hint}>
          <span class="field-hint block">{props.hint}</span>
        </Show>
      </span>
    </label>
  );
}
