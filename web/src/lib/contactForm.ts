// The « Marquer comme contact » form as data: pre-filled from the contact or from what is
// known of the visitor, and turned back into the API's ContactFields.
import type { Contact, ContactFields, Visitor } from "@raibu/protocol/api";
import type { VisitorFacts } from "@raibu/protocol/realtime";

export const CONTACT_FIELDS = ["name", "email", "phone", "company", "jobTitle", "website", "address", "city", "country"] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export interface CustomRow {
  uid: number;
  key: string;
  value: string;
}

export type ContactForm = Record<ContactField, string> & { custom: CustomRow[] };

let nextUid = 1;
export const customRow = (key = "", value = ""): CustomRow => ({ uid: nextUid++, key, value });

/**
 * The visitor as loaded, with what their conversation's socket says is known of them now (an
 * email the bot just collected, a name): the panel and the contact form show it without a reload.
 */
export function visitorAsKnown<V extends Pick<Visitor, "name" | "email" | "phone"> & { customFields?: Visitor["customFields"] }>(visitor: V, known: VisitorFacts | null | undefined): V {
  if (!known) return visitor;
  return {
    ...visitor,
    name: known.name ?? visitor.name,
    email: known.email ?? visitor.email,
    phone: known.phone ?? visitor.phone,
    customFields: { ...visitor.customFields, ...known.custom },
  };
}

/**
 * A saved contact is shown as saved. Otherwise the form starts from what the visitor told
 * the bot: their name, email and phone, and the answers it kept in custom fields.
 */
export function contactFormFrom(
  contact: Contact | null,
  visitor: (Pick<Visitor, "name" | "email" | "phone"> & { customFields?: Visitor["customFields"] }) | null,
): ContactForm {
  const form = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, contact?.[f] ?? ""])) as Record<ContactField, string>;
  if (!contact && visitor) {
    form.name = visitor.name ?? "";
    form.email = visitor.email ?? "";
    form.phone = visitor.phone ?? "";
  }
  const custom = contact ? contact.customFields : (visitor?.customFields ?? {});
  return { ...form, custom: Object.entries(custom).map(([key, value]) => customRow(key, value)) };
}

/**
 * What the visitor has made known since the form opened (an email given to the bot meanwhile) for
 * the fields the agent has left empty: never over what they typed.
 */
export function newlyKnown(form: ContactForm, visitor: Pick<Visitor, "name" | "email" | "phone">): Partial<Record<"name" | "email" | "phone", string>> {
  const fill: Partial<Record<"name" | "email" | "phone", string>> = {};
  for (const key of ["name", "email", "phone"] as const) {
    const value = visitor[key];
    if (value && !form[key].trim()) fill[key] = value;
  }
  return fill;
}

/**
 * The body to PUT, or the problems with the custom rows (by uid). Blank fields are sent as
 * null; a custom row with neither name nor value is dropped.
 */
export function toContactFields(form: ContactForm): { fields: ContactFields; customErrors: Record<number, "missing" | "duplicate"> } {
  const fields = Object.fromEntries(CONTACT_FIELDS.map((f) => [f, form[f].trim() || null])) as Omit<ContactFields, "customFields">;
  const customFields: Record<string, string> = {};
  const customErrors: Record<number, "missing" | "duplicate"> = {};
  for (const row of form.custom) {
    const key = row.key.trim();
    if (!key && !row.value.trim()) continue;
    if (!key) customErrors[row.uid] = "missing";
    else if (Object.hasOwn(customFields, key)) customErrors[row.uid] = "duplicate";
    else customFields[key] = row.value;
  }
  return { fields: { ...fields, customFields }, customErrors };
}
