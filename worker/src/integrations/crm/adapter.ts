// What a CRM must do for Raibu, whichever it is: check a token, and create or update one person
// matched by email. Each provider is one file implementing `CrmAdapter`; the rest of the sync
// (queue, records, progress) never looks at a provider's HTTP.
import { MAPPABLE_FIELDS, type CrmProvider } from "@raibu/protocol/integrations";

/** The contact as the adapters read it (a D1 `contacts` row's fields). */
export interface CrmContact {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  jobTitle: string | null;
  website: string | null;
  address: string | null;
  city: string | null;
  country: string | null;
  customFields: Record<string, string>;
}

/** Raibu field (or `custom.<key>`, or the name's halves `firstName`/`lastName`) → the CRM's property. */
export type CrmMapping = Record<string, string>;

/**
 * Why a call failed, as the sync acts on it:
 * - `rejected`: the provider refused this contact (a 4xx on it); recorded on the contact, others go on.
 * - `unauthorized`: the token is no good (401/403); the connection shows « token rejected ».
 * - `rate_limited`: 429; try again after `retryAfterSeconds`.
 * - `unavailable`: 5xx or no answer; try again later.
 */
export type CrmFailureKind = "rejected" | "unauthorized" | "rate_limited" | "unavailable";

export interface CrmFailure {
  ok: false;
  kind: CrmFailureKind;
  /** The provider's own message, for the admin. */
  message: string;
  status: number | null;
  retryAfterSeconds?: number;
}

export type CrmPushResult = { ok: true; remoteId: string; created: boolean; status: number } | CrmFailure;

export interface CrmAdapter {
  readonly provider: CrmProvider;
  /** One cheap authenticated read: does the token work? */
  testConnection(): Promise<{ ok: true } | CrmFailure>;
  /** Creates the person, or updates the one with this email. The contact has an email. */
  upsertByEmail(contact: CrmContact & { email: string }, mapping: CrmMapping): Promise<CrmPushResult>;
}

/** The name's halves a mapping may send apart (HubSpot keeps first and last names in two properties). */
export const NAME_PARTS = ["firstName", "lastName"] as const;

/** A mapping key Raibu can read a value for. */
export function isMappableKey(key: string): boolean {
  return (MAPPABLE_FIELDS as readonly string[]).includes(key) || (NAME_PARTS as readonly string[]).includes(key) || /^custom\.[\w.-]{1,60}$/.test(key);
}

/** "Ada King Lovelace" → first "Ada King", last "Lovelace"; one word is a first name only. */
export function splitName(name: string | null): { firstName: string | null; lastName: string | null } {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { firstName: null, lastName: null };
  if (words.length === 1) return { firstName: words[0]!, lastName: null };
  return { firstName: words.slice(0, -1).join(" "), lastName: words.at(-1)! };
}

/** The value of one mapping key for this contact; null when the contact has none. */
export function fieldValue(contact: CrmContact, key: string): string | null {
  if (key.startsWith("custom.")) return contact.customFields[key.slice("custom.".length)] ?? null;
  if (key === "firstName" || key === "lastName") return splitName(contact.name)[key];
  const value = contact[key as (typeof MAPPABLE_FIELDS)[number]];
  return typeof value === "string" ? value : null;
}

/** CRM property → value, for every mapped key the contact has a value for (empty values are left out, never cleared there). */
export function mappedValues(contact: CrmContact, mapping: CrmMapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, property] of Object.entries(mapping)) {
    const value = fieldValue(contact, key)?.trim();
    if (value) out[property] = value;
  }
  return out;
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date); a minute when absent. */
export function retryAfterSeconds(res: Response, fallback = 60): number {
  const header = res.headers.get("Retry-After");
  if (!header) return fallback;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? fallback : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

/** A failed answer as a `CrmFailure`, with the provider's message picked by `messageOf` from its JSON body. */
export async function failureOf(res: Response, messageOf: (body: any) => unknown): Promise<CrmFailure> {
  const text = await res.text().catch(() => "");
  let message: unknown = null;
  try {
    message = messageOf(JSON.parse(text));
  } catch {
    message = null;
  }
  const said = typeof message === "string" && message.trim() ? message.trim().slice(0, 500) : `HTTP ${res.status}`;
  const kind: CrmFailureKind =
    res.status === 401 || res.status === 403 ? "unauthorized" : res.status === 429 ? "rate_limited" : res.status >= 500 ? "unavailable" : "rejected";
  return { ok: false, kind, message: said, status: res.status, ...(kind === "rate_limited" ? { retryAfterSeconds: retryAfterSeconds(res) } : {}) };
}

/** A provider that did not answer (network error, timeout) is unavailable for now. */
export function unreachable(error: unknown): CrmFailure {
  return { ok: false, kind: "unavailable", message: error instanceof Error ? error.message : "The provider did not answer.", status: null };
}

/** How long one request to a provider may take before it counts as unavailable. */
export const CRM_REQUEST_TIMEOUT_MS = 15_000;
