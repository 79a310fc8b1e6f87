// A contact's fields and custom fields, editable in place: each problem beside its field before
// anything is sent (contactValidation.ts), then Save (PATCH) or Cancel back to what is saved.
// The server's field errors land beside their fields too.
import { A } from "@solidjs/router";
import { createEffect, createMemo, createSignal, on, Show } from "solid-js";
import { createStore, reconcile } from "solid-js/store";
import type { Contact } from "@raibu/protocol/api";
import { ApiError, useApi } from "../../lib/api";
import { CONTACT_FIELDS, contactFormFrom, type ContactField, type ContactForm } from "../../lib/contactForm";
import { errorText } from "../../lib/errorText";
import { parseFieldErrors } from "../../lib/fieldErrors";
import { ContactFields } from "../ContactFields";
import { Notice } from "../Notice";
import { checkContactForm, formChanged, type FieldProblem } from "./contactValidation";
import { useContactText } from "./texts";

type Props = {
  contact: Contact;
  onSaved: (contact: Contact) => void;
};

export function ContactFieldsForm(props: Props) {
  const t = useContactText();
  const api = useApi();
  const saved = createMemo(() => contactFormFrom(props.contact, null));
  const [form, setForm] = createStore<ContactForm>(contactFormFrom(props.contact, null));
  const [serverErrors, setServerErrors] = createSignal<Record<string, string>>({});
  const [tried, setTried] = createSignal(false);
  const [saving, setSaving] = createSignal(false);
  const [outcome, setOutcome] = createSignal<{ tone: "success" | "error"; text: string } | null>(null);
  /** The contact that already has the email typed (a 409 names it): offered to open, to merge from there or here. */
  const [takenBy, setTakenBy] = createSignal<string | null>(null);

  // Another version of the contact arrived (saved here, merged): the form shows it.
  // A re-read that changes nothing saved (the timeline refreshed) leaves what is being typed alone.
  createEffect(on(saved, (next, prev) => (!prev || formChanged(next, prev)) && setForm(reconcile(next)), { defer: true }));

  const checked = createMemo(() => checkContactForm(form));
  const changed = createMemo(() => formChanged(form, saved()));
  const say = (problem: FieldProblem | undefined): string | undefined => {
    if (!problem) return undefined;
    if (problem.code === "tooLong") return t("contactPage.tooLong", { max: problem.max });
    if (problem.code === "email") return t("contactPage.badEmail");
    return t(problem.code === "missing" ? "contact.keyMissing" : "contact.keyDuplicate");
  };
  // Length problems show as they are typed; a missing field name waits for a Save.
  const fieldError = (field: ContactField) => say(checked().problems[field]) ?? serverErrors()[field];
  const customError = (uid: number, part: "key" | "value") => {
    const problem = checked().customProblems[uid]?.[part];
    return problem && (problem.code === "tooLong" || tried()) ? say(problem) : undefined;
  };

  const cancel = () => {
    setForm(reconcile(saved()));
    setServerErrors({});
    setTakenBy(null);
    setTried(false);
    setOutcome(null);
  };

  async function save(e: SubmitEvent) {
    e.preventDefault();
    setTried(true);
    setOutcome(null);
    setServerErrors({});
    setTakenBy(null);
    const fields = checked().fields;
    if (!fields) return setOutcome({ tone: "error", text: t("contact.fixErrors") });
    setSaving(true);
    try {
      const contact = await api.updateContact(props.contact.id, fields);
      setTried(false);
      props.onSaved(contact);
      setOutcome({ tone: "success", text: t("contactPage.saved") });
    } catch (err) {
      if (err instanceof ApiError && err.code === "email_taken") {
        setServerErrors({ email: t("contactPage.emailTaken") });
        setTakenBy(typeof err.facts.contactId === "string" ? err.facts.contactId : null);
        setOutcome({ tone: "error", text: t("contact.fixErrors") });
      } else if (err instanceof ApiError && err.status === 400) {
        const parsed = parseFieldErrors(err.message, [...CONTACT_FIELDS, "customFields"]);
        setServerErrors(parsed.fields);
        setOutcome({ tone: "error", text: parsed.other.length ? parsed.other.join(" ") : t("contact.fixErrors") });
      } else {
        setOutcome({ tone: "error", text: t("contactPage.saveFailed", { error: errorText(err, t) }) });
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <form class="card contact-fields" novalidate onSubmit={save} data-testid="contact-fields">
      <h2>{t("contactPage.details")}</h2>
      <ContactFields
        form={form}
        setForm={setForm}
        fieldTestId="contact-field-"
        fieldError={fieldError}
        customError={customError}
        customFieldsError={serverErrors().customFields}
        onFieldInput={(field) => serverErrors()[field] && setServerErrors(({ [field]: _gone, ...rest }) => rest)}
      />
      <Show when={outcome()}>
        {(o) => (
          <Notice tone={o().tone} testId="contact-fields-outcome">
            {o().text}
            <Show when={takenBy()}>
              {(id) => (
                <>
                  {" "}
                  <A class="link" href={`/contacts/${encodeURIComponent(id())}`} data-testid="contact-email-owner">
                    {t("contactPage.openOther")}
                  </A>
                </>
              )}
            </Show>
          </Notice>
        )}
      </Show>
      <div class="contact-fields-actions">
        <button type="button" class="button" data-testid="contact-fields-cancel" disabled={!changed() || saving()} onClick={cancel}>
          {t("contactPage.discard")}
        </button>
        <button type="submit" class="button primary" data-testid="contact-fields-save" disabled={!changed() || saving()}>
          {saving() ? t("contactPage.saving") : t("contactPage.save")}
        </button>
      </div>
    </form>
  );
}
