// Where a step or a button leads: any other step by its readable name, or the end of the script.
import { For, Show } from "solid-js";
import { useI18n } from "../../stores/createI18n";
import { SelectField } from "./SelectField";

type Props = {
  id: string;
  label: string;
  /** The linked step's id; null ends the script. */
  value: string | null;
  /** The step the link starts from, offered only when it already links to itself. */
  selfId: string;
  /** Readable names of the flow's steps, by id, in list order. */
  names: Map<string, string>;
  error?: string;
  onChange: (next: string | null) => void;
};

export function NextSelect(props: Props) {
  const { t } = useI18n();
  const targets = () => [...props.names.keys()].filter((id) => id !== props.selfId || id === props.value);
  // A link to a step that is gone stays visible, named as missing, until it is changed.
  const missing = () => props.value !== null && !props.names.has(props.value);
  return (
    <SelectField id={props.id} name="next" label={props.label} error={props.error} value={props.value ?? ""} onChange={(value) => props.onChange(value || null)}>
      <option value="">{t("flow.endOfScript")}</option>
      <For each={targets()}>{(id) => <option value={id}>{props.names.get(id)}</option>}</For>
      <Show when={missing()}>
        <option value={props.value ?? ""}>{t("flow.missingStep", { id: props.value ?? "" })}</option>
      </Show>
    </SelectField>
  );
}
