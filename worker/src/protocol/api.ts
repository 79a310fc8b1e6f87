// HTTP request and response shapes of the agent API. The console imports the types;
// the Worker validates with the schemas and publishes them as OpenAPI.
import { z } from "@hono/zod-openapi";

export const RoleSchema = z.enum(["owner", "admin", "agent"]).openapi("Role");
export const AvailabilitySchema = z.enum(["online", "away"]).openapi("Availability");
export const LocaleSchema = z.enum(["en", "fr"]).openapi("Locale");

export const EmailSchema = z.string().trim().toLowerCase().pipe(z.email({ error: "Enter a valid email address." }).max(254));
export const PasswordSchema = z
  .string()
  .min(10, { error: "Use at least 10 characters." })
  .max(200, { error: "Use at most 200 characters." });
export const NameSchema = z.string().trim().min(1, { error: "Enter a name." }).max(80);
export const IdParamSchema = z.object({ id: z.string().min(1).max(64) });

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi("Error");

export const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    availability: AvailabilitySchema,
    locale: LocaleSchema.nullable(),
    workspace: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
    mailMode: z.enum(["resend", "dev_outbox"]),
  })
  .openapi("Me");
export type Me = z.infer<typeof MeSchema>;

export const LoginBodySchema = z
  .object({ email: EmailSchema, password: z.string().min(1).max(200) })
  .openapi("LoginBody");

export const UpdateMeBodySchema = z
  .object({ name: NameSchema.optional(), availability: AvailabilitySchema.optional(), locale: LocaleSchema.optional() })
  .openapi("UpdateMeBody");

export const TeamMemberSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: RoleSchema, availability: AvailabilitySchema, createdAt: z.number() })
  .openapi("TeamMember");
export type TeamMember = z.infer<typeof TeamMemberSchema>;

export const InviteSchema = z
  .object({ id: z.string(), email: z.string(), role: RoleSchema, expiresAt: z.number(), createdAt: z.number() })
  .openapi("Invite");
export type Invite = z.infer<typeof InviteSchema>;

export const CreateInviteBodySchema = z
  .object({ email: EmailSchema, role: z.enum(["admin", "agent"]).default("agent"), locale: LocaleSchema.default("en") })
  .openapi("CreateInviteBody");

export const UpdateMemberBodySchema = z.object({ role: z.enum(["admin", "agent"]) }).openapi("UpdateMemberBody");

export const TokenBodySchema = z.object({ token: z.string().min(20).max(200) });
export const InvitePreviewSchema = z
  .object({ email: z.string(), workspaceName: z.string(), role: RoleSchema })
  .openapi("InvitePreview");
export const AcceptInviteBodySchema = TokenBodySchema.extend({ name: NameSchema, password: PasswordSchema }).openapi("AcceptInviteBody");
export const ResetRequestBodySchema = z.object({ email: EmailSchema, locale: LocaleSchema.optional() }).openapi("ResetRequestBody");
export const ResetConfirmBodySchema = TokenBodySchema.extend({ password: PasswordSchema }).openapi("ResetConfirmBody");

export const SetupBodySchema = z
  .object({
    setupToken: z.string().min(1).max(500),
    workspaceName: NameSchema,
    name: NameSchema,
    email: EmailSchema,
    password: PasswordSchema,
  })
  .openapi("SetupBody");

export const OutboxEmailSchema = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
    status: z.enum(["queued", "sent", "dev_outbox", "failed"]),
    attempts: z.number(),
    lastError: z.string().nullable(),
    createdAt: z.number(),
  })
  .openapi("OutboxEmail");
export type OutboxEmail = z.infer<typeof OutboxEmailSchema>;

export const OkSchema = z.object({ ok: z.literal(true) }).openapi("Ok");

/** Standard error responses, for the OpenAPI document. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 429>) {
  return Object.fromEntries(
    statuses.map((status) => [status, { description: "Error", content: { "application/json": { schema: ErrorSchema } } }]),
  ) as Record<number, { description: string; content: { "application/json": { schema: typeof ErrorSchema } } }>;
}

export function jsonContent<T extends z.ZodType>(schema: T, description = "OK") {
  return { description, content: { "application/json": { schema } } };
}

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { "application/json": { schema } }, required: true } };
}
