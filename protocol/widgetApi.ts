// HTTP shapes of the widget's API: a chat interface as the widget sees it, the visitor's session,
// and the host site's proof of who the visitor is. The Worker validates with the schemas; the widget
// and the console import the types.
import { z } from "@hono/zod-openapi";
import { EmailSchema, LocaleSchema } from "./fields";
import { BusinessHoursSchema } from "./businessHours";

export const InterfaceAppearanceSchema = z.object({
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/).default("#2563eb"),
  title: z.string().max(60).default(""),
  welcome: z.string().max(500).default(""),
  launcherLabel: z.string().max(40).default(""),
  position: z.enum(["right", "left"]).default("right"),
  showAgentAvatar: z.boolean().default(true),
});

/** What an interface stores beside its flow (live chat, video and the timeout are the flow's Live chat step). */
export const InterfaceSettingsSchema = z.object({
  appearance: InterfaceAppearanceSchema.default(InterfaceAppearanceSchema.parse({})),
  /** Weekly hours in the workspace's time zone (protocol/businessHours.ts); off by default. */
  businessHours: BusinessHoursSchema.default(BusinessHoursSchema.parse({})),
});
export type InterfaceSettings = z.infer<typeof InterfaceSettingsSchema>;

export const WidgetConfigSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    language: LocaleSchema,
    settings: InterfaceSettingsSchema,
  })
  .openapi("WidgetConfig");
export type WidgetConfig = z.infer<typeof WidgetConfigSchema>;

export const WidgetPageSchema = z.object({
  url: z.string().max(2000),
  title: z.string().max(300).default(""),
  referrer: z.string().max(2000).default(""),
});

export const WidgetSessionBodySchema = z
  .object({
    interfaceId: z.string().min(1).max(64),
    visitorToken: z.string().max(2000).optional(),
    hostOrigin: z.string().max(300),
    page: WidgetPageSchema,
    language: z.string().max(35).default(""),
    timeZone: z.string().max(64).default(""),
  })
  .openapi("WidgetSessionBody");

export const WidgetSessionSchema = z
  .object({
    visitorToken: z.string(),
    visitorId: z.string(),
    visitorName: z.string(),
    /** The visitor's open conversation; null until they open the chat (a page view starts none). */
    conversationId: z.string().nullable(),
    /** How many of the visitor's conversations are closed: the widget offers their history when there are some. */
    pastConversations: z.number().int(),
    config: WidgetConfigSchema,
  })
  .openapi("WidgetSession");
export type WidgetSession = z.infer<typeof WidgetSessionSchema>;

/** The host site's proof of who the visitor is: an identity token (JWT), or the user-id HMAC of older integrations. */
export const IdentityTokenBodySchema = z
  .object({
    token: z.string().min(1).max(4096).openapi({ description: "A JWT signed HS256 with the interface's identity secret: sub, exp, and optionally email and name." }),
  })
  .openapi("IdentityTokenBody");

export const IdentityHashBodySchema = z
  .object({
    userId: z.string().min(1).max(200),
    hash: z.string().regex(/^[0-9a-f]{64}$/, { error: "hash must be the hex HMAC-SHA256 of the user id." }),
    /** Shown, but not verified: the hash covers the user id only. */
    name: z.string().trim().max(120).optional(),
    email: EmailSchema.optional(),
  })
  .openapi("IdentityHashBody");

export const IdentifyBodySchema = z.union([IdentityTokenBodySchema, IdentityHashBodySchema]).openapi("IdentifyBody");

/** Which of a visitor's fields the host site's proof vouches for. */
export const VerifiedFieldSchema = z.enum(["userId", "email", "name"]).openapi("VerifiedField");
export type VerifiedField = z.infer<typeof VerifiedFieldSchema>;

export const IdentifyAnswerSchema = z
  .object({ visitorName: z.string(), verifiedFields: z.array(VerifiedFieldSchema) })
  .openapi("IdentifyAnswer");
