// « Marquer comme contact »: the contact's details in a modal form, with free custom fields.
import { createEffect, createSignal, createUniqueId, on, Show } from "solid-js";
import { createStore } from "solid-js/store";
import { ApiError, useApi, type Contact, type Visitor } from "../../lib/api";
import { CONTACT_FIELDS, contactFormFrom, newlyKnown, toContactFields, type ContactForm } from "../../lib/contactForm";
import { errorText } from "../../lib/errorText";
import { parseFieldErrors } from "../../lib/fieldErrors";
import { useI18n } from "../../stores/createI18n";
import { ContactFields } from "../ContactFields";
import { Icon } from "../Icon";
import { Notice } from "../Notice";
import "./contactDialog.css";

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
        <ContactFields
          form={form}
          setForm={setForm}
          fieldTestId="contact-"
          fieldError={(field) => errors()[field]}
          customError={(uid, part) => (part === "key" ? customErrors()[uid] : undefined)}
          customFieldsError={errors().customFields}
          customMax={{ key: 60, value: 500 }}
        />
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
