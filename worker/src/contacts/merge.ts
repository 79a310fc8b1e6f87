// One person, one contact: « Mark as contact » with an email the workspace already has joins that
// contact, and an agent folds two contacts by hand. The survivor keeps its fields and takes the
// other's where it has none; the other's visitors (so their conversations, threads, appointments
// and notes), CRM records and timeline move to it; the other is deleted.
import { and, eq, inArray } from "drizzle-orm";
import type { ContactFields } from "@raibu/protocol/api";
import type { Database } from "../db/client";
import { contacts, contactVisitors, crmRecords, contactEvents } from "../db/schema";
import { CONTACT_FIELD_NAMES, contactEventInsert, type ContactFieldName, type ContactRecord } from "./records";

const empty = (v: unknown) => v === null || v === undefined || v === "";

/** The fields `incoming` adds to `base`: those `base` lacks, custom fields by key. */
export function fillFields(base: ContactRecord, incoming: Partial<ContactFields>): { set: Partial<ContactFields>; filled: ContactFieldName[] } {
  const set: Record<string, unknown> = {};
  const filled: ContactFieldName[] = [];
  for (const field of CONTACT_FIELD_NAMES) {
    if (field === "customFields") continue;
    if (empty(base[field]) && !empty(incoming[field])) {
      set[field] = incoming[field];
      filled.push(field);
    }
  }
  const custom = { ...(base.customFields ?? {}) };
  let added = false;
  for (const [key, value] of Object.entries(incoming.customFields ?? {})) {
    if (empty(custom[key]) && !empty(value)) {
      custom[key] = value;
      added = true;
    }
  }
  if (added) {
    set.customFields = custom;
    filled.push("customFields");
  }
  return { set: set as Partial<ContactFields>, filled };
}

export interface MergeOutcome {
  survivor: ContactRecord;
  filled: ContactFieldName[];
  visitorIds: string[];
}

/**
 * Folds `other` into `survivor` in one D1 batch (all or nothing). `via` says whether a capture
 * or an agent's merge did it; the timeline's `merged` event names the other contact by id only.
 */
export async function foldContact(db: Database, survivor: ContactRecord, other: ContactRecord, actorId: string | null, via: "capture" | "manual", now = Date.now()): Promise<MergeOutcome> {
  const workspaceId = survivor.workspaceId;
  const { set, filled } = fillFields(survivor, other);
  const moved = await db
    .select({ visitorId: contactVisitors.visitorId })
    .from(contactVisitors)
    .where(and(eq(contactVisitors.workspaceId, workspaceId), eq(contactVisitors.contactId, other.id)));
  const visitorIds = moved.map((r) => r.visitorId);
  const lastActivityAt = Math.max(survivor.lastActivityAt ?? 0, other.lastActivityAt ?? 0, now);
  const [, updated] = await db.batch([
    // The other's row goes first: its email and visitor would otherwise be two contacts' for a moment.
    db.delete(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, other.id))),
    db.update(contacts).set({ ...set, updatedAt: now, lastActivityAt }).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, survivor.id))).returning(),
    db.update(contactVisitors).set({ contactId: survivor.id }).where(and(eq(contactVisitors.workspaceId, workspaceId), eq(contactVisitors.contactId, other.id))),
    // A CRM both were synced to keeps the survivor's record; the other's remote record is left alone there.
    db
      .delete(crmRecords)
      .where(
        and(
          eq(crmRecords.workspaceId, workspaceId),
          eq(crmRecords.contactId, other.id),
          inArray(crmRecords.integrationId, db.select({ id: crmRecords.integrationId }).from(crmRecords).where(eq(crmRecords.contactId, survivor.id))),
        ),
      ),
    db.update(crmRecords).set({ contactId: survivor.id }).where(and(eq(crmRecords.workspaceId, workspaceId), eq(crmRecords.contactId, other.id))),
    db.update(contactEvents).set({ contactId: survivor.id }).where(and(eq(contactEvents.workspaceId, workspaceId), eq(contactEvents.contactId, other.id))),
    contactEventInsert(db, { workspaceId, contactId: survivor.id, kind: "merged", actorId, data: { otherId: other.id, via, visitorIds, filled }, at: now }),
  ]);
  const row = updated[0];
  return { survivor: row ?? survivor, filled, visitorIds };
}

/**
 * A visitor joins an existing contact (a capture with that contact's email): the contact takes
 * the capture's fields it lacks, and a `merged` event says which visitor joined.
 */
export async function joinContact(db: Database, target: ContactRecord, visitorId: string, fields: Partial<ContactFields>, actorId: string, now = Date.now()): Promise<MergeOutcome> {
  const workspaceId = target.workspaceId;
  const { set, filled } = fillFields(target, fields);
  const [, updated] = await db.batch([
    db.insert(contactVisitors).values({ workspaceId, contactId: target.id, visitorId, createdAt: now }).onConflictDoUpdate({ target: [contactVisitors.workspaceId, contactVisitors.visitorId], set: { contactId: target.id } }),
    db.update(contacts).set({ ...set, updatedAt: now, lastActivityAt: now }).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, target.id))).returning(),
    contactEventInsert(db, { workspaceId, contactId: target.id, kind: "merged", actorId, data: { via: "capture", visitorIds: [visitorId], filled }, at: now }),
  ]);
  return { survivor: updated[0] ?? target, filled, visitorIds: [visitorId] };
}

/** The names of the fields whose values differ (custom fields compared as a whole). */
export function changedFields(before: ContactRecord, after: Partial<ContactFields>): ContactFieldName[] {
  return CONTACT_FIELD_NAMES.filter((field) => {
    if (!(field in after)) return false;
    const next = after[field];
    if (field === "customFields") return JSON.stringify(before.customFields ?? {}) !== JSON.stringify(next ?? {});
    return (before[field] ?? null) !== (next === "" ? null : (next ?? null));
  });
}
