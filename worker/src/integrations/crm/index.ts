// CRM sync's door for the delivery queue: a contact.created / contact.updated delivery to a CRM
// connection pushes that contact's current fields there (matched by email), and says how it went
// in the delivery log's terms.
import type { Env } from "../../env";
import type { AttemptResult, DeliveryRow } from "../events";
import { PROVIDERS } from "./providers";
import { findContact, NO_EMAIL, openConnection, pushContact } from "./push";

export { PROVIDERS } from "./providers";
export { handleCrmSyncBatch, type CrmSyncJob } from "./sync";

/** Where a delivery's payload names its contact: `data.contact.id`, or `data.id`/`data.contactId`. */
function contactIdOf(payload: string): string | null {
  try {
    const data = (JSON.parse(payload) as { data?: { id?: unknown; contactId?: unknown; contact?: { id?: unknown } } }).data;
    const id = data?.contact?.id ?? data?.contactId ?? data?.id;
    return typeof id === "string" ? id : null;
  } catch {
    return null;
  }
}

/**
 * One attempt at a CRM delivery. The contact is read from D1 at send time, so a retried delivery
 * sends the latest fields. `retry: false` when trying again cannot help; `retryAfterSeconds` when
 * the provider said how long to wait (a 429's Retry-After).
 */
export async function deliverToCrm(env: Env, delivery: DeliveryRow): Promise<AttemptResult & { retryAfterSeconds?: number }> {
  const connection = await openConnection(env, delivery.targetId);
  if (!connection || connection.row.workspaceId !== delivery.workspaceId) return { ok: false, retry: false, responseCode: null, error: "The CRM connection was removed." };
  const label = PROVIDERS[connection.row.provider].label;
  if (!connection.row.enabled) return { ok: false, retry: false, responseCode: null, error: `The ${label} connection is turned off.` };
  if (connection.row.tokenRejectedAt !== null) return { ok: false, retry: false, responseCode: 401, error: `${label} rejected the token; connect again with a new one.` };

  const contactId = contactIdOf(delivery.payload);
  const contact = contactId ? await findContact(env, delivery.workspaceId, contactId) : null;
  if (!contact) return { ok: false, retry: false, responseCode: null, error: "The contact no longer exists." };

  const outcome = await pushContact(env, connection, contact);
  switch (outcome.status) {
    case "synced":
      return { ok: true, responseCode: outcome.responseCode, error: null };
    case "skipped":
      return { ok: false, retry: false, responseCode: null, error: NO_EMAIL };
    case "failed":
      return { ok: false, retry: false, responseCode: outcome.responseCode, error: outcome.message };
    case "connection": {
      const { failure } = outcome;
      if (failure.kind === "unauthorized") return { ok: false, retry: false, responseCode: failure.status, error: `${label} rejected the token: ${failure.message}` };
      return { ok: false, responseCode: failure.status, error: failure.message, ...(failure.retryAfterSeconds ? { retryAfterSeconds: failure.retryAfterSeconds } : {}) };
    }
  }
}
