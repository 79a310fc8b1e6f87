// What stops the draft from saving or publishing, each naming its step; picking one goes to it.
import { For, Show } from "solid-js";
import type { EditorProblem } from "../../lib/flowEditor";
import { problemText } from "../../lib/flowText";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";

type Props = {
  problems: EditorProblem[];
  names: Map<string, string>;
  onPick: (problem: EditorProblem) => void;
};

export function FlowProblems(props: Props) {
  const { t } = useI18n();
  return (
    <div class="flow-problems-box">
      <Show when={props.problems.length > 0} fallback={<p class="flow-ok" data-testid="flow-ok">{t("flow.noProblems")}</p>}>
        <p class="small-text muted">{t("flow.problemsIntro", { count: props.problems.length })}</p>
      </Show>
      <ul class="bare-list flow-problems" data-testid="flow-problems">
        <For each={props.problems}>
          {(problem) => (
            <li data-testid="flow-problem" data-code={problem.code} data-step-id={problem.stepId ?? undefined}>
              <button type="button" class="problem-link" onClick={() => props.onPick(problem)}>
                <Icon name="alert" />
                <span>
                  <Show when={problem.stepId}>{(id) => <strong>{props.names.get(id()) ?? id()}: </strong>}</Show>
                  {problemText(t, problem)}
                </span>
              </button>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
