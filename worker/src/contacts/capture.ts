// « Mark as contact » (PUT /api/visitors/:id/contact): the visitor's contact is created or
// updated, and an email another contact of the workspace already has makes them one contact: the
// visitor (and their contact, if they had one) joins the first contact with that email.
import { and, eq } from "drizzle-orm";
import type { ContactFields } from "@raibu/protocol/api";
import { getDb } from "../db/client";
import { contacts, contactVisitors } from "../db/schema";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { insertMetricEvents, metricEventId } from "../metrics/events";
import { changedFields, foldContact, joinContact } from "./merge";
import { contactCreated, contactMergedAway, contactUpdated } from "./notify";
import { contactByEmail, contactEventInsert, contactOfVisitor, type ContactRecord } from "./records";

export interface Capture {
  workspaceId: string;
  visitorId: string;
  interfaceId: string;
  actorId: string;
  fields: ContactFields;
}

export interface CaptureOutcome {
  contact: ContactRecord;
  /** The existing contact the capture joined, when its email was already known; else null. */
  mergedInto: string | null;
  /** A new contact was made from the visitor: the dashboard's `contact_converted` went with it. */
  converted: boolean;
}

export async function captureContact(env: Env, capture: Capture, now = Date.now()): Promise<CaptureOutcome> {
  const db = getDb(env.DB);
  const { workspaceId, visitorId, actorId } = capture;
  const fields = { ...capture.fields, email: capture.fields.email || null };
  const current = await contactOfVisitor(db, workspaceId, visitorId);
  const first = fields.email ? await contactByEmail(db, workspaceId, fields.email, current?.id) : undefined;

  if (first && !current) {
    const { survivor, filled } = await joinContact(db, first, visitorId, fields, actorId, now);
    await contactUpdated(env, survivor, filled);
    return { contact: survivor, mergedInto: first.id, converted: false };
  }

  if (current) {
    // The agent's form is the contact's fields as they should be: every field is written.
    const changed = changedFields(current, fields);
    const [updated] = await db.batch([
      db.update(contacts).set({ ...fields, updatedAt: now, lastActivityAt: now }).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, current.id))).returning(),
      contactEventInsert(db, { workspaceId, contactId: current.id, kind: "updated", actorId, data: { fields: changed }, at: now }),
    ]);
    const row = updated[0] ?? current;
    if (!first) {
      await contactUpdated(env, row, changed);
      return { contact: row, mergedInto: null, converted: false };
    }
    // Its new email is another contact's: this contact is folded into that one.
    const { survivor, filled } = await foldContact(db, first, row, actorId, "capture", now);
    await contactMergedAway(env, workspaceId, row.id, first.id);
    await contactUpdated(env, survivor, filled);
    return { contact: survivor, mergedInto: first.id, converted: false };
  }

  const id = newId();
  const [inserted] = await db.batch([
    db
      .insert(contacts)
      .values({ id, workspaceId, visitorId, interfaceId: capture.interfaceId, createdBy: actorId, createdAt: now, updatedAt: now, lastActivityAt: now, ...fields })
      .returning(),
    db.insert(contactVisitors).values({ workspaceId, contactId: id, visitorId, createdAt: now }).onConflictDoUpdate({ target: [contactVisitors.workspaceId, contactVisitors.visitorId], set: { contactId: id } }),
    contactEventInsert(db, { workspaceId, contactId: id, kind: "converted", actorId, data: { visitorId }, at: now }),
    insertMetricEvents(db, [{ id: metricEventId.contactConverted(id), workspaceId, interfaceId: capture.interfaceId, kind: "contact_converted", at: now, visitorId }]),
  ]);
  const row = inserted[0]!;
  // Two captures of one email at once both found no contact and both made one: the newer of the
  // two folds itself into the older (each side sees the same order), so one contact is left.
  const older = fields.email ? await contactByEmail(db, workspaceId, fields.email, id) : undefined;
  if (older && (older.createdAt < row.createdAt || (older.createdAt === row.createdAt && older.id < row.id))) {
    const { survivor, filled } = await foldContact(db, older, row, actorId, "capture", now);
    await contactUpdated(env, survivor, filled);
    return { contact: survivor, mergedInto: older.id, converted: true };
  }
  await contactCreated(env, row);
  return { contact: row, mergedInto: null, converted: true };
}
