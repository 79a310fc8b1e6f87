// A contact's fields checked in the browser with the limits of protocol/api.ts ContactFieldsSchema
// (web/test/contactsForm.test.ts holds the two together), so an agent sees each problem beside its
// field before saving; the server checks again. Problems are codes: the page says them in words.
import type { ContactFields } from "@raibu/protocol/api";
import { CONTACT_FIELDS, toContactFields, type ContactField, type ContactForm } from "../../lib/contactForm";
import { isEmail } from "../../lib/isEmail";

/** The longest each field may be once trimmed (ContactFieldsSchema's `max`). */
export const FIELD_MAX: Record<ContactField, number> = {
  name: 120,
  email: 254,
  phone: 40,
  company: 120,
  jobTitle: 120,
  website: 300,
  address: 300,
  city: 120,
  country: 120,
};
export const CUSTOM_KEY_MAX = 60;
export const CUSTOM_VALUE_MAX = 500;

export type FieldProblem = { code: "tooLong"; max: number } | { code: "email" } | { code: "missing" } | { code: "duplicate" };

export interface CheckedForm {
  /** The PATCH body when nothing is wrong. */
  fields: ContactFields | null;
  problems: Partial<Record<ContactField, FieldProblem>>;
  /** Per custom row (its uid): the name's problem, and the value's. */
  customProblems: Record<number, { key?: FieldProblem; value?: FieldProblem }>;
}

export function checkContactForm(form: ContactForm): CheckedForm {
  const problems: CheckedForm["problems"] = {};
  for (const field of CONTACT_FIELDS) {
    const value = form[field].trim();
    if (value.length > FIELD_MAX[field]) problems[field] = { code: "tooLong", max: FIELD_MAX[field] };
    else if (field === "email" && value && !isEmail(value)) problems[field] = { code: "email" };
  }
  const { fields, customErrors } = toContactFields(form);
  const customProblems: CheckedForm["customProblems"] = {};
  for (const row of form.custom) {
    const entry: { key?: FieldProblem; value?: FieldProblem } = {};
    const rowError = customErrors[row.uid];
    if (rowError) entry.key = { code: rowError };
    else if (row.key.trim().length > CUSTOM_KEY_MAX) entry.key = { code: "tooLong", max: CUSTOM_KEY_MAX };
    if (row.value.length > CUSTOM_VALUE_MAX) entry.value = { code: "tooLong", max: CUSTOM_VALUE_MAX };
    if (entry.key || entry.value) customProblems[row.uid] = entry;
  }
  const ok = Object.keys(problems).length === 0 && Object.keys(customProblems).length === 0;
  return { fields: ok ? fields : null, problems, customProblems };
}

/** Whether the form differs from what is saved (Save and Cancel are offered only then). */
export function formChanged(form: ContactForm, saved: ContactForm): boolean {
  if (CONTACT_FIELDS.some((f) => form[f].trim() !== saved[f].trim())) return true;
  const rows = (f: ContactForm) => JSON.stringify(f.custom.filter((r) => r.key.trim() || r.value.trim()).map((r) => [r.key.trim(), r.value]));
  return rows(form) !== rows(saved);
}
