// The offline form's rules, decided without I/O: which fields the Live chat step asks, what the
// bot already knows of the visitor, the checks of protocol/offline.ts's OfflineSubmissionSchema
// (written again without zod, which the widget does not load; the tests hold them to the schema),
// what a refusal says, and when the confirmation shows. The Worker checks everything again.
import type { OfflineFormConfig } from "@raibu/protocol/flow";
import { OFFLINE_MESSAGE_MAX, OFFLINE_NAME_MAX, OFFLINE_PHONE_MAX, OFFLINE_PHONE_PATTERN } from "@raibu/protocol/offlineLimits";
import type { OfflineSubmission } from "@raibu/protocol/offline";
import type { ConversationView } from "@raibu/protocol/realtime";
import { ApiError } from "../../../client/apiError";
import { isRateLimited } from "../../../client/rateLimit";

export const OFFLINE_FIELDS = ["name", "email", "phone", "message"] as const;
export type OfflineField = (typeof OFFLINE_FIELDS)[number];
export type OfflineValues = Record<OfflineField, string>;

/** What is wrong with a field, as facts; the form picks the words. */
export type FieldProblem = { code: "required" } | { code: "email" } | { code: "phone" } | { code: "tooLong"; max: number; over: number };

/** The longest address EmailSchema takes. */
export const EMAIL_MAX = 254;
const MAX: Record<OfflineField, number> = { name: OFFLINE_NAME_MAX, email: EMAIL_MAX, phone: OFFLINE_PHONE_MAX, message: OFFLINE_MESSAGE_MAX };
/** zod's `z.email()` pattern (zod/v4/core/regexes.ts), which EmailSchema checks. */
export const EMAIL_PATTERN = /^(?:[A-Za-z0-9_'+\-]+\.)*[A-Za-z0-9_'+\-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9\-]*\.)+[A-Za-z]{2,}$/;

export interface AskedField {
  field: OfflineField;
  required: boolean;
}

/** The fields the step asks, in the form's order; email is always asked and required (the reply goes there). */
export function askedFields(config: OfflineFormConfig): AskedField[] {
  return OFFLINE_FIELDS.filter((field) => field === "email" || config.fields[field].ask).map((field) => ({
    field,
    required: field === "email" || config.fields[field].required,
  }));
}

export const emptyValues = (): OfflineValues => ({ name: "", email: "", phone: "", message: "" });

/**
 * The form's values with what the bot collected (the view's `offlinePrefill`) in the fields the
 * visitor has left empty: a prefill that arrives late never overwrites what they typed.
 */
export function prefilled(values: OfflineValues, prefill: ConversationView["offlinePrefill"]): OfflineValues {
  if (!prefill) return values;
  return {
    ...values,
    name: values.name || prefill.name,
    email: values.email || prefill.email,
    phone: values.phone || prefill.phone,
  };
}

/** What is wrong with one field's value, or null; as the schema reads it (trimmed, email lowercased). */
export function fieldProblem(field: OfflineField, raw: string, required: boolean): FieldProblem | null {
  const value = raw.trim();
  if (value === "") return required ? { code: "required" } : null;
  if (value.length > MAX[field]) return { code: "tooLong", max: MAX[field], over: value.length - MAX[field] };
  if (field === "email" && !EMAIL_PATTERN.test(value.toLowerCase())) return { code: "email" };
  if (field === "phone" && !OFFLINE_PHONE_PATTERN.test(value)) return { code: "phone" };
  return null;
}

/** Every asked field's problem; an empty object when the form may be sent. */
export function checkForm(values: OfflineValues, config: OfflineFormConfig): Partial<Record<OfflineField, FieldProblem>> {
  const problems: Partial<Record<OfflineField, FieldProblem>> = {};
  for (const { field, required } of askedFields(config)) {
    const problem = fieldProblem(field, values[field], required);
    if (problem) problems[field] = problem;
  }
  return problems;
}

/** The body to send: the asked fields, trimmed; the ones not asked empty. `id` is the form's, kept across retries. */
export function submission(id: string, values: OfflineValues, config: OfflineFormConfig): OfflineSubmission {
  const body: OfflineSubmission = { id, ...emptyValues() };
  for (const { field } of askedFields(config)) body[field] = values[field].trim();
  body.email = body.email.toLowerCase();
  return body;
}

/** A refusal as the form shows it: the server's words by field (400 invalid_form), else what went wrong. */
export interface SendFailure {
  fields: Partial<Record<OfflineField, string>>;
  /** The form-wide message: a key of the form's texts, or the server's own sentence. */
  form: { key: "notOffline" | "sendNetwork" | "sendRateLimited" | "sendFailed" | "checkFields" } | { text: string };
}

/** `shown`: the fields the form has; the server's words for any other are shown form-wide. */
export function sendFailure(error: unknown, shown: readonly OfflineField[]): SendFailure {
  if (isRateLimited(error)) return { fields: {}, form: { key: "sendRateLimited" } };
  if (!(error instanceof ApiError)) return { fields: {}, form: { key: "sendFailed" } };
  if (error.code === "network") return { fields: {}, form: { key: "sendNetwork" } };
  if (error.code === "not_offline") return { fields: {}, form: { key: "notOffline" } };
  if (error.code !== "invalid_form") return { fields: {}, form: { key: "sendFailed" } };
  const given = (typeof error.facts.fields === "object" && error.facts.fields) || {};
  const fields: SendFailure["fields"] = {};
  let unplaced = false;
  for (const [field, message] of Object.entries(given)) {
    if ((shown as readonly string[]).includes(field) && typeof message === "string") fields[field as OfflineField] = message;
    else unplaced = true;
  }
  // A problem the form has no field for (its id, a field it does not ask) is told in the server's words.
  return { fields, form: unplaced || Object.keys(fields).length === 0 ? { text: error.message } : { key: "checkFields" } };
}

/**
 * What the confirmation shows, or null while the form is still to be sent: the address the
 * visitor just gave; after a reload (the view says it was sent), the one this browser remembers,
 * else the one the view knows, else none.
 */
export function confirmation(view: ConversationView | null, sentTo: string | null, remembered: string | null = null): { email: string | null } | null {
  if (sentTo !== null) return { email: sentTo };
  if (!view?.offlineSubmitted) return null;
  return { email: remembered || view.offlinePrefill?.email || null };
}
