// HTTP request and response shapes of the agent API. The console imports the types;
// the Worker validates with the schemas and publishes them as OpenAPI.
import { z } from "@hono/zod-openapi";
import { getDomain } from "tldts";
import { BusinessHoursSchema, TimeZoneSchema } from "./businessHours";
import { EmailSchema, LocaleSchema } from "./fields";
import { FlowSchema, OfflineFormSchema, RequestOfferSchema } from "./flow";
import { isEverywhereWildcard, ORIGIN_PATTERN } from "./originPattern";
import { InterfaceAppearanceSchema, InterfaceSettingsSchema, WidgetPageSchema, VerifiedFieldSchema } from "./widgetApi";

export { EmailSchema, LocaleSchema };

export const RoleSchema = z.enum(["owner", "admin", "agent"]).openapi("Role");
export const AvailabilitySchema = z.enum(["online", "away"]).openapi("Availability");

export const PasswordSchema = z
  .string()
  .min(10, { error: "Use at least 10 characters." })
  .max(200, { error: "Use at most 200 characters." });
export const NameSchema = z.string().trim().min(1, { error: "Enter a name." }).max(80);
export const IdParamSchema = z.object({ id: z.string().min(1).max(64) });

/**
 * Every error: a code to branch on, an English message for logs, and the facts a front end
 * needs to say it in the reader's language (never parsed out of the message).
 */
export const ErrorSchema = z
  .object({
    error: z
      .object({
        code: z.string(),
        message: z.string(),
        assignee: z.object({ id: z.string(), name: z.string() }).optional().openapi({ description: "already_taken: who holds the conversation" }),
        retryAfterMs: z.number().optional().openapi({ description: "rate_limited: how long to wait" }),
      })
      .catchall(z.unknown()),
  })
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
    mailMode: z.enum(["resend", "dev_outbox", "not_configured"]),
  })
  .openapi("Me");
export type Me = z.infer<typeof MeSchema>;

export const WorkspaceSchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string() }).openapi("Workspace");
export type Workspace = z.infer<typeof WorkspaceSchema>;

/** The team's time zone: business hours and the dashboard's days are read in it. */
export const UpdateWorkspaceBodySchema = z.object({ timeZone: TimeZoneSchema }).openapi("UpdateWorkspaceBody");

export const LoginBodySchema = z
  .object({ email: EmailSchema, password: z.string().min(1).max(200) })
  .openapi("LoginBody");

export const UpdateMeBodySchema = z
  .object({ name: NameSchema.optional(), availability: AvailabilitySchema.optional(), locale: LocaleSchema.optional() })
  .openapi("UpdateMeBody");

/** Which sounds the console plays, per kind; browser notifications follow the browser's own permission. */
export const SoundPreferencesSchema = z.strictObject({
  /** A visitor asks for a live or video chat. */
  request: z.boolean(),
  /** A visitor writes in a conversation assigned to me while I look elsewhere. */
  message: z.boolean(),
  /** A colleague hands a conversation to me. */
  transfer: z.boolean(),
});

/** The agent's own console settings (`users.preferences`); what was never saved reads as the default. */
export const AgentPreferencesSchema = z.strictObject({ sounds: SoundPreferencesSchema }).openapi("AgentPreferences");
export type AgentPreferences = z.infer<typeof AgentPreferencesSchema>;
export const DEFAULT_PREFERENCES: AgentPreferences = { sounds: { request: true, message: true, transfer: true } };

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
    /** Where the visitor's answer goes (an offline thread's reply+<token> address); null for the other emails. */
    replyTo: z.string().nullable(),
    /** Files sent with it (an appointment's .ics), content in base64. */
    attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), content: z.string() })),
    createdAt: z.number(),
  })
  .openapi("OutboxEmail");
export type OutboxEmail = z.infer<typeof OutboxEmailSchema>;

export const OkSchema = z.object({ ok: z.literal(true) }).openapi("Ok");

