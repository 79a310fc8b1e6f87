// The dashboard's metrics: what is counted (the events), how the agents ask for a range, and what
// they get back. Days are calendar days in the workspace's time zone, written YYYY-MM-DD; a range
// is inclusive at both ends. Definitions: /work/shared/DESIGN.md "Metrics" and docs/dashboard.md.
import { z } from "@hono/zod-openapi";

/**
 * What happens, once each (every event has an id; the same id lands once):
 * - `visitor_seen`: a page with the widget loaded for a visitor (one event per visitor per
 *   quarter hour, so a day cut in any zone still finds every visitor of that day);
 * - `takeover`: an agent took a conversation from the bot (« Assign to me ») — a response;
 * - `live_accepted` / `video_accepted`: an agent accepted a live-chat / video request — a response;
 * - `call_held`: a video call both sides joined;
 * - `offline_message`: a visitor sent the offline form;
 * - `contact_converted`: a visitor became a new contact;
 * - `appointment_booked`: a visitor booked an appointment.
 */
export const METRIC_KINDS = ["visitor_seen", "takeover", "live_accepted", "video_accepted", "call_held", "offline_message", "contact_converted", "appointment_booked"] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

/** The kinds that count as a response (« Total des réponses »): a chat with a person took place. */
export const RESPONSE_KINDS = ["takeover", "live_accepted", "video_accepted"] as const satisfies readonly MetricKind[];

/** A page view's event is kept once per visitor per this span: every time zone's midnight falls on a quarter hour. */
export const VISITOR_SEEN_BUCKET_MS = 15 * 60 * 1000;

/** The longest range one query may ask for, in days. */
export const MAX_RANGE_DAYS = 731;

const DaySchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a day is written YYYY-MM-DD");

/** `GET /api/metrics?from=&to=&interfaceId=`: both days default to the last 7 days up to today. */
export const MetricsQuerySchema = z.object({
  from: DaySchema.optional(),
  to: DaySchema.optional(),
  interfaceId: z.string().min(1).max(64).optional(),
});
export type MetricsQuery = z.infer<typeof MetricsQuerySchema>;

/** One day's figures. `visitors` are distinct visitors that day. */
export const MetricsDaySchema = z.object({
  day: z.string(),
  visitors: z.number().int(),
  contacts: z.number().int(),
  responses: z.number().int(),
  liveChats: z.number().int(),
  videoChats: z.number().int(),
  takeovers: z.number().int(),
  callsHeld: z.number().int(),
  offlineMessages: z.number().int(),
  appointments: z.number().int(),
});
export type MetricsDay = z.infer<typeof MetricsDaySchema>;

/** A time-zone change being applied to the stored days (`done` of `total` events so far). */
export const MetricsRebuildSchema = z
  .object({
    timeZone: z.string(),
    status: z.enum(["running", "done", "failed"]),
    done: z.number().int(),
    total: z.number().int(),
    startedAt: z.number(),
    finishedAt: z.number().nullable(),
    /** Why a failed rebuild stopped (the last attempt's error); the API sends null while it runs. */
    lastError: z.string().nullable().optional(),
  })
  .openapi("MetricsRebuild");
export type MetricsRebuild = z.infer<typeof MetricsRebuildSchema>;

export const MetricsSchema = z
  .object({
    timeZone: z.string(),
    from: z.string(),
    to: z.string(),
    interfaceId: z.string().nullable(),
    /** Every day of the range, oldest first, empty days included. */
    days: z.array(MetricsDaySchema),
    /** The range's sums (`visitors`: the sum of each day's distinct visitors). */
    totals: MetricsDaySchema.omit({ day: true }),
    /** Responses ÷ days in the range, rounded to one decimal. */
    averageResponsesPerDay: z.number(),
    /** A time-zone change still being applied: until it is done, the days are cut in the old zone. */
    rebuild: MetricsRebuildSchema.nullable(),
  })
  .openapi("Metrics");
export type Metrics = z.infer<typeof MetricsSchema>;
