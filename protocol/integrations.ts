// Settings → Integrations: signed webhooks (endpoints, the events they hear, the delivery log) and
// CRM connections (HubSpot, Pipedrive: token, field mapping, "Sync now"). Secrets go in, never out.
import { z } from "@hono/zod-openapi";

export const WEBHOOK_EVENTS = [
  "contact.created",
  "contact.updated",
  "contact.deleted",
  "conversation.closed",
  "offline_message.received",
  "appointment.booked",
  "appointment.cancelled",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Deliveries in a row that finally failed before an endpoint is paused. */
export const WEBHOOK_PAUSE_AFTER = 5;

/** The header names of a delivery: `Raibu-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = "Raibu-Signature";
export const EVENT_HEADER = "Raibu-Event";
export const DELIVERY_HEADER = "Raibu-Delivery";

export const WebhookEndpointBodySchema = z
  .object({
    url: z.url({ protocol: /^https$/, error: "Use an https:// address." }).max(2000),
    events: z.array(z.enum(WEBHOOK_EVENTS)).min(1, { error: "Pick at least one event." }),
  })
  .openapi("WebhookEndpointBody");

export const WebhookEndpointSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    status: z.enum(["active", "paused"]),
    consecutiveFailures: z.number().int(),
    pausedAt: z.number().nullable(),
    createdAt: z.number(),
  })
  .openapi("WebhookEndpoint");
export type WebhookEndpoint = z.infer<typeof WebhookEndpointSchema>;

/** Once, when the endpoint is made: the signing secret (never shown again). */
export const WebhookEndpointCreatedSchema = WebhookEndpointSchema.extend({ secret: z.string() }).openapi("WebhookEndpointCreated");

export const DeliverySchema = z
  .object({
    id: z.string(),
    event: z.string(),
    eventId: z.string(),
    status: z.enum(["queued", "delivered", "failed"]),
    attempts: z.number().int(),
    responseCode: z.number().int().nullable(),
    durationMs: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.number(),
    deliveredAt: z.number().nullable(),
  })
  .openapi("Delivery");
export type Delivery = z.infer<typeof DeliverySchema>;

export const CRM_PROVIDERS = ["hubspot", "pipedrive"] as const;
export type CrmProvider = (typeof CRM_PROVIDERS)[number];

/** Raibu's contact fields a mapping may send (custom fields as `custom.<key>`). */
export const MAPPABLE_FIELDS = ["name", "email", "phone", "company", "jobTitle", "website", "address", "city", "country"] as const;

export const IntegrationBodySchema = z
  .object({
    /** The CRM's private-app / API token; write-only. */
    token: z.string().trim().min(8).max(500).optional(),
    /** Raibu field (or `custom.<key>`) → the CRM's property name. */
    mapping: z.record(z.string().max(80), z.string().min(1).max(80)).optional(),
    enabled: z.boolean().optional(),
  })
  .openapi("IntegrationBody");

export const IntegrationSchema = z
  .object({
    provider: z.enum(CRM_PROVIDERS),
    connected: z.boolean(),
    enabled: z.boolean(),
    /** The provider answered 401 to the stored token: the console asks for a new one (nothing syncs until then). */
    tokenRejected: z.boolean(),
    mapping: z.record(z.string(), z.string()),
    sync: z.object({
      total: z.number().int(),
      done: z.number().int(),
      failed: z.number().int(),
      startedAt: z.number().nullable(),
      finishedAt: z.number().nullable(),
    }),
  })
  .openapi("Integration");
export type Integration = z.infer<typeof IntegrationSchema>;

/** `GET /api/integrations/:provider/errors`: a contact whose last push to the CRM failed, with the provider's message. */
export const CrmErrorSchema = z
  .object({
    contactId: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    error: z.string(),
    at: z.number(),
  })
  .openapi("CrmError");
export type CrmError = z.infer<typeof CrmErrorSchema>;

export const CrmErrorPageSchema = z
  .object({ errors: z.array(CrmErrorSchema), nextCursor: z.string().nullable() })
  .openapi("CrmErrorPage");
export type CrmErrorPage = z.infer<typeof CrmErrorPageSchema>;
