// The offline form's validation, pure: a submission as sent (any JSON) against the fields the Live
// chat step asks for. Problems are facts per field (`required`, `invalid`, `too_long`); the
// conversation words them in its language (`fieldMessages`).
import type { OfflineFormConfig, OfflineFormField } from "@raibu/protocol/flow";
import type { Lang } from "@raibu/protocol/lang";
import { OFFLINE_MESSAGE_MAX, OFFLINE_NAME_MAX, OFFLINE_PHONE_MAX, OfflineSubmissionSchema, type OfflineSubmission } from "@raibu/protocol/offline";
import { translate } from "../lib/i18n";

export type FieldProblem = "required" | "invalid" | "too_long";
/** Problems by field: the form's four, and `id` for a submission without a usable id (a widget bug, not the visitor's). */
export type FormProblems = Partial<Record<OfflineFormField | "id", FieldProblem>>;

export type FormCheck = { ok: true; submission: OfflineSubmission } | { ok: false; problems: FormProblems };

const FORM_FIELDS = ["name", "email", "phone", "message"] as const satisfies readonly OfflineFormField[];

/**
 * Checks the submission's shape (protocol/offline.ts), then the step's required fields; email is
 * always required. A field the step does not ask is dropped, whatever was sent in it.
 */
export function checkSubmission(raw: unknown, form: OfflineFormConfig): FormCheck {
  const problems: FormProblems = {};
  const body: Record<string, unknown> = typeof raw === "object" && raw !== null ? { ...raw } : {};
  for (const field of ["name", "phone", "message"] as const) if (!form.fields[field].ask) delete body[field];
  const parsed = OfflineSubmissionSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field !== "id" && !FORM_FIELDS.includes(field as OfflineFormField)) continue;
      const key = field as OfflineFormField | "id";
      problems[key] ??= issue.code === "too_big" ? "too_long" : isBlank(body[key]) ? "required" : "invalid";
    }
  }
  const values = parsed.success ? parsed.data : null;
  for (const field of FORM_FIELDS) {
    const required = field === "email" || (form.fields[field].ask && form.fields[field].required);
    if (required && isBlank(values ? values[field] : body[field])) problems[field] ??= "required";
  }
  if (!values || Object.keys(problems).length > 0) return { ok: false, problems };
  return { ok: true, submission: { id: values.id, email: values.email, name: values.name, phone: values.phone, message: values.message } };
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

const LIMITS: Record<OfflineFormField, number> = { name: OFFLINE_NAME_MAX, email: 254, phone: OFFLINE_PHONE_MAX, message: OFFLINE_MESSAGE_MAX };

/** The visitor reads each problem in the conversation's language. */
export function fieldMessages(problems: FormProblems, lang: Lang): Partial<Record<OfflineFormField | "id", string>> {
  const words: Partial<Record<OfflineFormField | "id", string>> = {};
  for (const [field, problem] of Object.entries(problems) as [OfflineFormField | "id", FieldProblem][]) {
    if (problem === "required") words[field] = translate(lang, "offline.form.required");
    else if (problem === "too_long" && field !== "id") words[field] = translate(lang, "offline.form.tooLong", { max: LIMITS[field] });
    else if (field === "email") words[field] = translate(lang, "offline.form.invalidEmail");
    else if (field === "phone") words[field] = translate(lang, "offline.form.invalidPhone");
    else words[field] = translate(lang, "offline.form.invalid");
  }
  return words;
}
