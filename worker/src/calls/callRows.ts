// A call's D1 row with what the call page needs around it: the interface whose key signs its links,
// the conversation or appointment it belongs to, the names and languages of its two members; and
// the times the call object writes back (the dashboard counts a held call from `started_at`).
import type { Lang } from "@raibu/protocol/lang";
import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { insertMetricEvents, type MetricEvent } from "../metrics/events";
import { appointments, calls, chatInterfaces, conversations, users, visitors } from "../db/schema";
import { visitorDisplayName } from "../lib/conversationService";
import { pickLocale } from "../lib/i18n";

export interface CallRecord {
  id: string;
  workspaceId: string;
  interfaceId: string;
  signingKey: string;
  conversationId: string | null;
  appointmentId: string | null;
  agentId: string | null;
  expiresAt: number;
  startedAt: number | null;
  endedAt: number | null;
  /** The visitor's name as agents see it (their own, or "Visitor #12"; the booking's name for an appointment). */
  visitorName: string;
  /** The visitor's language: the appointment's, else the interface's (the conversation's). */
  visitorLang: Lang;
  /** The agent who accepted the request, or who first joined the appointment's call. */
  agent: { id: string; name: string; lang: Lang | null } | null;
  scheduledAt: number | null;
  /** The appointment was cancelled (its call with it). */
  cancelled: boolean;
}

/** The call with its surroundings, or null when there is no such call (or its interface is gone). */
export async function findCall(db: Database, callId: string): Promise<CallRecord | null> {
  const [row] = await db
    .select({
      call: calls,
      convInterface: conversations.interfaceId,
      apptInterface: appointments.interfaceId,
      apptName: appointments.name,
      apptLang: appointments.lang,
      startsAt: appointments.startsAt,
      apptStatus: appointments.status,
      visitorName: visitors.name,
      visitorNumber: visitors.number,
      agentName: users.name,
      agentLocale: users.locale,
    })
    .from(calls)
    .leftJoin(conversations, and(eq(conversations.id, calls.conversationId), eq(conversations.workspaceId, calls.workspaceId)))
    .leftJoin(visitors, and(eq(visitors.id, conversations.visitorId), eq(visitors.workspaceId, calls.workspaceId)))
    .leftJoin(appointments, and(eq(appointments.id, calls.appointmentId), eq(appointments.workspaceId, calls.workspaceId)))
    .leftJoin(users, and(eq(users.id, calls.agentId), eq(users.workspaceId, calls.workspaceId)))
    .where(eq(calls.id, callId))
    .limit(1);
  const interfaceId = row?.convInterface ?? row?.apptInterface;
  if (!row || !interfaceId) return null;
  const [iface] = await db
    .select({ signingKey: chatInterfaces.signingKey, language: chatInterfaces.language })
    .from(chatInterfaces)
    .where(and(eq(chatInterfaces.id, interfaceId), eq(chatInterfaces.workspaceId, row.call.workspaceId)))
    .limit(1);
  if (!iface) return null;
  const { call } = row;
  const visitorName =
    row.apptName ?? (row.visitorNumber !== null ? visitorDisplayName({ name: row.visitorName, number: row.visitorNumber }, iface.language) : "");
  return {
    id: call.id,
    workspaceId: call.workspaceId,
    interfaceId,
    signingKey: iface.signingKey,
    conversationId: call.conversationId,
    appointmentId: call.appointmentId,
    agentId: call.agentId,
    expiresAt: call.expiresAt,
    startedAt: call.startedAt,
    endedAt: call.endedAt,
    visitorName,
    visitorLang: row.apptLang ?? iface.language,
    agent: call.agentId && row.agentName !== null ? { id: call.agentId, name: row.agentName, lang: row.agentLocale ? pickLocale(row.agentLocale) : null } : null,
    scheduledAt: row.startsAt,
    cancelled: row.apptStatus === "cancelled",
  };
}

/** The first agent to join an appointment's call becomes its agent (the visitor's page then names them). */
export async function claimCall(db: Database, callId: string, workspaceId: string, agentId: string): Promise<void> {
  await db
    .update(calls)
    .set({ agentId })
    .where(and(eq(calls.id, callId), eq(calls.workspaceId, workspaceId), isNull(calls.agentId)));
}

/** What the call object writes back: when both were first there, and when and how long it ended; with the start, its `call_held` event (one transaction). */
export async function writeCallTimes(
  db: Database,
  callId: string,
  times: { startedAt: number | null; endedAt: number | null; durationMs: number | null },
  events: MetricEvent[] = [],
): Promise<void> {
  const update = db.update(calls).set(times).where(eq(calls.id, callId));
  if (events.length === 0) await update;
  else await db.batch([update, insertMetricEvents(db, events)]);
}
