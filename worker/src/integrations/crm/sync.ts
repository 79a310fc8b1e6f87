// "Sync now": every contact of the workspace pushed to one CRM connection, a batch per step of a
// job that queues its own next step on raibu-crm-sync. Progress lives on the integration row
// (total, done, failed, cursor); a step the queue delivers twice finds the cursor moved and does
// nothing, and a rate limit puts the next step off by the provider's Retry-After.
import { and, asc, count, eq, gt, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { getDb } from "../../db/client";
import { contacts, integrations } from "../../db/schema";
import type { Env } from "../../env";
import { openConnection, pushContact, recordFailed, type IntegrationRow } from "./push";

export interface CrmSyncJob {
  integrationId: string;
  /** The run this step belongs to (its sync_started_at): a step of an older run stops. */
  startedAt: number;
  /** The last contact id pushed before this step ("" at the start). */
  cursor: string;
  /** Steps in a row the provider was unavailable for on the same contact. */
  stalls?: number;
}

/** Contacts pushed per step: a few seconds of provider calls, well inside a queue invocation. */
export const SYNC_BATCH = 20;
/** A provider down this many steps in a row on one contact: that contact is failed and the sync goes on. */
export const SYNC_MAX_STALLS = 5;
/** The wait after a provider error that gave no Retry-After. */
const STALL_DELAY_SECONDS = 30;

/** A run that has not moved for this long lost its queued step (a message dropped): Sync now may start over. */
export const SYNC_STALE_MS = 60 * 60 * 1000;

export const isSyncRunning = (row: Pick<IntegrationRow, "syncStartedAt" | "syncFinishedAt" | "updatedAt">, now = Date.now()) =>
  row.syncStartedAt !== null && row.syncFinishedAt === null && row.updatedAt > now - SYNC_STALE_MS;

/**
 * Starts a sync of every contact, unless one is running (clicking twice starts one). Returns the
 * row as it is afterwards.
 */
export async function startSync(env: Env, row: IntegrationRow): Promise<IntegrationRow> {
  const now = Date.now();
  if (isSyncRunning(row, now)) return row;
  const db = getDb(env.DB);
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(contacts).where(eq(contacts.workspaceId, row.workspaceId));
  const [started] = await db
    .update(integrations)
    .set({ syncTotal: total, syncDone: 0, syncFailed: 0, syncStartedAt: now, syncFinishedAt: total === 0 ? now : null, syncCursor: "", updatedAt: now })
    // Two clicks at once: only one finds no run going and starts one.
    .where(
      and(
        eq(integrations.id, row.id),
        or(isNull(integrations.syncStartedAt), isNotNull(integrations.syncFinishedAt), lt(integrations.updatedAt, now - SYNC_STALE_MS)),
      ),
    )
    .returning();
  if (!started) return (await db.select().from(integrations).where(eq(integrations.id, row.id)))[0] ?? row;
  if (total > 0) await env.CRM_SYNC_QUEUE.send({ integrationId: row.id, startedAt: now, cursor: "" });
  return started;
}

const finish = (env: Env, row: IntegrationRow) =>
  getDb(env.DB).update(integrations).set({ syncFinishedAt: Date.now() }).where(and(eq(integrations.id, row.id), eq(integrations.syncStartedAt, row.syncStartedAt!)));

/** One step: the next batch pushed, progress written, and the next step (with its delay) if any. */
export async function runSyncStep(env: Env, job: CrmSyncJob): Promise<{ next: CrmSyncJob; delaySeconds: number } | null> {
  const connection = await openConnection(env, job.integrationId);
  if (!connection) return null;
  const { row } = connection;
  // Another run, or this step already done (a redelivered message): nothing to do.
  if (row.syncStartedAt !== job.startedAt || row.syncFinishedAt !== null || row.syncCursor !== job.cursor) return null;
  if (!row.enabled || row.tokenRejectedAt !== null) {
    await finish(env, row);
    return null;
  }

  const db = getDb(env.DB);
  const batch = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, row.workspaceId), gt(contacts.id, job.cursor)))
    .orderBy(asc(contacts.id))
    .limit(SYNC_BATCH);

  let cursor = job.cursor;
  let done = 0;
  let failed = 0;
  let wait: { delaySeconds: number; stalls: number } | null = null;
  let stop = false;
  for (const contact of batch) {
    const outcome = await pushContact(env, connection, contact);
    if (outcome.status === "connection") {
      const { failure } = outcome;
      if (failure.kind === "unauthorized") {
        stop = true;
        break;
      }
      const stalls = failure.kind === "unavailable" ? (cursor === job.cursor ? (job.stalls ?? 0) : 0) + 1 : 0;
      if (stalls < SYNC_MAX_STALLS) {
        wait = { delaySeconds: failure.retryAfterSeconds ?? STALL_DELAY_SECONDS, stalls };
        break;
      }
      // Down on this one contact for too long: it fails with the provider's message, the rest goes on.
      await recordFailed(env, row, contact.id, failure.message);
      failed += 1;
    } else if (outcome.status === "failed") failed += 1;
    done += 1;
    cursor = contact.id;
  }

  const [moved] = await db
    .update(integrations)
    .set({ syncDone: sql`${integrations.syncDone} + ${done}`, syncFailed: sql`${integrations.syncFailed} + ${failed}`, syncCursor: cursor, updatedAt: Date.now() })
    .where(and(eq(integrations.id, row.id), eq(integrations.syncStartedAt, job.startedAt), eq(integrations.syncCursor, job.cursor)))
    .returning({ id: integrations.id });
  if (!moved) return null;

  if (stop) {
    await finish(env, row);
    return null;
  }
  if (wait) return { next: { integrationId: row.id, startedAt: job.startedAt, cursor, stalls: wait.stalls }, delaySeconds: wait.delaySeconds };
  if (batch.length < SYNC_BATCH) {
    await finish(env, row);
    return null;
  }
  return { next: { integrationId: row.id, startedAt: job.startedAt, cursor }, delaySeconds: 0 };
}

/** The raibu-crm-sync consumer: each message is one step; the next step is queued before this one is acked. */
export async function handleCrmSyncBatch(batch: MessageBatch<CrmSyncJob>, env: Env): Promise<void> {
  for (const message of batch.messages) {
    try {
      const step = await runSyncStep(env, message.body);
      if (step) await env.CRM_SYNC_QUEUE.send(step.next, step.delaySeconds > 0 ? { delaySeconds: Math.min(step.delaySeconds, 12 * 3600) } : undefined);
      message.ack();
    } catch (err) {
      // D1 or the queue unreachable: the cursor has not moved, so the same step runs again.
      console.error("crm sync step failed", err instanceof Error ? err.message : "unknown error");
      message.retry({ delaySeconds: 30 });
    }
  }
}
