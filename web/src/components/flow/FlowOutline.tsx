// The flow read from its start: sequences one under the other, each button's branch indented,
// links back to steps shown above, and the steps no path reaches listed apart.
import { For, Match, Show, Switch } from "solid-js";
import type { OutlineLine } from "../../lib/flowEditor";
import { useI18n } from "../../stores/createI18n";

type Props = {
  lines: OutlineLine[];
  unreachable: string[];
  names: Map<string, string>;
  onFocusStep: (stepId: string) => void;
};

export function FlowOutline(props: Props) {
  const { t } = useI18n();
  const name = (id: string) => props.names.get(id) ?? id;
  const stepButton = (id: string, text: string) => (
    <button type="button" class="outline-link" onClick={() => props.onFocusStep(id)}>
      {text}
    </button>
  );

  return (
    <div class="flow-outline" data-testid="flow-outline">
      <Show when={props.lines.length > 0} fallback={<p class="muted small-text">{t("flow.outlineEmpty")}</p>}>
        <ol class="bare-list outline-lines">
          <For each={props.lines}>
            {(line) => (
              <li class={`outline-line outline-${line.type}`} style={{ "--depth": line.depth }} data-outline-type={line.type}>
                <Switch>
                  <Match when={line.type === "step" && line}>{(l) => stepButton(l().stepId, name(l().stepId))}</Match>
                  <Match when={line.type === "choice" && line}>
                    {(l) => <span class="outline-choice">{t("flow.outlineChoice", { label: l().label || t("flow.outlineNoLabel") })}</span>}
                  </Match>
                  <Match when={line.type === "back" && line}>{(l) => stepButton(l().target, t("flow.outlineBack", { step: name(l().target) }))}</Match>
                  <Match when={line.type === "missing" && line}>
                    {(l) => <span class="outline-missing">{t("flow.missingStep", { id: l().target })}</span>}
                  </Match>
                  <Match when={line.type === "end"}>
                    <span class="muted">{t("flow.endOfScript")}</span>
                  </Match>
                </Switch>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={props.unreachable.length > 0}>
        <h4 class="outline-apart">{t("flow.outlineUnreachable")}</h4>
        <ul class="bare-list outline-lines" data-testid="outline-unreachable">
          <For each={props.unreachable}>{(id) => <li class="outline-line">{stepButton(id, name(id))}</li>}</For>
        </ul>
      </Show>
    </div>
  );
}
