// A contact as D1 holds it: finding one (by id, by one of its visitors, by email), its API shape,
// its timeline's events and its « last activity ». Other parts of the Worker record what happened
// with a contact through here (recordContactEvent, touchContactActivity).
import { and, asc, eq, sql } from "drizzle-orm";
import type { Contact } from "@raibu/protocol/api";
import { getDb, type Database } from "../db/client";
import { contactEvents, contacts, contactVisitors } from "../db/schema";
import { newId } from "../lib/crypto";

export type ContactRecord = typeof contacts.$inferSelect;

/** Where a helper reads D1 from: a drizzle client, or anything holding the binding (the Worker's env). */
export type DbSource = Database | { DB: D1Database };

export function dbOf(source: DbSource): Database {
  return "DB" in source ? getDb(source.DB) : source;
}

/** The fields a person can edit, in the order the timeline and the CSV name them. */
export const CONTACT_FIELD_NAMES = ["name", "email", "phone", "company", "jobTitle", "website", "address", "city", "country", "customFields"] as const;
export type ContactFieldName = (typeof CONTACT_FIELD_NAMES)[number];

/** The API's Contact: the row without its workspace, interface and converter. */
export function contactOut(row: ContactRecord): Contact {
  const { workspaceId: _w, interfaceId: _i, createdBy: _c, lastActivityAt: _l, ...rest } = row;
  return { ...rest, customFields: rest.customFields ?? {} };
}

/** The workspace's contact with this id, or undefined (another workspace's is not found either). */
export async function findContact(source: DbSource, workspaceId: string, id: string): Promise<ContactRecord | undefined> {
  const [row] = await dbOf(source)
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)))
    .limit(1);
  return row;
}

/** The contact a visitor is (the one made from them, or the one they were merged into). */
export async function contactOfVisitor(source: DbSource, workspaceId: string, visitorId: string): Promise<ContactRecord | undefined> {
  const [row] = await dbOf(source)
    .select({ contact: contacts })
    .from(contactVisitors)
    .innerJoin(contacts, eq(contacts.id, contactVisitors.contactId))
    .where(and(eq(contactVisitors.workspaceId, workspaceId), eq(contactVisitors.visitorId, visitorId), eq(contacts.workspaceId, workspaceId)))
    .limit(1);
  return row?.contact;
}

/** The workspace's first contact with this email (emails are stored lowercased), other than `except`. */
export async function contactByEmail(source: DbSource, workspaceId: string, email: string, except?: string): Promise<ContactRecord | undefined> {
  const rows = await dbOf(source)
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.email, email)))
    .orderBy(asc(contacts.createdAt), asc(contacts.id))
    .limit(2);
  return rows.find((row) => row.id !== except);
}

/** The visitors a contact is, first joined first. */
export async function visitorIdsOf(source: DbSource, workspaceId: string, contactId: string): Promise<string[]> {
  const rows = await dbOf(source)
    .select({ visitorId: contactVisitors.visitorId })
    .from(contactVisitors)
    .where(and(eq(contactVisitors.workspaceId, workspaceId), eq(contactVisitors.contactId, contactId)))
    .orderBy(asc(contactVisitors.createdAt), asc(contactVisitors.visitorId));
  return rows.map((r) => r.visitorId);
}

export interface ContactEventInput {
  workspaceId: string;
  contactId: string;
  /** converted, updated, merged, conversation, offline_message, appointment, crm_synced, crm_failed, note… */
  kind: string;
  /** The agent who did it; null for the visitor, an integration or the system. */
  actorId?: string | null;
  /** Facts (ids, field names, counts): never more personal data than the contact row holds. */
  data?: Record<string, unknown>;
  at?: number;
}

/** The insert of a timeline event, to run alone or in a batch. */
export function contactEventInsert(db: Database, event: ContactEventInput) {
  return db.insert(contactEvents).values({
    id: newId(),
    workspaceId: event.workspaceId,
    contactId: event.contactId,
    kind: event.kind,
    actorId: event.actorId ?? null,
    data: event.data ?? {},
    at: event.at ?? Date.now(),
  });
}

/** Adds an event to a contact's timeline. */
export async function recordContactEvent(source: DbSource, event: ContactEventInput): Promise<void> {
  await contactEventInsert(dbOf(source), event);
}

/**
 * Moves the « last activity » of the contact a visitor is (if any) to `at`, never back: one
 * statement, cheap enough for every path where a visitor acts (a message, a form, a booking).
 */
export async function touchContactActivity(source: DbSource, workspaceId: string, visitorId: string, at = Date.now()): Promise<void> {
  await contactActivityUpdate(dbOf(source), workspaceId, visitorId, at);
}

/** The same move as a statement of a batch (the conversation's copy to D1 carries it with the visitor's messages). */
export function contactActivityUpdate(db: Database, workspaceId: string, visitorId: string, at: number) {
  return db
    .update(contacts)
    .set({ lastActivityAt: at })
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        sql`(${contacts.lastActivityAt} IS NULL OR ${contacts.lastActivityAt} < ${at})`,
        sql`${contacts.id} = (SELECT contact_id FROM contact_visitors WHERE workspace_id = ${workspaceId} AND visitor_id = ${visitorId})`,
      ),
    );
}
