// Who an erasure is about: the contact's visitors, the email addresses they gave, and everything
// that shares one of those addresses (another visitor who typed it to the bot, an offline thread,
// an appointment, a second contact). Found before anything is erased, so a retried erasure finds
// the same person again for as long as any of it is left.
import { and, eq, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Lang } from "@raibu/protocol/lang";
import type { Database } from "../db/client";
import { appointments, chatInterfaces, contacts, contactVisitors, conversations, offlineThreads, visitors } from "../db/schema";
import { visitorDisplayName } from "../lib/conversationService";
import type { ContactRecord } from "./records";

/** Rounds of « who else shares an address »: an address found in one round is looked for in the next. */
const ROUNDS = 3;

export interface ErasureScope {
  workspaceId: string;
  contactIds: string[];
  visitorIds: string[];
  /** Lowercased. */
  emails: string[];
  conversations: { id: string; anonymousName: string }[];
  threadIds: string[];
  appointmentIds: string[];
}

/** `column IN (the values)`, bound as one JSON parameter: a person with many conversations stays under D1's 100 parameters a statement. */
export function inList(column: SQLWrapper, values: readonly string[]): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${JSON.stringify(values)}))`;
}

/** `lower(column) IN (the lowercased addresses)`: addresses are compared as people type them, in any case. */
export function emailIn(column: SQLWrapper, emails: readonly string[]): SQL {
  return sql`lower(${column}) IN (SELECT value FROM json_each(${JSON.stringify(emails)}))`;
}

const lowered = (values: Array<string | null | undefined>) => values.filter((v): v is string => !!v).map((v) => v.trim().toLowerCase());

export async function erasureScope(db: Database, contact: ContactRecord): Promise<ErasureScope> {
  const workspaceId = contact.workspaceId;
  const contactIds = new Set([contact.id]);
  const visitorIds = new Set(contact.visitorId ? [contact.visitorId] : []);
  const emails = new Set(lowered([contact.email]));
  for (let round = 0; round < ROUNDS; round++) {
    const sizes = [contactIds.size, visitorIds.size, emails.size];
    const [linked, byEmail, threads, booked] = await db.batch([
      db
        .select({ contactId: contactVisitors.contactId, visitorId: contactVisitors.visitorId })
        .from(contactVisitors)
        .where(and(eq(contactVisitors.workspaceId, workspaceId), or(inList(contactVisitors.contactId, [...contactIds]), inList(contactVisitors.visitorId, [...visitorIds])))),
      db
        .select({ id: contacts.id, visitorId: contacts.visitorId, email: contacts.email })
        .from(contacts)
        .where(and(eq(contacts.workspaceId, workspaceId), or(inList(contacts.id, [...contactIds]), inList(contacts.visitorId, [...visitorIds]), emailIn(contacts.email, [...emails])))),
      db
        .select({ visitorId: offlineThreads.visitorId, email: offlineThreads.email })
        .from(offlineThreads)
        .where(and(eq(offlineThreads.workspaceId, workspaceId), or(inList(offlineThreads.visitorId, [...visitorIds]), emailIn(offlineThreads.email, [...emails])))),
      db
        .select({ visitorId: appointments.visitorId, email: appointments.email })
        .from(appointments)
        .where(and(eq(appointments.workspaceId, workspaceId), or(inList(appointments.visitorId, [...visitorIds]), emailIn(appointments.email, [...emails])))),
    ]);
    for (const row of linked) contactIds.add(row.contactId), visitorIds.add(row.visitorId);
    for (const row of byEmail) {
      contactIds.add(row.id);
      if (row.visitorId) visitorIds.add(row.visitorId);
    }
    for (const row of [...threads, ...booked]) if (row.visitorId) visitorIds.add(row.visitorId);
    for (const email of lowered([...byEmail, ...threads, ...booked].map((r) => r.email))) emails.add(email);
    const people = await db
      .select({ id: visitors.id, email: visitors.email })
      .from(visitors)
      .where(and(eq(visitors.workspaceId, workspaceId), or(inList(visitors.id, [...visitorIds]), emailIn(visitors.email, [...emails]))));
    for (const row of people) visitorIds.add(row.id);
    for (const email of lowered(people.map((r) => r.email))) emails.add(email);
    if (sizes[0] === contactIds.size && sizes[1] === visitorIds.size && sizes[2] === emails.size) break;
  }
  return { workspaceId, contactIds: [...contactIds], visitorIds: [...visitorIds], emails: [...emails], ...(await holdings(db, workspaceId, [...visitorIds], [...emails])) };
}

/** The person's conversations (each with the name its visitor goes by once erased), threads and appointments. */
async function holdings(db: Database, workspaceId: string, visitorIds: string[], emails: string[]) {
  const [convs, threads, booked] = await db.batch([
    db
      .select({ id: conversations.id, number: visitors.number, language: chatInterfaces.language })
      .from(conversations)
      .leftJoin(visitors, eq(visitors.id, conversations.visitorId))
      .leftJoin(chatInterfaces, eq(chatInterfaces.id, conversations.interfaceId))
      .where(and(eq(conversations.workspaceId, workspaceId), inList(conversations.visitorId, visitorIds))),
    db
      .select({ id: offlineThreads.id })
      .from(offlineThreads)
      .where(and(eq(offlineThreads.workspaceId, workspaceId), or(inList(offlineThreads.visitorId, visitorIds), emailIn(offlineThreads.email, emails)))),
    db
      .select({ id: appointments.id })
      .from(appointments)
      .where(and(eq(appointments.workspaceId, workspaceId), or(inList(appointments.visitorId, visitorIds), emailIn(appointments.email, emails)))),
  ]);
  return {
    conversations: convs.map((c) => ({ id: c.id, anonymousName: visitorDisplayName({ name: null, number: c.number ?? 0 }, (c.language ?? "en") as Lang) })),
    threadIds: threads.map((t) => t.id),
    appointmentIds: booked.map((a) => a.id),
  };
}
