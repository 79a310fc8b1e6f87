// The websites an interface's widget may run on: one origin per row, checked as the API checks them.
import { createUniqueId, Index, Show } from "solid-js";
import type { MessageKey } from "../../lib/i18n";
import type { OriginProblem } from "../../lib/interfaceForm";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";

const PROBLEM_TEXT: Record<OriginProblem, MessageKey> = {
  invalid: "interface.originInvalid",
  duplicate: "interface.originDuplicate",
  too_broad: "interface.originTooBroad",
};

type Props = {
  rows: string[];
  problems: Record<number, OriginProblem>;
  onChange: (rows: string[]) => void;
  /** Checks the rows again: as they are edited once a problem shows, so fixing one clears it. */
  onCheck: () => void;
};

export function OriginsEditor(props: Props) {
  const { t } = useI18n();
  const uid = createUniqueId();
  let list!: HTMLUListElement;
  let addButton!: HTMLButtonElement;

  const set = (index: number, value: string) => props.onChange(props.rows.map((row, i) => (i === index ? value : row)));

  const remove = (index: number) => {
    props.onChange(props.rows.filter((_, i) => i !== index));
    if (Object.keys(props.problems).length) props.onCheck();
    queueMicrotask(() => {
      const inputs = list.querySelectorAll<HTMLInputElement>("input");
      (inputs[Math.min(index, inputs.length - 1)] ?? addButton)?.focus();
    });
  };

  const add = () => {
    props.onChange([...props.rows, ""]);
    queueMicrotask(() => list.querySelector<HTMLInputElement>("li:last-child input")?.focus());
  };

  return (
    <fieldset class="form-section" data-testid="allowed-origins">
      <legend>{t("interface.origins")}</legend>
      <p class="field-hint" id={`${uid}-hint`}>
        {t("interface.originsHint")}
      </p>
      <ul class="bare-list origin-rows" ref={list}>
        <Index each={props.rows}>
          {(row, index) => (
            <li class="origin-row">
              <div class="field grow" classList={{ invalid: !!props.problems[index] }}>
                <label for={`${uid}-${index}`} class="sr-only">
                  {t("interface.originN", { n: index + 1 })}
                </label>
                <input
                  id={`${uid}-${index}`}
                  type="text"
                  inputMode="url"
                  spellcheck={false}
                  autocomplete="off"
                  placeholder="https://www.example.com"
                  value={row()}
                  data-testid="origin-input"
                  aria-invalid={props.problems[index] ? true : undefined}
                  aria-describedby={props.problems[index] ? `${uid}-${index}-error` : `${uid}-hint`}
                  onInput={(e) => {
                    set(index, e.currentTarget.value);
                    if (Object.keys(props.problems).length) props.onCheck();
                  }}
                />
                <Show when={props.problems[index]}>
                  {(problem) => (
                    <p class="field-error" id={`${uid}-${index}-error`}>
                      {t(PROBLEM_TEXT[problem()])}
                    </p>
                  )}
                </Show>
              </div>
              <button
                type="button"
                class="button ghost small icon-only"
                aria-label={t("interface.originRemove", { origin: row() || t("interface.originN", { n: index + 1 }) })}
                title={t("interface.originRemove", { origin: row() || t("interface.originN", { n: index + 1 }) })}
                onClick={() => remove(index)}
              >
                <Icon name="close" />
              </button>
            </li>
          )}
        </Index>
      </ul>
      <Show when={props.rows.length === 0}>
        <p class="muted small-text">{t("interface.originsNone")}</p>
      </Show>
      <div>
        <button type="button" class="button small" ref={addButton} data-testid="add-origin" disabled={props.rows.length >= 20} onClick={add}>
          <Icon name="plus" />
          <span>{t("interface.originAdd")}</span>
        </button>
      </div>
    </fieldset>
  );
}
