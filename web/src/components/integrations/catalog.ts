// The lists of protocol/integrations.ts the page needs at run time, copied as plain constants: that
// module builds its schemas with @hono/zod-openapi, which would weigh more than the whole page.
// The types below fail to compile if a list drifts; web/test/integrations.test.ts compares values.
import type { CrmProvider, WebhookEvent } from "@raibu/protocol/integrations";
import type { MAPPABLE_FIELDS as ProtocolMappable } from "@raibu/protocol/integrations";

export const EVENTS = [
  "contact.created",
  "contact.updated",
  "contact.deleted",
  "conversation.closed",
  "offline_message.received",
  "appointment.booked",
  "appointment.cancelled",
] as const satisfies readonly WebhookEvent[];

export const PROVIDERS = ["hubspot", "pipedrive"] as const satisfies readonly CrmProvider[];

type MappableField = (typeof ProtocolMappable)[number];

/**
 * The keys a mapping row may take besides `custom.<key>`: the contact's fields, and the name's two
 * halves, which the server accepts too (HubSpot keeps first and last names apart; see
 * worker/src/integrations/crm/adapter.ts, NAME_PARTS).
 */
export const ROW_FIELDS = ["name", "firstName", "lastName", "email", "phone", "company", "jobTitle", "website", "address", "city", "country"] as const satisfies readonly (MappableField | "firstName" | "lastName")[];
export type RowField = (typeof ROW_FIELDS)[number];

/** Where each provider explains how to get a token. */
export const TOKEN_DOCS: Record<CrmProvider, string> = {
  hubspot: "https://developers.hubspot.com/docs/api/private-apps",
  pipedrive: "https://pipedrive.readme.io/docs/how-to-find-the-api-token",
};

// Every member of the protocol's unions is in the lists (the `satisfies` above checks the converse).
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const complete: [Missing<WebhookEvent, (typeof EVENTS)[number]>, Missing<CrmProvider, (typeof PROVIDERS)[number]>, Missing<MappableField, RowField>] = [true, true, true];
void complete;
