// Pushes one contact to one CRM connection and keeps the outcome on the contact's crm_records row:
// synced (with the CRM's id), failed (with the provider's message), or skipped (no email to match
// by). Trouble that is the connection's, not the contact's (a rejected token, a rate limit, a
// provider down), is returned for the caller to retry or stop, and never marks the contact.
import { and, eq } from "drizzle-orm";
import { recordContactEvent } from "../../contacts/records";
import { getDb } from "../../db/client";
import { contacts, crmRecords, integrations } from "../../db/schema";
import type { Env } from "../../env";
import { open } from "../../lib/secretBox";
import type { CrmAdapter, CrmContact, CrmFailure } from "./adapter";
import { PROVIDERS } from "./providers";

export type IntegrationRow = typeof integrations.$inferSelect;

export interface Connection {
  row: IntegrationRow;
  adapter: CrmAdapter;
}

/** The message a contact without an email is recorded with. */
export const NO_EMAIL = "No email address: contacts are matched by email in the CRM.";

export type PushOutcome =
  | { status: "synced"; remoteId: string; created: boolean; responseCode: number }
  | { status: "skipped" }
  | { status: "failed"; message: string; responseCode: number | null }
  /** The connection's trouble: nothing recorded on the contact. */
  | { status: "connection"; failure: CrmFailure };

/** The connection with its token opened, or null when it is gone. */
export async function openConnection(env: Env, integrationId: string): Promise<Connection | null> {
  const [row] = await getDb(env.DB).select().from(integrations).where(eq(integrations.id, integrationId)).limit(1);
  if (!row) return null;
  return { row, adapter: PROVIDERS[row.provider].adapter(await open(env, row.secretEnc)) };
}

export async function findContact(env: Env, workspaceId: string, contactId: string): Promise<CrmContact | null> {
  const [row] = await getDb(env.DB)
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, contactId), eq(contacts.workspaceId, workspaceId)))
    .limit(1);
  return row ?? null;
}

async function record(env: Env, row: IntegrationRow, contactId: string, values: Pick<typeof crmRecords.$inferInsert, "status" | "lastError" | "remoteId" | "syncedAt">) {
  const now = Date.now();
  const db = getDb(env.DB);
  const [before] = await db
    .select({ status: crmRecords.status })
    .from(crmRecords)
    .where(and(eq(crmRecords.integrationId, row.id), eq(crmRecords.contactId, contactId)))
    .limit(1);
  // The timeline tells when the contact first reached the CRM or stopped reaching it, not every push.
  if (before?.status !== values.status && (values.status === "synced" || values.status === "failed")) {
    const kind = values.status === "synced" ? "crm_synced" : "crm_failed";
    await recordContactEvent(db, { workspaceId: row.workspaceId, contactId, kind, data: { provider: row.provider, ...(values.remoteId ? { remoteId: values.remoteId } : {}) }, at: now });
  }
  await db
    .insert(crmRecords)
    .values({ workspaceId: row.workspaceId, integrationId: row.id, contactId, ...values, updatedAt: now })
    .onConflictDoUpdate({
      target: [crmRecords.integrationId, crmRecords.contactId],
      // A failure keeps the CRM id an earlier push found.
      set: { status: values.status, lastError: values.lastError ?? null, ...(values.remoteId ? { remoteId: values.remoteId, syncedAt: values.syncedAt } : {}), updatedAt: now },
    });
}

/** A contact the provider would not take (or was down for too long on): shown in the connection's errors. */
export const recordFailed = (env: Env, row: IntegrationRow, contactId: string, message: string) => record(env, row, contactId, { status: "failed", lastError: message });

/** Marks the connection's token as refused by the provider: nothing syncs until an admin gives a new one. */
export async function rejectToken(env: Env, integrationId: string): Promise<void> {
  const now = Date.now();
  await getDb(env.DB).update(integrations).set({ tokenRejectedAt: now, updatedAt: now }).where(eq(integrations.id, integrationId));
}

export async function pushContact(env: Env, connection: Connection, contact: CrmContact): Promise<PushOutcome> {
  const { row, adapter } = connection;
  const email = contact.email?.trim();
  if (!email) {
    await record(env, row, contact.id, { status: "skipped", lastError: NO_EMAIL });
    return { status: "skipped" };
  }
  const result = await adapter.upsertByEmail({ ...contact, email }, row.mapping);
  if (result.ok) {
    await record(env, row, contact.id, { status: "synced", lastError: null, remoteId: result.remoteId, syncedAt: Date.now() });
    return { status: "synced", remoteId: result.remoteId, created: result.created, responseCode: result.status };
  }
  if (result.kind === "rejected") {
    await recordFailed(env, row, contact.id, result.message);
    return { status: "failed", message: result.message, responseCode: result.status };
  }
  if (result.kind === "unauthorized") await rejectToken(env, row.id);
  return { status: "connection", failure: result };
}
