// The offline form of a live chat step: whether it is shown, and which fields it asks and requires.
import { For, Show } from "solid-js";
import { OFFLINE_FORM_FIELDS, type OfflineFormConfig, type OfflineFormField } from "@raibu/protocol/flow";
import { useI18n } from "../../../stores/createI18n";
import { CheckField } from "../../form/CheckField";
import type { StepCardTools } from "../stepTypes";

const FIELD_KEYS = {
  name: "flow.offline.name",
  email: "flow.offline.email",
  phone: "flow.offline.phone",
  message: "flow.offline.message",
} as const;

type Props = {
  card: StepCardTools;
  form: OfflineFormConfig;
  onChange: (change: (form: OfflineFormConfig) => OfflineFormConfig) => void;
};

export function OfflineFormFields(props: Props) {
  const { t } = useI18n();
  /** A field that is not asked cannot be required. */
  const setField = (field: OfflineFormField, change: Partial<{ ask: boolean; required: boolean }>) =>
    props.onChange((form) => {
      const next = { ...form.fields[field], ...change };
      if (!next.ask) next.required = false;
      return { ...form, fields: { ...form.fields, [field]: next } };
    });

  return (
    <fieldset class="field-group offline-form wide">
      <legend>{t("flow.offlineForm")}</legend>
      <CheckField
        name="offlineForm"
        label={t("flow.offlineFormOn")}
        checked={props.form.enabled}
        onChange={(enabled) => props.onChange((form) => ({ ...form, enabled }))}
      />
      <Show when={props.form.enabled}>
        <table class="offline-fields">
          <thead>
            <tr>
              <th scope="col" class="caps-label">{t("flow.offlineField")}</th>
              <th scope="col" class="caps-label">{t("flow.offlineAsk")}</th>
              <th scope="col" class="caps-label">{t("flow.offlineRequired")}</th>
            </tr>
          </thead>
          <tbody>
            <For each={OFFLINE_FORM_FIELDS}>
              {(field) => {
                const config = () => props.form.fields[field];
                const name = () => t(FIELD_KEYS[field]);
                return (
                  <tr data-offline-field={field}>
                    <th scope="row">{name()}</th>
                    <CheckCell
                      id={props.card.fieldId(`ask-${field}`)}
                      label={t("flow.offlineAskLabel", { field: name() })}
                      checked={config().ask}
                      onChange={(ask) => setField(field, { ask })}
                    />
                    <CheckCell
                      id={props.card.fieldId(`required-${field}`)}
                      label={t("flow.offlineRequiredLabel", { field: name() })}
                      checked={config().required}
                      disabled={!config().ask}
                      onChange={(required) => setField(field, { required })}
                    />
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </Show>
    </fieldset>
  );
}

/** A table cell holding one checkbox, named for screen readers by a label only they read. */
function CheckCell(props: { id: string; label: string; checked: boolean; disabled?: boolean; onChange: (checked: boolean) => void }) {
  return (
    <td>
      <label class="sr-only" for={props.id}>
        {props.label}
      </label>
      <input id={props.id} type="checkbox" checked={props.checked} disabled={props.disabled} onChange={(e) => props.onChange(e.currentTarget.checked)} />
    </td>
  );
}
