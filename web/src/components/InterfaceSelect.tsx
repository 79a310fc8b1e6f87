// The chat-interface picker of the console's lists and the dashboard: « all interfaces » and each
// one, the current one marked even when the interfaces arrive after the select took its value.
import { For } from "solid-js";

export function InterfaceSelect(props: {
  interfaces: readonly { id: string; name: string }[];
  /** The picked interface's id; "" for all. */
  value: string;
  allLabel: string;
  onChange: (interfaceId: string) => void;
  testId: string;
  id?: string;
}) {
  return (
    <select id={props.id} class="select compact" data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
      <option value="">{props.allLabel}</option>
      <For each={props.interfaces}>
        {(i) => (
          <option value={i.id} selected={i.id === props.value}>
            {i.name}
          </option>
        )}
      </For>
    </select>
  );
}
