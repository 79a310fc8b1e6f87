// A contact's page: the record with its interface, converter and last activity, then everything
// that happened with the person: the conversations, offline threads and appointments of its
// visitors (threads and appointments also by its email), its CRM states and its timeline.
import { aliasedTable, and, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { ContactDetail } from "@raibu/protocol/contacts";
import type { Database } from "../db/client";
import { appointments, contactEvents, contactVisitors, conversations, crmRecords, integrations, offlineThreads, users } from "../db/schema";
import { contactOut, type ContactRecord } from "./records";

/** Each list of the page stops here: a person with more has a long history, the newest shown. */
export const DETAIL_LIMIT = 200;

export async function contactDetail(db: Database, contact: ContactRecord): Promise<ContactDetail> {
  const { workspaceId, id } = contact;
  // Subqueries rather than a list of ids: a contact merged many times stays one bound parameter.
  const visitorsOf = db.select({ v: contactVisitors.visitorId }).from(contactVisitors).where(and(eq(contactVisitors.workspaceId, workspaceId), eq(contactVisitors.contactId, id)));
  const converter = aliasedTable(users, "converter");
  const actor = aliasedTable(users, "actor");

  const [visitorRows, convertedBy, conversationRows, threadRows, appointmentRows, crmRows, events] = await Promise.all([
    db
      .select({ visitorId: contactVisitors.visitorId })
      .from(contactVisitors)
      .where(and(eq(contactVisitors.workspaceId, workspaceId), eq(contactVisitors.contactId, id)))
      .orderBy(contactVisitors.createdAt, contactVisitors.visitorId),
    contact.createdBy
      ? db.select({ id: converter.id, name: converter.name }).from(converter).where(and(eq(converter.id, contact.createdBy), eq(converter.workspaceId, workspaceId))).limit(1)
      : Promise.resolve([]),
    db
      .select({
        id: conversations.id,
        interfaceId: conversations.interfaceId,
        status: conversations.status,
        createdAt: conversations.createdAt,
        lastMessageAt: conversations.lastMessageAt,
        lastMessagePreview: conversations.lastMessagePreview,
      })
      .from(conversations)
      .where(and(eq(conversations.workspaceId, workspaceId), inArray(conversations.visitorId, visitorsOf)))
      // Creation times are whole seconds: the row's insertion order breaks a tie.
      .orderBy(desc(conversations.createdAt), desc(sql`${conversations}.rowid`))
      .limit(DETAIL_LIMIT),
    db
      .select({ id: offlineThreads.id, preview: offlineThreads.preview, status: offlineThreads.status, lastMessageAt: offlineThreads.lastMessageAt })
      .from(offlineThreads)
      .where(and(eq(offlineThreads.workspaceId, workspaceId), contact.email ? or(inArray(offlineThreads.visitorId, visitorsOf), eq(offlineThreads.email, contact.email)) : inArray(offlineThreads.visitorId, visitorsOf)))
      .orderBy(desc(offlineThreads.lastMessageAt), desc(offlineThreads.id))
      .limit(DETAIL_LIMIT),
    db
      .select({ id: appointments.id, startsAt: appointments.startsAt, status: appointments.status })
      .from(appointments)
      .where(and(eq(appointments.workspaceId, workspaceId), contact.email ? or(inArray(appointments.visitorId, visitorsOf), eq(appointments.email, contact.email)) : inArray(appointments.visitorId, visitorsOf)))
      .orderBy(desc(appointments.startsAt), desc(appointments.id))
      .limit(DETAIL_LIMIT),
    db
      .select({ provider: integrations.provider, status: crmRecords.status, remoteId: crmRecords.remoteId, lastError: crmRecords.lastError, syncedAt: crmRecords.syncedAt })
      .from(crmRecords)
      .innerJoin(integrations, eq(integrations.id, crmRecords.integrationId))
      .where(and(eq(crmRecords.workspaceId, workspaceId), eq(crmRecords.contactId, id), eq(integrations.workspaceId, workspaceId)))
      .orderBy(integrations.provider),
    db
      .select({ id: contactEvents.id, kind: contactEvents.kind, actorId: actor.id, actorName: actor.name, data: contactEvents.data, at: contactEvents.at })
      .from(contactEvents)
      .leftJoin(actor, eq(actor.id, contactEvents.actorId))
      .where(and(eq(contactEvents.workspaceId, workspaceId), eq(contactEvents.contactId, id)))
      .orderBy(desc(contactEvents.at), desc(sql`${contactEvents}.rowid`))
      .limit(DETAIL_LIMIT),
  ]);

  return {
    contact: { ...contactOut(contact), interfaceId: contact.interfaceId, convertedBy: convertedBy[0] ?? null, lastActivityAt: contact.lastActivityAt },
    visitorIds: visitorRows.map((r) => r.visitorId),
    conversations: conversationRows,
    offlineThreads: threadRows,
    appointments: appointmentRows,
    crm: crmRows,
    timeline: events.map((e) => ({ id: e.id, kind: e.kind, actor: e.actorId && e.actorName !== null ? { id: e.actorId, name: e.actorName } : null, data: e.data ?? {}, at: e.at })),
  };
}