/** Standard error responses, for the OpenAPI document. */
export function errorResponses(...statuses: Array<400 | 401 | 403 | 404 | 409 | 413 | 429 | 503>) {
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

// ---- Conversations, visitors, contacts and notes, as agents see them ----

export const ConversationSummarySchema = z
  .object({
    id: z.string(),
    interfaceId: z.string(),
    visitorId: z.string(),
    visitorName: z.string(),
    visitorEmail: z.string().nullable(),
    status: z.enum(["bot", "requested", "live", "offline_form", "closed"]),
    requestKind: z.enum(["live", "video"]).nullable(),
    assigneeId: z.string().nullable(),
    lastMessageAt: z.number().nullable(),
    lastMessagePreview: z.string().nullable(),
    createdAt: z.number(),
  })
  .openapi("ConversationSummary");
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>;

export const ConversationListQuerySchema = z.object({
  status: z.enum(["bot", "requested", "live", "offline_form", "closed"]).optional(),
  interface: z.string().max(64).optional(),
  assignee: z.enum(["me", "unassigned"]).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const TransferBodySchema = z.object({ userId: z.string().min(1).max(64) }).openapi("TransferBody");
/** « Assign to me », optional: an admin taking a colleague's conversation over names that colleague (they are told). */
export const AssignBodySchema = z.object({ takeOverFrom: z.string().min(1).max(64).optional() }).strict().openapi("AssignBody");

export const ContactFieldsSchema = z
  .object({
    name: z.string().trim().max(120).nullable().default(null),
    email: z.union([EmailSchema, z.literal("")]).nullable().default(null),
    phone: z.string().trim().max(40).nullable().default(null),
    company: z.string().trim().max(120).nullable().default(null),
    jobTitle: z.string().trim().max(120).nullable().default(null),
    website: z.string().trim().max(300).nullable().default(null),
    address: z.string().trim().max(300).nullable().default(null),
    city: z.string().trim().max(120).nullable().default(null),
    country: z.string().trim().max(120).nullable().default(null),
    customFields: z.record(z.string().trim().min(1).max(60), z.string().max(500)).default({}),
  })
  .openapi("ContactFields");
export type ContactFields = z.infer<typeof ContactFieldsSchema>;

export const ContactSchema = ContactFieldsSchema.extend({
  id: z.string(),
  visitorId: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
}).openapi("Contact");
export type Contact = z.infer<typeof ContactSchema>;

export const NoteSchema = z
  .object({
    id: z.string(),
    visitorId: z.string(),
    body: z.string(),
    author: z.object({ id: z.string(), name: z.string() }),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi("Note");
export type Note = z.infer<typeof NoteSchema>;

export const NoteBodySchema = z
  .object({ body: z.string().trim().min(1, { error: "Write something first." }).max(2000) })
  .openapi("NoteBody");

export const VisitorSchema = z
  .object({
    id: z.string(),
    number: z.number(),
    displayName: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    /** Answers the bot collected into custom fields (question steps). */
    customFields: z.record(z.string(), z.string()),
    /** True once the host site verified the visitor's user id. */
    verified: z.boolean(),
    /** The host site's user id, when verified. */
    userId: z.string().nullable(),
    /** Exactly the fields the host site's proof vouches for, as they are now: an agent's edit of the name or email un-verifies it. */
    verifiedFields: z.array(VerifiedFieldSchema),
    /** How the identity was verified: an identity token (JWT) or the user-id HMAC. */
    identityMethod: z.enum(["jwt", "hmac"]).nullable(),
    interfaceId: z.string(),
    context: z.record(z.string(), z.string()),
    firstSeenAt: z.number(),
    lastSeenAt: z.number(),
  })
  .openapi("Visitor");
export type Visitor = z.infer<typeof VisitorSchema>;

export const VisitorDetailSchema = z
  .object({ visitor: VisitorSchema, contact: ContactSchema.nullable(), notes: z.array(NoteSchema) })
  .openapi("VisitorDetail");
export type VisitorDetail = z.infer<typeof VisitorDetailSchema>;

export const InterfaceSummarySchema = z.object({ id: z.string(), name: z.string(), language: LocaleSchema }).openapi("InterfaceSummary");

export const ConversationViewSchema = z
  .object({
    id: z.string(),
    status: z.enum(["bot", "requested", "live", "offline_form", "closed"]),
    requestKind: z.enum(["live", "video"]).nullable(),
    requestedAt: z.number().nullable(),
    requestDeadline: z.number().nullable(),
    assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
    lastSeq: z.number(),
    visitorReadSeq: z.number(),
    agentReadSeq: z.number(),
    page: WidgetPageSchema.nullable(),
    call: z.object({ callId: z.string(), url: z.string(), agentUrl: z.string().optional() }).nullable(),
    prompt: z.object({ kind: z.enum(["buttons", "question", "live_chat", "appointment"]), stepId: z.string() }).passthrough().nullable(),
    requestOffer: RequestOfferSchema.nullable(),
    waitingText: z.string(),
    offlineForm: OfflineFormSchema.nullable(),
    flowVersion: z.number().nullable(),
    rating: z.object({ score: z.number().int(), comment: z.string(), ratedAt: z.number() }).nullable(),
  })
  .openapi("ConversationView");

// ---- Chat interfaces and their flows, as admins edit them ----

/**
 * Whether an allowed-origin pattern's wildcard covers far more than one site: everywhere, a
 * top-level domain, or any public suffix of the Public Suffix List (`*.co.uk`, `*.github.io`).
 */
export function originTooBroad(pattern: string): boolean {
  if (isEverywhereWildcard(pattern)) return true;
  const match = /^https?:\/\/\*\.([^:/]+)/.exec(pattern.trim().toLowerCase());
  return match !== null && getDomain(match[1]!, { allowPrivateDomains: true }) === null;
}

/**
 * An allowed origin: an exact origin, a port wildcard (`http://localhost:*`) or a subdomain
 * wildcard under a registrable domain (`https://*.acme.com`). An over-broad one is refused with
 * its own code, `origin_too_broad`, and the pattern as a fact.
 */
export const OriginPatternSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    if (originTooBroad(value)) {
      ctx.addIssue({
        code: "custom",
        message: `${value} would let almost any website embed this chat; name your own domain, like https://*.acme.com.`,
        params: { code: "origin_too_broad", facts: { origin: value } },
      });
    } else if (!ORIGIN_PATTERN.test(value)) {
      ctx.addIssue({ code: "custom", message: "Origins look like https://acme.com, https://*.acme.com or http://localhost:*." });
    }
  });

export const ChatInterfaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    language: LocaleSchema,
    allowedOrigins: z.array(z.string()),
    identitySecret: z.string(),
    settings: InterfaceSettingsSchema,
    publishedVersion: z.number().nullable(),
    createdAt: z.number(),
  })
  .openapi("ChatInterface");
export type ChatInterfaceDetail = z.infer<typeof ChatInterfaceSchema>;

export const CreateInterfaceBodySchema = z
  .object({
    name: NameSchema,
    language: LocaleSchema.default("en"),
    allowedOrigins: z.array(OriginPatternSchema).max(20).default([]),
  })
  .openapi("CreateInterfaceBody");

export const UpdateInterfaceBodySchema = z
  .object({
    name: NameSchema.optional(),
    language: LocaleSchema.optional(),
    allowedOrigins: z.array(OriginPatternSchema).max(20).optional(),
    appearance: InterfaceAppearanceSchema.optional(),
    businessHours: BusinessHoursSchema.optional(),
  })
  .openapi("UpdateInterfaceBody");

export const FlowProblemSchema = z.object({
  code: z.enum(["no_start", "duplicate_id", "dangling_link", "unreachable", "live_chat_missing"]),
  stepId: z.string().nullable(),
  target: z.string().optional(),
  message: z.string(),
});

/** The interface's flow as the editor sees it: the draft, what is published, and what stops the draft from publishing. */
export const FlowDocumentSchema = z
  .object({
    draft: FlowSchema,
    draftUpdatedAt: z.number().nullable(),
    published: z.object({ version: z.number(), publishedAt: z.number(), publishedBy: z.string().nullable() }).nullable(),
    /** True when the draft differs from the published version. */
    unpublishedChanges: z.boolean(),
    problems: z.array(FlowProblemSchema),
  })
  .openapi("FlowDocument");
export type FlowDocument = z.infer<typeof FlowDocumentSchema>;
