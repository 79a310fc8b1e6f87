// The D1 half of an erasure, as one batch (one transaction: all of it or none): the record of what
// is erased, counted before anything goes, then every row that holds the person deleted or
// stripped. Offline threads, their messages and contacts leave their FTS5 search rows by triggers.
import { and, eq, ne, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client";
import {
  appointments,
  calls,
  contactEvents,
  contacts,
  contactVisitors,
  conversations,
  crmRecords,
  deliveries,
  emails,
  erasures,
  messageIndex,
  notes,
  offlineMessages,
  offlineThreads,
  uploads,
  visitors,
} from "../db/schema";
import { emailIn, inList, type ErasureScope } from "./erasureScope";

export interface ErasureRecord {
  id: string;
  contactId: string;
  actorId: string;
  at: number;
  /** Counted outside D1: the Durable Objects' messages and R2's files. */
  messages: number;
  files: number;
}

/** Which rows of each table are the person's. */
function wheres(scope: ErasureScope) {
  const { workspaceId: w, contactIds, visitorIds, emails: addresses } = scope;
  const convs = scope.conversations.map((c) => c.id);
  const threads = and(
    eq(offlineThreads.workspaceId, w),
    or(inList(offlineThreads.id, scope.threadIds), inList(offlineThreads.visitorId, visitorIds), inList(offlineThreads.conversationId, convs), emailIn(offlineThreads.email, addresses)),
  )!;
  const threadIdsNow = sql`(SELECT ${offlineThreads.id} FROM ${offlineThreads} WHERE ${threads})`;
  // Every id and address the person is known by: a delivery payload naming one of them is theirs.
  const terms = [...contactIds, ...visitorIds, ...convs, ...scope.threadIds, ...scope.appointmentIds, ...addresses].map((t) => t.toLowerCase());
  return {
    contacts: and(eq(contacts.workspaceId, w), inList(contacts.id, contactIds))!,
    contactVisitors: and(eq(contactVisitors.workspaceId, w), or(inList(contactVisitors.contactId, contactIds), inList(contactVisitors.visitorId, visitorIds)))!,
    contactEvents: and(eq(contactEvents.workspaceId, w), inList(contactEvents.contactId, contactIds))!,
    crmRecords: and(eq(crmRecords.workspaceId, w), inList(crmRecords.contactId, contactIds))!,
    visitors: and(eq(visitors.workspaceId, w), inList(visitors.id, visitorIds))!,
    notes: and(eq(notes.workspaceId, w), inList(notes.visitorId, visitorIds))!,
    conversations: and(eq(conversations.workspaceId, w), inList(conversations.id, convs))!,
    messageIndex: and(eq(messageIndex.workspaceId, w), inList(messageIndex.conversationId, convs))!,
    uploads: and(eq(uploads.workspaceId, w), inList(uploads.conversationId, convs))!,
    threads,
    offlineMessages: and(eq(offlineMessages.workspaceId, w), sql`${offlineMessages.threadId} IN ${threadIdsNow}`)!,
    appointments: and(
      eq(appointments.workspaceId, w),
      or(inList(appointments.id, scope.appointmentIds), inList(appointments.visitorId, visitorIds), inList(appointments.conversationId, convs), emailIn(appointments.email, addresses)),
    )!,
    // Emails to any of their addresses, and the replies of their threads whatever address they went to.
    emails: and(
      eq(emails.workspaceId, w),
      or(emailIn(emails.to, addresses), sql`${emails.id} IN (SELECT ${offlineMessages.emailId} FROM ${offlineMessages} WHERE ${offlineMessages.threadId} IN ${threadIdsNow})`),
    )!,
    // The workspace's deliveries (by its targets, which the index reads) of events about them; the
    // contact.deleted events name the contact by id only and stay.
    deliveries: and(
      eq(deliveries.workspaceId, w),
      sql`${deliveries.targetId} IN (SELECT id FROM webhook_endpoints WHERE workspace_id = ${w} UNION ALL SELECT id FROM integrations WHERE workspace_id = ${w})`,
      ne(deliveries.event, "contact.deleted"),
      sql`EXISTS (SELECT 1 FROM json_each(${JSON.stringify(terms)}) WHERE instr(lower(${deliveries.payload}), value) > 0)`,
    )!,
  };
}

const count = (table: SQLiteTable, where: SQL) => sql`(SELECT count(*) FROM ${table} WHERE ${where})`;

/** A drizzle query as a D1 statement: drizzle's own batch cannot bind a raw `sql` query's parameters. */
function statement(d1: D1Database, query: { toSQL(): { sql: string; params: unknown[] } } | { getQuery(): { sql: string; params: unknown[] } }): D1PreparedStatement {
  const { sql: text, params } = "toSQL" in query ? query.toSQL() : query.getQuery();
  return d1.prepare(text).bind(...params);
}

/**
 * The batch, in order: the `erasures` record (counts taken before the first delete), the
 * appointments still ahead cancelled and their calls cut, every holding stripped or deleted, the
 * contacts last. Its last statement returns the stored report (`results[0].report`).
 */
export function erasureStatements(d1: D1Database, db: Database, scope: ErasureScope, record: ErasureRecord): D1PreparedStatement[] {
  const where = wheres(scope);
  const { at } = record;
  const ahead = and(where.appointments, eq(appointments.status, "booked"), sql`${appointments.endsAt} > ${at}`)!;
  const queries = [
    db.run(sql`INSERT INTO ${erasures} (id, workspace_id, contact_id, erased_by, report, at) SELECT ${record.id}, ${scope.workspaceId}, ${record.contactId}, ${record.actorId},
      json_object('contacts', ${count(contacts, where.contacts)}, 'visitors', ${count(visitors, where.visitors)}, 'notes', ${count(notes, where.notes)},
        'conversations', ${count(conversations, where.conversations)}, 'messages', ${record.messages},
        'offlineThreads', ${count(offlineThreads, where.threads)}, 'offlineMessages', ${count(offlineMessages, where.offlineMessages)},
        'appointments', ${count(appointments, where.appointments)}, 'emails', ${count(emails, where.emails)}, 'files', ${record.files},
        'searchRows', ${count(messageIndex, where.messageIndex)}, 'crmRecords', ${count(crmRecords, where.crmRecords)},
        'deliveries', ${count(deliveries, where.deliveries)}), ${at}`),
    db.update(calls).set({ expiresAt: sql`min(${calls.expiresAt}, ${at})` }).where(and(eq(calls.workspaceId, scope.workspaceId), sql`${calls.id} IN (SELECT ${appointments.callId} FROM ${appointments} WHERE ${ahead})`)),
    db.update(appointments).set({ status: "cancelled", cancelledAt: at, cancelledBy: "agent" }).where(ahead),
    db.update(appointments).set({ name: "", email: "", visitorTimeZone: "" }).where(where.appointments),
    db.delete(emails).where(where.emails),
    db.delete(offlineMessages).where(where.offlineMessages),
    db.delete(offlineThreads).where(where.threads),
    db.delete(messageIndex).where(where.messageIndex),
    db
      .update(conversations)
      .set({ status: "closed", closedAt: sql`coalesce(${conversations.closedAt}, ${at})`, lastMessagePreview: null, ratingComment: null })
      .where(where.conversations),
    db.delete(uploads).where(where.uploads),
    db.delete(notes).where(where.notes),
    // The visitor stays as a bare number: conversations and the dashboard's counts point at it.
    db.update(visitors).set({ name: null, email: null, phone: null, externalId: null, identity: null, customFields: null, context: null }).where(where.visitors),
    db.delete(contactEvents).where(where.contactEvents),
    db.delete(crmRecords).where(where.crmRecords),
    db.delete(contactVisitors).where(where.contactVisitors),
    db.delete(contacts).where(where.contacts),
    // A delivery not yet made is dropped (a CRM would otherwise be given the person again); a made
    // one keeps its log line without its payload.
    db.delete(deliveries).where(and(where.deliveries, eq(deliveries.status, "queued"))),
    db
      .update(deliveries)
      .set({ payload: sql`json_object('id', ${deliveries.eventId}, 'event', ${deliveries.event}, 'erased', json('true'))` })
      .where(where.deliveries),
    // The search rows the triggers removed (threads', their messages', contacts') count with the index's.
    db.run(sql`UPDATE ${erasures} SET report = json_set(report, '$.searchRows',
        json_extract(report, '$.searchRows') + json_extract(report, '$.offlineThreads') + json_extract(report, '$.offlineMessages') + json_extract(report, '$.contacts'))
      WHERE id = ${record.id} RETURNING report`),
  ];
  return queries.map((query) => statement(d1, query));
}
