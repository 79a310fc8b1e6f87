// Webhook endpoints: which URLs may receive events (https to public hosts only), the signature
// each delivery carries, one attempt at sending it, and pausing an endpoint that keeps failing
// (its admins are emailed).
import { and, eq, inArray, sql } from "drizzle-orm";
import ipaddr from "ipaddr.js";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, WEBHOOK_PAUSE_AFTER, type Delivery, type WebhookEndpoint } from "@raibu/protocol/integrations";
import { getDb } from "../db/client";
import { deliveries, users, webhookEndpoints, workspaces } from "../db/schema";
import type { Env } from "../env";
import { randomToken } from "../lib/crypto";
import { escapeHtml } from "../lib/emailTemplates";
import { ApiError } from "../lib/errors";
import { pickLocale, translate } from "../lib/i18n";
import { queueEmail } from "../lib/mailer";
import { open } from "../lib/secretBox";
import type { AttemptResult, DeliveryRow } from "./events";

/** A receiver that has not answered by then counts as a failed attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** The https ports a Worker's fetch reaches (Cloudflare sends any other port to 443 or refuses it). */
export const WEBHOOK_PORTS = ["", "443", "2053", "2083", "2087", "2096", "8443"];
/** Names that never resolve to a public host. */
const LOCAL_SUFFIXES = [".localhost", ".local", ".internal", ".localdomain", ".home.arpa", ".lan", ".intranet", ".corp", ".private"];

export type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type UrlRefusal = "not_https" | "credentials" | "port" | "local_host" | "private_address";

/** `url_not_public` for a host that is not on the public internet (the console words it), `url_refused` for the rest; `reason` says which rule. */
const refused = (reason: UrlRefusal, message: string) =>
  new ApiError(400, reason === "local_host" || reason === "private_address" ? "url_not_public" : "url_refused", message, {
    reason,
    ...(reason === "port" ? { allowedPorts: WEBHOOK_PORTS.filter(Boolean).map(Number) } : {}),
  });

/**
 * The URL as it will be called, or a 400 (`url_not_public` / `url_refused`) with its `reason`. IP literals are
 * judged after the URL parser normalised them (0x7f.1, 2130706433 and [::ffff:127.0.0.1] are all
 * 127.0.0.1); a public IP is accepted, any address in a special-use range is not.
 */
export function checkWebhookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused("not_https", "Use an https:// address.");
  }
  if (url.protocol !== "https:") throw refused("not_https", "Use an https:// address.");
  if (url.username || url.password) throw refused("credentials", "Put no user name or password in the address; the signature authenticates deliveries.");
  if (!WEBHOOK_PORTS.includes(url.port)) throw refused("port", `Use port 443 (or ${WEBHOOK_PORTS.slice(2).join(", ")}).`);
  const host = url.hostname.replace(/\.$/, "").toLowerCase();
  if (isIpLiteral(host)) {
    if (!isPublicAddress(host)) throw refused("private_address", "This address is not on the public internet.");
  } else if (host === "localhost" || !host.includes(".") || LOCAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    throw refused("local_host", "This host is not on the public internet.");
  }
  return url.href;
}

function isIpLiteral(host: string): boolean {
  return host.startsWith("[") || ipaddr.IPv4.isValidFourPartDecimal(host);
}

/** Only ipaddr.js's "unicast" range is public: private, loopback, link-local, CGNAT, ULA, multicast, reserved… are not. */
function isPublicAddress(host: string): boolean {
  const text = host.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(text)) return false;
  let address = ipaddr.parse(text);
  // An IPv4-mapped (::ffff:a.b.c.d) or NAT64 address reaches the IPv4 one: judge that.
  if (address.kind() === "ipv6") {
    const v6 = address as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) address = v6.toIPv4Address();
    else if (v6.range() === "rfc6052" || v6.range() === "rfc6145") return false;
  }
  return address.range() === "unicast";
}

