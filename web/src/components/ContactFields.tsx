// A contact's fields and free custom fields as inputs, for « Mark as contact » and a contact's page:
// each form keeps its own store, checks and saving, and says which problem shows beside which field.
import { For, Show } from "solid-js";
import { produce, type SetStoreFunction } from "solid-js/store";
import { CONTACT_FIELDS, customRow, type ContactField, type ContactForm } from "../lib/contactForm";
import type { MessageKey } from "../lib/i18n";
import { useI18n } from "../stores/createI18n";
import { Icon } from "./Icon";
import { TextField } from "./TextField";
import "./contactFields.css";

const INPUT_TYPES: Partial<Record<ContactField, string>> = { email: "email", phone: "tel", website: "url" };
/** A custom field's row: its name, then its value. */
const CUSTOM_PARTS = ["key", "value"] as const;
type CustomPart = (typeof CUSTOM_PARTS)[number];
const CUSTOM_LABELS = { key: "contact.customKey", value: "contact.customValue" } as const;

type Props = {
  form: ContactForm;
  setForm: SetStoreFunction<ContactForm>;
  /** Before each field's name in its test id: the dialog's and the page's differ. */
  fieldTestId: string;
  fieldError: (field: ContactField) => string | undefined;
  customError: (uid: number, part: CustomPart) => string | undefined;
  /** The server's word on the custom fields as a whole. */
  customFieldsError: string | undefined;
  /** The longest a custom field's name and value may be typed (where nothing says so as they are typed). */
  customMax?: Record<CustomPart, number>;
  /** After the field took what was typed. */
  onFieldInput?: (field: ContactField) => void;
};

export function ContactFields(props: Props) {
  const { t } = useI18n();
  return (
    <>
      <div class="contact-grid">
        <For each={CONTACT_FIELDS}>
          {(field) => (
            <TextField
              label={t(`contact.${field}` as MessageKey)}
              name={field}
              type={INPUT_TYPES[field] ?? "text"}
              autocomplete="off"
              class={field === "address" ? "span-2" : undefined}
              data-testid={`${props.fieldTestId}${field}`}
              value={props.form[field]}
              error={props.fieldError(field)}
              onInput={(e) => {
                props.setForm(field, e.currentTarget.value);
                props.onFieldInput?.(field);
              }}
            />
          )}
        </For>
      </div>
      <fieldset class="field-group custom-fields">
        <legend>{t("contact.custom")}</legend>
        <Show when={props.form.custom.length > 0} fallback={<p class="muted small-text">{t("contact.customNone")}</p>}>
          <ul class="bare-list custom-rows">
            <For each={props.form.custom}>
              {(row, index) => (
                <li class="custom-row" data-testid="contact-custom-field">
                  <For each={CUSTOM_PARTS}>
                    {(part) => (
                      <TextField
                        label={t(CUSTOM_LABELS[part])}
                        value={row[part]}
                        maxLength={props.customMax?.[part]}
                        data-testid={`contact-custom-${part}`}
                        error={props.customError(row.uid, part)}
                        onInput={(e) => props.setForm("custom", index(), part, e.currentTarget.value)}
                      />
                    )}
                  </For>
                  <button
                    type="button"
                    class="button ghost small icon-only remove-field"
                    aria-label={t("contact.removeField")}
                    title={t("contact.removeField")}
                    data-testid="contact-custom-remove"
                    onClick={() => props.setForm("custom", (rows) => rows.filter((r) => r.uid !== row.uid))}
                  >
                    <Icon name="close" />
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
        <Show when={props.customFieldsError}>
          <p class="field-error">{props.customFieldsError}</p>
        </Show>
        <button type="button" class="button small" data-testid="contact-add-custom" onClick={() => props.setForm("custom", produce((rows) => void rows.push(customRow())))}>
          <Icon name="plus" />
          <span>{t("contact.addField")}</span>
        </button>
      </fieldset>
    </>
  );
}
