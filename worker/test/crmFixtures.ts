// CRM tests' fixtures: a fake HubSpot and Pipedrive behind an intercepted fetch (every request
// they get is kept: method, URL, headers, JSON body), contacts written straight into D1, and a
// workspace with an admin connected to a provider.
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { getDb } from "../src/db/client";
import { contacts } from "../src/db/schema";
import { newId } from "../src/lib/crypto";
import { HUBSPOT_API } from "../src/integrations/crm/hubspot";
import { PIPEDRIVE_API } from "../src/integrations/crm/pipedrive";
import { createWorkspace, signedIn, unique } from "./helpers";

export interface ProviderCall {
  method: string;
  url: URL;
  headers: Headers;
  body: any;
}

/** Answers one request to a provider; `calls` holds every request so far, this one last. */
export type ProviderHandler = (call: ProviderCall, calls: ProviderCall[]) => Response | Promise<Response>;

/** Intercepts fetch to both providers' APIs; anything else goes out as usual. */
export function fakeProviders(handler: ProviderHandler) {
  const calls: ProviderCall[] = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit);
    if (!request.url.startsWith(HUBSPOT_API) && !request.url.startsWith(PIPEDRIVE_API)) return realFetch(input as RequestInfo, init as RequestInit);
    const text = await request.text();
    const call = { method: request.method, url: new URL(request.url), headers: request.headers, body: text ? JSON.parse(text) : undefined };
    calls.push(call);
    return handler(call, calls);
  });
  return calls;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) => Response.json(body, { status, headers });

/** HubSpot's answers, as its docs show them. */
export const hubspot = {
  /** A contact as HubSpot answers an update (200) or a create (201). */
  contact: (id: string, status = 200) => json({ id, properties: {}, createdAt: "2026-11-30T10:00:00Z", updatedAt: "2026-11-30T10:00:00Z", archived: false }, status),
  notFound: () => json({ status: "error", message: "resource not found", correlationId: "c-1", category: "OBJECT_NOT_FOUND" }, 404),
  invalid: (message: string) => json({ status: "error", message, correlationId: "c-2", category: "VALIDATION_ERROR" }, 400),
  unauthorized: () =>
    json({ status: "error", message: "Authentication credentials not found.", correlationId: "c-3", category: "INVALID_AUTHENTICATION" }, 401),
  rateLimited: (seconds = 7) => json({ status: "error", message: "You have reached your secondly limit.", category: "RATE_LIMITS" }, 429, { "Retry-After": String(seconds) }),
  list: () => json({ results: [], paging: null }),
};

/** Pipedrive's answers, as its docs show them. */
export const pipedrive = {
  found: (id: number, email: string) => json({ success: true, data: { items: [{ result_score: 1, item: { id, type: "person", name: "Someone", emails: [email] } }] }, additional_data: { next_cursor: null } }),
  notFound: () => json({ success: true, data: { items: [] }, additional_data: { next_cursor: null } }),
  person: (id: number) => json({ success: true, data: { id, name: "Someone" } }),
  invalid: (message: string) => json({ success: false, error: message, error_info: "Please check developers.pipedrive.com", data: null }, 400),
  unauthorized: () => json({ success: false, error: "unauthorized access", errorCode: 401, error_info: "Please check developers.pipedrive.com" }, 401),
  me: () => json({ success: true, data: { id: 1, name: "Admin", email: "admin@example.test" } }),
};

export interface ContactFields {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  company?: string | null;
  jobTitle?: string | null;
  website?: string | null;
  address?: string | null;
  city?: string | null;
  country?: string | null;
  customFields?: Record<string, string>;
}

export async function createContact(workspaceId: string, fields: ContactFields = {}) {
  const id = newId();
  const now = Date.now();
  const email = fields.email === undefined ? `${unique("person")}@example.test` : fields.email;
  const row = { id, workspaceId, name: fields.name ?? "Ada Lovelace", ...fields, email, customFields: fields.customFields ?? {}, createdAt: now, updatedAt: now };
  await getDb(env.DB).insert(contacts).values(row);
  return row;
}

/** A workspace and a signed-in admin of it. */
export async function adminSetup() {
  const ws = await createWorkspace();
  const admin = await signedIn(ws.id, "admin");
  return { ws, admin };
}

/** A token that looks like each provider's. */
export const tokens = {
  hubspot: () => `pat-eu1-${crypto.randomUUID()}`,
  pipedrive: () => crypto.randomUUID().replace(/-/g, "") + "abcdef01",
};
