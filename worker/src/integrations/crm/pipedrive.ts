// Pipedrive through a user's API token (the `x-api-token` header), API v2 persons: the person is
// looked up by email (`GET /api/v2/persons/search?fields=email&exact_match=true`), then patched
// (`PATCH /api/v2/persons/:id`) or added (`POST /api/v2/persons`). `name`, `emails` and `phones`
// are a person's own fields; any other mapped property is a person custom field's key, sent in
// `custom_fields` (the company goes to such a field: Raibu makes no organizations).
import type { CrmAdapter, CrmContact, CrmMapping, CrmPushResult } from "./adapter";
import { CRM_REQUEST_TIMEOUT_MS, failureOf, mappedValues, unreachable } from "./adapter";

export const PIPEDRIVE_API = "https://api.pipedrive.com";

/** A person's own fields; the company has no default (map it to a person custom field's key). */
export const PIPEDRIVE_DEFAULT_MAPPING: CrmMapping = { name: "name", email: "emails", phone: "phones" };

const NATIVE = new Set(["name", "emails", "phones"]);

/** Pipedrive's error body: `{ success: false, error, error_info }`. */
const messageOf = (body: any) => body?.error ?? body?.error_info;

/** The person's body for add or update. The email is only sent when adding: it matched, and a patch would replace their other emails. */
export function personBody(contact: CrmContact & { email: string }, mapping: CrmMapping, adding: boolean) {
  const values = mappedValues(contact, mapping);
  const body: Record<string, unknown> = {};
  const custom: Record<string, string> = {};
  for (const [property, value] of Object.entries(values)) {
    if (property === "name") body.name = value;
    else if (property === "phones") body.phones = [{ value, primary: true, label: "work" }];
    else if (!NATIVE.has(property)) custom[property] = value;
  }
  if (adding) {
    body.emails = [{ value: contact.email, primary: true, label: "work" }];
    // Pipedrive requires a name to add a person.
    body.name ??= contact.email;
  }
  if (Object.keys(custom).length) body.custom_fields = custom;
  return body;
}

export function pipedriveAdapter(token: string): CrmAdapter {
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${PIPEDRIVE_API}${path}`, {
      method,
      headers: { "x-api-token": token, Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CRM_REQUEST_TIMEOUT_MS),
    });

  async function upsertByEmail(contact: CrmContact & { email: string }, mapping: CrmMapping): Promise<CrmPushResult> {
    try {
      const query = new URLSearchParams({ term: contact.email, fields: "email", exact_match: "true", limit: "1" });
      const found = await call("GET", `/api/v2/persons/search?${query}`);
      if (!found.ok) return failureOf(found, messageOf);
      const items = ((await found.json()) as { data?: { items?: Array<{ item?: { id?: number } }> } }).data?.items ?? [];
      const id = items[0]?.item?.id;
      const res =
        id === undefined
          ? await call("POST", "/api/v2/persons", personBody(contact, mapping, true))
          : await call("PATCH", `/api/v2/persons/${id}`, personBody(contact, mapping, false));
      if (!res.ok) return failureOf(res, messageOf);
      const person = ((await res.json()) as { data?: { id?: number } }).data;
      return { ok: true, remoteId: String(person?.id ?? id), created: id === undefined, status: res.status };
    } catch (error) {
      return unreachable(error);
    }
  }

  return {
    provider: "pipedrive",
    async testConnection() {
      try {
        const res = await call("GET", "/api/v1/users/me");
        return res.ok ? { ok: true } : failureOf(res, messageOf);
      } catch (error) {
        return unreachable(error);
      }
    },
    upsertByEmail,
  };
}
