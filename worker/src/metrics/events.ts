// The dashboard's events as they are written: one insert each, ignored when its id is already
// there, so whoever retries (an outbox after a failed flush, a client resending) counts nothing
// twice. The trigger of migration 0017 cuts the day and keeps the day sums (table metric_daily).
import type { MetricKind } from "@raibu/protocol/metrics";
import { VISITOR_SEEN_BUCKET_MS } from "@raibu/protocol/metrics";
import type { Database } from "../db/client";
import { metricEvents } from "../db/schema";

export interface MetricEvent {
  /** The event's own key: see `metricEventId`. */
  id: string;
  workspaceId: string;
  interfaceId: string;
  kind: MetricKind;
  at: number;
  visitorId: string | null;
}

/**
 * Each event's key names what happened, not when it was written:
 * - `visitor_seen`: the visitor and the quarter hour (`seen:<visitor>:<quarter>`);
 * - `takeover` / `live_accepted` / `video_accepted`: the conversation and when its live chat
 *   started (one response per chat, however often the copy is retried);
 * - `call_held`: the call; `offline_message`: the offline thread; `contact_converted`: the
 *   contact; `appointment_booked`: the appointment.
 */
export const metricEventId = {
  visitorSeen: (visitorId: string, at: number) => `seen:${visitorId}:${Math.floor(at / VISITOR_SEEN_BUCKET_MS)}`,
  response: (conversationId: string, startedAt: number) => `response:${conversationId}:${startedAt}`,
  callHeld: (callId: string) => `call:${callId}`,
  offlineMessage: (threadId: string) => `offline:${threadId}`,
  contactConverted: (contactId: string) => `contact:${contactId}`,
  appointmentBooked: (appointmentId: string) => `appointment:${appointmentId}`,
};

/** The insert of up to 16 events (D1 binds at most 100 values a statement), to run alone or inside the batch that makes the change they count. */
export function insertMetricEvents(db: Database, events: MetricEvent[]) {
  return db.insert(metricEvents).values(events).onConflictDoNothing({ target: metricEvents.id });
}
