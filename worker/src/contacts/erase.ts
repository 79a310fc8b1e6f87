// Erasing a contact (DELETE /api/contacts/:id): the person's data goes everywhere Raibu keeps it —
// each conversation's Durable Object, the files in R2, then every D1 row in one batch (the
// dashboard's events keep their counts under fresh visitor ids) — and integrations hear contact.deleted. The steps outside D1 come first and are safe to repeat: when
// one fails, D1 is left whole (the contact is still there to find) and the erasure says what
// failed; running it again finishes the rest and reports the same counts.
import { and, eq, gt, sql } from "drizzle-orm";
import type { ErasureReport } from "@raibu/protocol/contacts";
import { getDb } from "../db/client";
import { appointments, deliveries, uploads } from "../db/schema";
import type { Env } from "../env";
import { findAppointment } from "../appointments/bookings";
import { tellLobby } from "../appointments/notify";
import { emitEvent, queueDeliveries } from "../integrations/events";
import { conversationStub } from "../lib/conversationService";
import { newId } from "../lib/crypto";
import { erasureScope, inList, type ErasureScope } from "./erasureScope";
import { erasureStatements } from "./erasureRows";
import { findContact } from "./records";

/** Conversations erased at once: enough to go fast, few enough to keep a Worker's connections free. */
const CONCURRENCY = 6;
/** R2 deletes at most this many keys a call. */
const R2_DELETE_BATCH = 1000;

/** A step that did not happen; `id` names the conversation when it was one. */
export interface ErasureFailure {
  step: "conversation" | "files" | "webhooks" | "database";
  id?: string;
}

export type ErasureOutcome = { ok: true; report: ErasureReport } | { ok: false; failed: ErasureFailure[] };

export interface ErasureRequest {
  workspaceId: string;
  contactId: string;
  /** The admin erasing. */
  actorId: string;
  appOrigin: string;
}

/** Null: no such contact in the workspace (never was, or already erased). */
export async function eraseContact(env: Env, req: ErasureRequest): Promise<ErasureOutcome | null> {
  const db = getDb(env.DB);
  const contact = await findContact(db, req.workspaceId, req.contactId);
  if (!contact) return null;
  const scope = await erasureScope(db, contact);
  const failed: ErasureFailure[] = [];

  const messages = await eachLimited(scope.conversations, async ({ id, anonymousName }) => {
    try {
      return (await conversationStub(env, id).erasePersonalData(anonymousName))?.messages ?? 0;
    } catch (err) {
      console.error("erasure: conversation not erased", id, err);
      failed.push({ step: "conversation", id });
      return 0;
    }
  });
  const files = await eraseFiles(env, scope, failed);
  if (failed.length > 0) return { ok: false, failed };

  // Before D1: once the contact is gone, a retry would find nothing left to tell. The event's id is
  // the erasure's own, so a retried erasure is delivered once.
  try {
    await Promise.all(scope.contactIds.map((contactId) => tellDeleted(env, req.workspaceId, contactId)));
  } catch (err) {
    console.error("erasure: contact.deleted not queued", err);
    return { ok: false, failed: [{ step: "webhooks" }] };
  }

  const at = Date.now();
  // The appointments still ahead: the batch cancels them, then the consoles are told.
  const cancelling = await db
    .select({ id: appointments.id })
    .from(appointments)
    .where(and(eq(appointments.workspaceId, req.workspaceId), inList(appointments.id, scope.appointmentIds), eq(appointments.status, "booked"), gt(appointments.endsAt, at)))
    .then((rows) => rows.map((r) => r.id));
  let report: Record<string, number>;
  try {
    const results = await env.DB.batch<{ report: string }>([
      metricVisitorsRenamed(env.DB, scope),
      ...erasureStatements(env.DB, db, scope, { id: newId(), contactId: contact.id, actorId: req.actorId, at, messages: sum(messages), files }),
    ]);
    report = JSON.parse(results.at(-1)!.results[0]!.report);
  } catch (err) {
    console.error("erasure: D1 batch failed", err);
    return { ok: false, failed: [{ step: "database" }] };
  }
  await tellConsoles(env, req, cancelling);
  return { ok: true, report: { contactId: contact.id, erased: report, at } };
}

