// « Marquer comme contact »: the contact's details in a modal form, with free custom fields.
import { createEffect, createSignal, createUniqueId, For, on, Show } from "solid-js";
import { createStore, produce } from "solid-js/store";
import { ApiError, useApi, type Contact, type Visitor } from "../../lib/api";
import { CONTACT_FIELDS, contactFormFrom, customRow, newlyKnown, toContactFields, type ContactField, type ContactForm } from "../../lib/contactForm";
import { errorText } from "../../lib/errorText";
import { parseFieldErrors } from "../../lib/fieldErrors";
import type { MessageKey } from "../../lib/i18n";
import { useI18n } from "../../stores/createI18n";
import { Icon } from "../Icon";
import { Notice } from "../Notice";
import { TextField } from "../TextField";
import "./contactDialog.css";

const LABELS: Record<ContactField, MessageKey> = {
  name: "contact.name",
  email: "contact.email",
  phone: "contact.phone",
  company: "contact.company",
  jobTitle: "contact.jobTitle",
  website: "contact.website",
  address: "contact.address",
  city: "contact.city",
  country: "contact.country",
};
const INPUT_TYPES: Partial<Record<ContactField, string>> = { email: "email", phone: "tel", website: "url" };
const AUTOCOMPLETE: Partial<Record<ContactField, string>> = { name: "off", email: "off", phone: "off" };
const WIDE: ContactField[] = ["address"];

type Props = {
  open: boolean;
  visitor: Visitor;
  contact: Contact | null;
  onSaved: (contact: Contact) => void;
  onClose: () => void;
};

export function ContactDialog(props: Props) {
  const { t } = useI18n();
  const api = useApi();
  const titleId = createUniqueId();
  const [form, setForm] = createStore<ContactForm>(contactFormFrom(null, null));
  const [errors, setErrors] = createSignal<Record<string, string>>({});
  const [customErrors, setCustomErrors] = createSignal<Record<number, string>>({});
  const [general, setGeneral] = createSignal("");
  const [saving, setSaving] = createSignal(false);
  let dialog!: HTMLDialogElement;

  createEffect(() => {
    if (props.open && !dialog.open) {
      // Pre-filled each time it opens: the contact if there is one, else what the visitor told us.
      setForm(contactFormFrom(props.contact, props.visitor));
      setErrors({});
      setCustomErrors({});
      setGeneral("");
      dialog.showModal();
    }
    if (!props.open && dialog.open) dialog.close();
  });

  // Opened before the conversation said all it knows (a switch, a slow socket): what arrives fills the fields still empty.
  createEffect(
    on(
      () => [props.visitor.name, props.visitor.email, props.visitor.phone],
      () => {
        if (props.open && !props.contact) setForm(newlyKnown(form, props.visitor));
      },
      { defer: true },
    ),
  );

  async function save(e: SubmitEvent) {
    e.preventDefault();
    setGeneral("");
    setErrors({});
    const { fields, customErrors: rowProblems } = toContactFields(form);
    const rowMessages = Object.fromEntries(
      Object.entries(rowProblems).map(([uid, problem]) => [uid, t(problem === "missing" ? "contact.keyMissing" : "contact.keyDuplicate")]),
    );
    setCustomErrors(rowMessages);
    if (Object.keys(rowMessages).length) return setGeneral(t("contact.fixErrors"));
    setSaving(true);
    try {
      props.onSaved(await api.saveContact(props.visitor.id, fields));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const parsed = parseFieldErrors(err.message, [...CONTACT_FIELDS, "customFields"]);
        setErrors(parsed.fields);
        setGeneral(parsed.other.length ? parsed.other.join(" ") : t("contact.fixErrors"));
      } else {
        setGeneral(errorText(err, t));
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <dialog ref={dialog} class="dialog contact-dialog" aria-labelledby={titleId} data-testid="contact-form" onClose={() => props.open && props.onClose()}>
      <form class="form" novalidate onSubmit={save}>
        <div class="dialog-title-row">
          <div>
            <h2 id={titleId}>{t("contact.title")}</h2>
            <p class="muted small-text">{t("contact.intro")}</p>
          </div>
          <button type="button" class="button ghost small icon-only" aria-label={t("common.cancel")} onClick={() => props.onClose()}>
            <Icon name="close" />
          </button>
        </div>
        <div class="contact-grid">
          <For each={CONTACT_FIELDS}>
            {(field) => (
              <TextField
                label={t(LABELS[field])}
                name={field}
                type={INPUT_TYPES[field] ?? "text"}
                autocomplete={AUTOCOMPLETE[field] ?? "off"}
                class={WIDE.includes(field) ? "span-2" : undefined}
                data-testid={`contact-${field}`}
                value={form[field]}
                error={errors()[field]}
                onInput={(e) => setForm(field, e.currentTarget.value)}
              />
            )}
          </For>
        </div>
        <fieldset class="field-group custom-fields">
          <legend>{t("contact.custom")}</legend>
          <Show when={form.custom.length > 0} fallback={<p class="muted small-text">{t("contact.customNone")}</p>}>
            <ul class="bare-list custom-rows">
              <For each={form.custom}>
                {(row, index) => (
                  <li class="custom-row" data-testid="custom-field">
                    <TextField
                      label={t("contact.customKey")}
                      value={row.key}
                      maxLength={60}
                      data-testid="custom-key"
                      error={customErrors()[row.uid]}
                      onInput={(e) => setForm("custom", index(), "key", e.currentTarget.value)}
                    />
                    <TextField label={t("contact.customValue")} value={row.value} maxLength={500} data-testid="custom-value" onInput={(e) => setForm("custom", index(), "value", e.currentTarget.value)} />
                    <button
                      type="button"
                      class="button ghost small icon-only remove-field"
                      aria-label={t("contact.removeField")}
                      title={t("contact.removeField")}
                      onClick={() => setForm("custom", (rows) => rows.filter((r) => r.uid !== row.uid))}
                    >
                      <Icon name="close" />
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </Show>
          <Show when={errors().customFields}>
            <p class="field-error">{errors().customFields}</p>
          </Show>
          <button type="button" class="button small" data-testid="add-custom-field" onClick={() => setForm("custom", produce((rows) => void rows.push(customRow())))}>
            <Icon name="plus" />
            <span>{t("contact.addField")}</span>
          </button>
        </fieldset>
        <Show when={general()}>
          <Notice tone="error" testId="contact-error">
            {general()}
          </Notice>
        </Show>
        <div class="dialog-actions">
          <button type="button" class="button" onClick={() => props.onClose()}>
            {t("common.cancel")}
          </button>
          <button type="submit" class="button primary" data-testid="contact-save" disabled={saving()}>
            {saving() ? t("contact.saving") : t("contact.save")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
