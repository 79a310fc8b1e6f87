// HubSpot through a private app's access token (Bearer), CRM v3 contacts API: a contact is updated
// by email (`PATCH /crm/v3/objects/contacts/<email>?idProperty=email`) and created when HubSpot
// answers 404. Scopes: crm.objects.contacts.read and crm.objects.contacts.write.
import type { CrmAdapter, CrmContact, CrmMapping, CrmPushResult } from "./adapter";
import { CRM_REQUEST_TIMEOUT_MS, failureOf, mappedValues, unreachable } from "./adapter";

export const HUBSPOT_API = "https://api.hubapi.com";

/** HubSpot's default contact properties (internal names). */
export const HUBSPOT_DEFAULT_MAPPING: CrmMapping = {
  email: "email",
  firstName: "firstname",
  lastName: "lastname",
  phone: "phone",
  company: "company",
  jobTitle: "jobtitle",
  website: "website",
  address: "address",
  city: "city",
  country: "country",
};

/** HubSpot's error body: `{ status: "error", message, category, correlationId }`. */
const messageOf = (body: any) => body?.message;

export function hubspotAdapter(token: string): CrmAdapter {
  const call = async (method: string, path: string, body?: unknown) =>
    fetch(`${HUBSPOT_API}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CRM_REQUEST_TIMEOUT_MS),
    });

  const update = (email: string, properties: Record<string, string>) =>
    call("PATCH", `/crm/v3/objects/contacts/${encodeURIComponent(email)}?idProperty=email`, { properties });

  async function upsertByEmail(contact: CrmContact & { email: string }, mapping: CrmMapping): Promise<CrmPushResult> {
    // The email is how both sides know the person: it is always sent, whatever the mapping says.
    const properties = { ...mappedValues(contact, mapping), email: contact.email };
    try {
      let res = await update(contact.email, properties);
      if (res.status === 404) {
        res = await call("POST", "/crm/v3/objects/contacts", { properties });
        // Made by someone else between our two calls: it exists now, so update it.
        if (res.status === 409) res = await update(contact.email, properties);
        else if (res.ok) return { ok: true, remoteId: String(((await res.json()) as { id: string }).id), created: true, status: res.status };
      }
      if (!res.ok) return failureOf(res, messageOf);
      return { ok: true, remoteId: String(((await res.json()) as { id: string }).id), created: false, status: res.status };
    } catch (error) {
      return unreachable(error);
    }
  }

  return {
    provider: "hubspot",
    async testConnection() {
      try {
        const res = await call("GET", "/crm/v3/objects/contacts?limit=1");
        return res.ok ? { ok: true } : failureOf(res, messageOf);
      } catch (error) {
        return unreachable(error);
      }
    },
    upsertByEmail,
  };
}
