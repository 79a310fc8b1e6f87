// A CRM's field mapping as editable rows (Raibu field or a custom field → the CRM's property),
// saved as one object. The rows start from what the server holds (its defaults until changed).
import { createSignal, createUniqueId, For, Show } from "solid-js";
import { createStore } from "solid-js/store";
import type { CrmProvider } from "@raibu/protocol/integrations";
import { errorText } from "../../lib/errorText";
import { Icon } from "../Icon";
import { Notice } from "../Notice";
import { ROW_FIELDS } from "./catalog";
import { CUSTOM, mappingFrom, newRow, rowsFrom, type MappingRow, type RowProblem } from "./mappingRows";
import { useCrmText, type CrmKey } from "./crmTexts";

const PROBLEM_TEXT: Record<RowProblem, CrmKey> = {
  propertyRequired: "crm.propertyRequired",
  propertyInvalid: "crm.propertyInvalid",
  customKeyInvalid: "crm.customKeyInvalid",
  fieldTaken: "crm.fieldTaken",
};

export function MappingEditor(props: { provider: CrmProvider; mapping: Record<string, string>; onSave: (mapping: Record<string, string>) => Promise<void> }) {
  const t = useCrmText();
  const uid = createUniqueId();
  const [rows, setRows] = createStore<MappingRow[]>(rowsFrom(props.mapping));
  const [problems, setProblems] = createSignal<Record<number, RowProblem>>({});
  const [status, setStatus] = createSignal<{ tone: "error" | "success"; text: string } | null>(null);
  const [saving, setSaving] = createSignal(false);
  const name = () => t(`crm.${props.provider}`);
  const known = (field: string): field is (typeof ROW_FIELDS)[number] => (ROW_FIELDS as readonly string[]).includes(field);
  const label = (field: string) => (known(field) ? t(`field.${field}`) : field);
  const fieldName = (row: MappingRow) => (row.field === CUSTOM ? row.customKey || t("crm.customOption") : label(row.field));

  const edit = (index: number, patch: Partial<MappingRow>) => {
    setRows(index, patch);
    setStatus(null);
    if (Object.keys(problems()).length) setProblems(mappingFrom(rows).problems);
  };

  const save = async (e: SubmitEvent) => {
    e.preventDefault();
    const checked = mappingFrom(rows);
    setProblems(checked.problems);
    if (!checked.mapping) return setStatus({ tone: "error", text: t("crm.fixRows") });
    setSaving(true);
    try {
      await props.onSave(checked.mapping);
      setStatus({ tone: "success", text: t("crm.mappingSaved") });
    } catch (err) {
      setStatus({ tone: "error", text: t("integrations.failed", { error: errorText(err, t) }) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form class="mapping" noValidate onSubmit={save} data-testid={`mapping-${props.provider}`}>
      <h3 class="subhead">{t("crm.mapping")}</h3>
      <p class="muted">{t("crm.mappingHint", { provider: name() })}</p>
      <div class="mapping-head" aria-hidden="true">
        <span>{t("crm.field")}</span>
        <span>{t("crm.property", { provider: name() })}</span>
      </div>
      <ul class="bare-list mapping-rows">
        <For each={rows}>
          {(row, index) => {
            const id = `${uid}-${index()}`;
            const problem = () => problems()[index()];
            return (
              <li class="mapping-row" classList={{ invalid: !!problem() }} data-testid="mapping-row">
                <div class="mapping-field">
                  <label class="sr-only" for={`${id}-field`}>
                    {t("crm.field")}
                  </label>
                  <select id={`${id}-field`} class="select" data-testid="mapping-field" onChange={(e) => edit(index(), { field: e.currentTarget.value })}>
                    <For each={ROW_FIELDS}>
                      {(field) => (
                        <option value={field} selected={row.field === field}>
                          {label(field)}
                        </option>
                      )}
                    </For>
                    <Show when={row.field !== CUSTOM && !known(row.field)}>
                      <option value={row.field} selected>
                        {row.field}
                      </option>
                    </Show>
                    <option value={CUSTOM} selected={row.field === CUSTOM}>
                      {t("crm.customOption")}
                    </option>
                  </select>
                  <Show when={row.field === CUSTOM}>
                    <label class="sr-only" for={`${id}-custom`}>
                      {t("crm.customKey")}
                    </label>
                    <input id={`${id}-custom`} class="input" maxLength={60} placeholder={t("crm.customKey")} value={row.customKey} data-testid="mapping-custom" onInput={(e) => edit(index(), { customKey: e.currentTarget.value })} />
                  </Show>
                </div>
                <span class="mapping-arrow" aria-hidden="true">→</span>
                <label class="sr-only" for={`${id}-property`}>
                  {t("crm.property", { provider: name() })}
                </label>
                <input
                  id={`${id}-property`}
                  class="input"
                  maxLength={80}
                  spellcheck={false}
                  value={row.property}
                  aria-invalid={problem() ? true : undefined}
                  aria-describedby={problem() ? `${id}-error` : undefined}
                  data-testid="mapping-property"
                  onInput={(e) => edit(index(), { property: e.currentTarget.value })}
                />
                <button type="button" class="button ghost small icon-only" aria-label={t("crm.removeRow", { field: fieldName(row) })} onClick={() => (setRows((list) => list.filter((_, i) => i !== index())), setProblems({}), setStatus(null))}>
                  <Icon name="trash" />
                </button>
                <Show when={problem()}>
                  {(code) => (
                    <p class="field-error mapping-error" id={`${id}-error`}>
                      {t(PROBLEM_TEXT[code()])}
                    </p>
                  )}
                </Show>
              </li>
            );
          }}
        </For>
      </ul>
      <div class="form-actions mapping-actions">
        <button type="button" class="button small" data-testid="mapping-add" onClick={() => (setRows(rows.length, newRow(rows)), setStatus(null))}>
          <Icon name="plus" />
          {t("crm.addRow")}
        </button>
        <button type="submit" class="button primary" disabled={saving()} data-testid="mapping-save">
          {t("crm.saveMapping")}
        </button>
      </div>
      <Show when={status()}>{(s) => <Notice tone={s().tone}>{s().text}</Notice>}</Show>
    </form>
  );
}