/** The signing secret shown once to the admin: 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomToken(32)}`;
}

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (docs/integrations.md shows how to check it). */
export async function signatureHeader(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Promise<string> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${timestamp}.${body}`));
  return `t=${timestamp},v1=${hex(mac)}`;
}

async function endpointOf(env: Env, id: string): Promise<EndpointRow | undefined> {
  const [row] = await getDb(env.DB).select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).limit(1);
  return row;
}

/** One signed POST of the delivery's payload. A redirect, a timeout or a non-2xx answer is a failure. */
export async function sendWebhook(env: Env, delivery: DeliveryRow): Promise<AttemptResult> {
  const endpoint = await endpointOf(env, delivery.targetId);
  if (!endpoint) return { ok: false, responseCode: null, error: "The endpoint was deleted.", retry: false };
  if (endpoint.status === "paused") return { ok: false, responseCode: null, error: "The endpoint is paused.", retry: false };
  const secret = await open(env, endpoint.secretEnc);
  let res: Response;
  try {
    res = await fetch(endpoint.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "User-Agent": "Raibu-Webhooks/1",
        [SIGNATURE_HEADER]: await signatureHeader(secret, delivery.payload),
        [EVENT_HEADER]: delivery.event,
        [DELIVERY_HEADER]: delivery.id,
      },
      body: delivery.payload,
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (err) {
    const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
    return { ok: false, responseCode: null, error: timedOut ? `No answer within ${WEBHOOK_TIMEOUT_MS / 1000} s.` : `Request failed: ${String(err instanceof Error ? err.message : err)}` };
  }
  // Only the status matters; the body is dropped unread so the connection is freed.
  await res.body?.cancel().catch(() => {});
  if (res.status >= 200 && res.status < 300) return { ok: true, responseCode: res.status, error: null };
  if (res.status >= 300 && res.status < 400) {
    return { ok: false, responseCode: res.status, error: `Redirected to ${res.headers.get("Location") ?? "another address"}; redirects are not followed.` };
  }
  // A receiver asking to slow down (429, 503 with Retry-After in seconds) is given at least that.
  const retryAfter = Number(res.headers.get("Retry-After"));
  return { ok: false, responseCode: res.status, error: `The endpoint answered ${res.status}.`, ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}) };
}

/**
 * A delivery finished: a success resets the endpoint's count of failures in a row; a final
 * failure adds one, and the one that reaches WEBHOOK_PAUSE_AFTER pauses it and tells its admins.
 */
export async function finishWebhookDelivery(env: Env, delivery: DeliveryRow, ok: boolean): Promise<void> {
  const db = getDb(env.DB);
  if (ok) {
    await db.update(webhookEndpoints).set({ consecutiveFailures: 0 }).where(eq(webhookEndpoints.id, delivery.targetId));
    return;
  }
  const [counted] = await db
    .update(webhookEndpoints)
    .set({ consecutiveFailures: sql`${webhookEndpoints.consecutiveFailures} + 1` })
    .where(and(eq(webhookEndpoints.id, delivery.targetId), eq(webhookEndpoints.status, "active")))
    .returning({ failures: webhookEndpoints.consecutiveFailures });
  if (!counted || counted.failures < WEBHOOK_PAUSE_AFTER) return;
  const now = Date.now();
  // Only the failure that flips it to paused tells the admins, once.
  const [paused] = await db
    .update(webhookEndpoints)
    .set({ status: "paused", pausedAt: now, updatedAt: now })
    .where(and(eq(webhookEndpoints.id, delivery.targetId), eq(webhookEndpoints.status, "active")))
    .returning();
  if (paused) await tellAdminsPaused(env, paused, counted.failures);
}

async function tellAdminsPaused(env: Env, endpoint: EndpointRow, count: number): Promise<void> {
  const db = getDb(env.DB);
  const [[workspace], admins, [last]] = await Promise.all([
    db.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, endpoint.workspaceId)).limit(1),
    db
      .select({ email: users.email, locale: users.locale })
      .from(users)
      .where(and(eq(users.workspaceId, endpoint.workspaceId), inArray(users.role, ["owner", "admin"]))),
    db
      .select({ lastError: deliveries.lastError })
      .from(deliveries)
      .where(and(eq(deliveries.targetId, endpoint.id), eq(deliveries.status, "failed")))
      .orderBy(sql`${deliveries.createdAt} DESC`)
      .limit(1),
  ]);
  const args = { workspace: workspace?.name ?? "", url: endpoint.url, count: String(count), error: last?.lastError ?? "-" };
  for (const admin of admins) {
    const lang = pickLocale(admin.locale);
    const body = translate(lang, "email.webhookPaused.body", args);
    try {
      await queueEmail(env, {
        workspaceId: endpoint.workspaceId,
        to: admin.email,
        subject: translate(lang, "email.webhookPaused.subject", args),
        text: `${body}\n`,
        html: `<p>${escapeHtml(body)}</p>`,
      });
    } catch (err) {
      // No email on this deployment: the console still shows the endpoint paused.
      console.error("webhook paused: admin not emailed", err);
    }
  }
}

export const endpointOut = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  events: row.events as WebhookEndpoint["events"],
  status: row.status,
  consecutiveFailures: row.consecutiveFailures,
  pausedAt: row.pausedAt,
  createdAt: row.createdAt,
});

export const deliveryOut = (row: DeliveryRow): Delivery => ({
  id: row.id,
  event: row.event,
  eventId: row.eventId,
  status: row.status,
  attempts: row.attempts,
  responseCode: row.responseCode,
  durationMs: row.durationMs,
  lastError: row.lastError,
  createdAt: row.createdAt,
  deliveredAt: row.deliveredAt,
});