/**
 * The dashboard's counts stay, but not who they were: each erased visitor's events go on under a
 * fresh random id (one per visitor, so distinct visitors per day stay exact), in their event ids
 * too (`seen:<visitor>:<quarter>`). An erasure run again finds nothing left under the old ids.
 */
function metricVisitorsRenamed(d1: D1Database, scope: ErasureScope): D1PreparedStatement {
  const fresh = Object.fromEntries(scope.visitorIds.map((visitorId) => [visitorId, newId()]));
  return d1
    .prepare(
      `UPDATE metric_events SET visitor_id = r.value, id = replace(metric_events.id, r.key, r.value)
       FROM json_each(?) AS r WHERE metric_events.workspace_id = ? AND metric_events.visitor_id = r.key`,
    )
    .bind(JSON.stringify(fresh), scope.workspaceId);
}

/**
 * contact.deleted for one contact, once per endpoint whatever the runs: a run that wrote the
 * deliveries but failed to queue them leaves them queued in D1, and the next run queues them
 * (a delivery queued twice is sent once: the consumer claims each attempt).
 */
async function tellDeleted(env: Env, workspaceId: string, contactId: string) {
  const eventId = `erased-${contactId}`;
  const created = await emitEvent(env, { workspaceId, event: "contact.deleted", eventId, data: { contactId, mergedInto: null, erased: true } });
  const waiting = await getDb(env.DB)
    .select({ id: deliveries.id })
    .from(deliveries)
    // By the workspace's endpoints: the (target, event id) index finds each.
    .where(and(sql`${deliveries.targetId} IN (SELECT id FROM webhook_endpoints WHERE workspace_id = ${workspaceId})`, eq(deliveries.eventId, eventId), eq(deliveries.status, "queued"), eq(deliveries.attempts, 0)));
  await queueDeliveries(env, waiting.map((d) => d.id).filter((id) => !created.includes(id)));
}

/** Every file of their conversations: the objects R2 lists under each conversation, and those `uploads` names. Counted by key. */
async function eraseFiles(env: Env, scope: ErasureScope, failed: ErasureFailure[]): Promise<number> {
  const convs = scope.conversations.map((c) => c.id);
  if (convs.length === 0) return 0;
  const rows = await getDb(env.DB)
    .select({ key: uploads.key })
    .from(uploads)
    .where(and(eq(uploads.workspaceId, scope.workspaceId), inList(uploads.conversationId, convs)));
  const keys = new Set(rows.map((r) => r.key));
  await eachLimited(convs, async (id) => {
    try {
      const prefix = `${scope.workspaceId}/${id}/`;
      let cursor: string | undefined;
      do {
        const page = await env.ATTACHMENTS.list({ prefix, cursor });
        for (const object of page.objects) keys.add(object.key);
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
    } catch (err) {
      console.error("erasure: files not listed", id, err);
      failed.push({ step: "files", id });
    }
  });
  const all = [...keys];
  try {
    for (let i = 0; i < all.length; i += R2_DELETE_BATCH) await env.ATTACHMENTS.delete(all.slice(i, i + R2_DELETE_BATCH));
  } catch (err) {
    console.error("erasure: files not deleted", err);
    failed.push({ step: "files" });
  }
  return all.length;
}

/** The consoles drop the appointments the erasure cancelled from their upcoming lists. */
async function tellConsoles(env: Env, req: ErasureRequest, appointmentIds: string[]) {
  for (const id of appointmentIds) {
    const found = await findAppointment(env, { workspaceId: req.workspaceId, id });
    if (found) await tellLobby(env, req.workspaceId, found.appointment, "cancelled", req.appOrigin);
  }
}

async function eachLimited<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
