// Events integrations hear: `emitEvent` writes one delivery row per subscribed webhook endpoint
// (and per enabled CRM for contact.created / contact.updated) and queues their ids on
// raibu-deliveries; the consumer makes each attempt, logs it on the row and retries with back-off.
import { and, eq } from "drizzle-orm";
import type { WebhookEvent } from "@raibu/protocol/integrations";
import { getDb } from "../db/client";
import { deliveries, integrations, webhookEndpoints } from "../db/schema";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { deliverToCrm } from "./crm";
import { finishWebhookDelivery, sendWebhook } from "./webhooks";

export interface DeliveryJob {
  deliveryId: string;
}

export type DeliveryRow = typeof deliveries.$inferSelect;

/** What one attempt at a target gave: `retry: false` when trying again cannot help (a rejected payload). */
export interface AttemptResult {
  ok: boolean;
  responseCode: number | null;
  error: string | null;
  retry?: boolean;
  /** The target said how long to wait (a 429's Retry-After): the next attempt waits at least that. */
  retryAfterSeconds?: number;
}

/** Attempts per delivery before it is failed: 10 s, 20 s … 21 min of back-off in all. Below the queue's max_retries. */
export const DELIVERY_MAX_ATTEMPTS = 8;
/** The events a CRM connection pushes (the contact, matched by email there). */
const CRM_EVENTS: ReadonlySet<string> = new Set<WebhookEvent>(["contact.created", "contact.updated"]);

export interface EmittedEvent {
  workspaceId: string;
  event: WebhookEvent;
  /** Stable for one happening: emitting the same id twice delivers it once per target. */
  eventId: string;
  data: unknown;
}

/** The JSON every webhook receives (and a CRM delivery reads its contact from `data`). */
export function eventBody(e: Omit<EmittedEvent, "event"> & { event: WebhookEvent | "ping" }, createdAt = Date.now()): string {
  return JSON.stringify({ id: e.eventId, event: e.event, createdAt, workspaceId: e.workspaceId, data: e.data });
}

/**
 * Records the event's deliveries and queues them. Paused endpoints get none (they receive nothing
 * until an admin resumes them). Returns the ids of the deliveries it created.
 */
export async function emitEvent(env: Env, e: EmittedEvent): Promise<string[]> {
  const db = getDb(env.DB);
  const [endpoints, crms] = await Promise.all([
    db
      .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.workspaceId, e.workspaceId), eq(webhookEndpoints.status, "active"))),
    CRM_EVENTS.has(e.event)
      ? db
          .select({ id: integrations.id })
          .from(integrations)
          .where(and(eq(integrations.workspaceId, e.workspaceId), eq(integrations.enabled, true)))
      : Promise.resolve([]),
  ]);
  const targets = [
    ...endpoints.filter((ep) => ep.events.includes(e.event)).map((ep) => ({ id: ep.id, kind: "webhook" as const })),
    ...crms.map((crm) => ({ id: crm.id, kind: "crm" as const })),
  ];
  if (targets.length === 0) return [];
  const payload = eventBody(e);
  const rows = targets.map((t) => ({
    id: newId(),
    workspaceId: e.workspaceId,
    targetId: t.id,
    targetKind: t.kind,
    event: e.event,
    eventId: e.eventId,
    payload,
  }));
  // One row per (target, event id): an event emitted again (a retried request) is not delivered twice.
  const created = await db.insert(deliveries).values(rows).onConflictDoNothing().returning({ id: deliveries.id });
  await queueDeliveries(env, created.map((r) => r.id));
  return created.map((r) => r.id);
}

export async function queueDeliveries(env: Env, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  // sendBatch takes up to 100 messages.
  for (let i = 0; i < ids.length; i += 100) {
    await env.DELIVERY_QUEUE.sendBatch(ids.slice(i, i + 100).map((deliveryId) => ({ body: { deliveryId } })));
  }
}

/** Exponential back-off: 10 s, 20 s, 40 s … capped at an hour; longer when the target asked for it (up to the queue's 12 h). */
export function deliveryRetryDelaySeconds(attempt: number, retryAfterSeconds = 0): number {
  return Math.max(Math.min(3600, 10 * 2 ** Math.max(0, attempt - 1)), Math.min(43_200, Math.ceil(retryAfterSeconds)));
}

/** "done": delivered, failed for good, or nothing to do; else the queue tries again later. */
export type DeliverOutcome = "done" | { retryAfterSeconds: number };

/** One attempt at the target, whatever its kind, timed. */
async function attempt(env: Env, row: DeliveryRow): Promise<AttemptResult & { durationMs: number }> {
  const started = Date.now();
  let result: AttemptResult;
  try {
    result = row.targetKind === "webhook" ? await sendWebhook(env, row) : await deliverToCrm(env, row);
  } catch (err) {
    result = { ok: false, responseCode: null, error: err instanceof Error ? err.message : String(err) };
  }
  return { ...result, durationMs: Date.now() - started };
}

/**
 * Makes the next attempt of a queued delivery and logs it. "done" means delivered, failed for
 * good, or nothing to do (a redelivered message for a row already finished, or an attempt another
 * consumer claimed); otherwise the queue should try again, not before `retryAfterSeconds`.
 * `final` makes this attempt the last whatever the count (a Resend by hand).
 */
export async function deliver(env: Env, deliveryId: string, { final = false } = {}): Promise<DeliverOutcome> {
  const db = getDb(env.DB);
  const [row] = await db.select().from(deliveries).where(eq(deliveries.id, deliveryId)).limit(1);
  if (!row || row.status !== "queued") return "done";

  // Claim the attempt: of two deliveries of one queue message at once, one sends and one stops here.
  const attempts = row.attempts + 1;
  const claimed = await db
    .update(deliveries)
    .set({ attempts })
    .where(and(eq(deliveries.id, deliveryId), eq(deliveries.status, "queued"), eq(deliveries.attempts, row.attempts)))
    .returning({ id: deliveries.id });
  if (claimed.length === 0) return "done";

  const result = await attempt(env, { ...row, attempts });
  const failed = !result.ok && (final || result.retry === false || attempts >= DELIVERY_MAX_ATTEMPTS);
  const now = Date.now();
  await db
    .update(deliveries)
    .set({
      responseCode: result.responseCode,
      durationMs: result.durationMs,
      lastError: result.ok ? null : result.error,
      ...(result.ok ? { status: "delivered" as const, deliveredAt: now } : failed ? { status: "failed" as const } : {}),
    })
    .where(eq(deliveries.id, deliveryId));
  if (row.targetKind === "webhook" && (result.ok || failed)) await finishWebhookDelivery(env, row, result.ok);
  return result.ok || failed ? "done" : { retryAfterSeconds: result.retryAfterSeconds ?? 0 };
}

/** The raibu-deliveries consumer: one attempt per message, retried later with back-off. */
export async function handleDeliveryBatch(batch: MessageBatch<DeliveryJob>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    let outcome: DeliverOutcome;
    try {
      outcome = await deliver(env, message.body.deliveryId);
    } catch (err) {
      // D1 unreachable, say: the row is untouched or still queued, so the next try picks it up.
      console.error("delivery attempt failed", err);
      outcome = { retryAfterSeconds: 0 };
    }
    if (outcome === "done") message.ack();
    else message.retry({ delaySeconds: deliveryRetryDelaySeconds(message.attempts, outcome.retryAfterSeconds) });
  }
}
