// The webhook endpoint form without the page: the events checklist to and from the API's list, and
// the address checked as the server's schema checks it (an https URL of at most 2,000 characters),
// so the person hears it before sending. Whether the host is public only the server can tell.
import type { WebhookEvent } from "@raibu/protocol/integrations";
import { EVENTS } from "./catalog";

export type EventChecks = Record<WebhookEvent, boolean>;
export type UrlProblem = "required" | "https" | "tooLong";
export type WebhookForm = { url: string; events: EventChecks };
export type WebhookFormProblems = { url?: UrlProblem; events?: "required" };
export type WebhookBody = { url: string; events: WebhookEvent[] };

export const URL_MAX_LENGTH = 2000;

/** Every event, ticked when the endpoint hears it. */
export function checksFrom(events: readonly string[]): EventChecks {
  return Object.fromEntries(EVENTS.map((event) => [event, events.includes(event)])) as EventChecks;
}

/** The ticked events in the protocol's order, as the API takes them. */
export function eventsFrom(checks: EventChecks): WebhookEvent[] {
  return EVENTS.filter((event) => checks[event]);
}

/**
 * What is wrong with the address, as `z.url({ protocol: /^https$/ }).max(2000)` sees it: the trimmed
 * text must parse as a URL whose scheme is https (`https:host` parses too, as the server's parser reads it).
 */
export function urlProblem(raw: string): UrlProblem | null {
  const url = raw.trim();
  if (!url) return "required";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "https";
  }
  if (parsed.protocol !== "https:") return "https";
  if (url.replace(/[\t\n\r]/g, "").length > URL_MAX_LENGTH) return "tooLong";
  return null;
}

/** The body to send, or the problems to show beside the fields. */
export function checkWebhookForm(form: WebhookForm): { body: WebhookBody | null; problems: WebhookFormProblems } {
  const problems: WebhookFormProblems = {};
  const url = urlProblem(form.url);
  if (url) problems.url = url;
  const events = eventsFrom(form.events);
  if (events.length === 0) problems.events = "required";
  return { body: url || !events.length ? null : { url: form.url.trim(), events }, problems };
}

/** The fields a PATCH needs: only what changed (null when nothing did). */
export function webhookChanges(before: WebhookBody, after: WebhookBody): Partial<WebhookBody> | null {
  const changes: Partial<WebhookBody> = {};
  if (after.url !== before.url) changes.url = after.url;
  const sorted = (list: readonly string[]) => [...list].sort().join(",");
  if (sorted(after.events) !== sorted(before.events)) changes.events = after.events;
  return Object.keys(changes).length ? changes : null;
}
