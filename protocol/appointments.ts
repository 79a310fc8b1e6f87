// Appointments: a chat interface's weekly availability (Settings → Appointments), the free slots
// the widget's Appointment step offers, a booking, and the agents' list (Console → Appointments,
// and the dashboard's upcoming list). Times on the wire are epoch milliseconds; days and hours are
// cut in the team's time zone, and the widget shows them in the visitor's.
import { z } from "@hono/zod-openapi";
import { OpenRangeSchema, WEEKDAYS, type Weekday } from "./businessHours";
import { EmailSchema, LocaleSchema } from "./fields";

const DayRangesSchema = z.array(OpenRangeSchema).max(4).default([]);

/** An interface's availability for appointments. */
export const AppointmentSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** IANA zone the weekly hours are in; empty: the workspace's. */
    timeZone: z.string().max(64).default(""),
    days: z
      .object(Object.fromEntries(WEEKDAYS.map((day) => [day, DayRangesSchema])) as Record<Weekday, typeof DayRangesSchema>)
      .default({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }),
    slotMinutes: z.number().int().min(10).max(240).default(30),
    /** Free time kept after each appointment. */
    bufferMinutes: z.number().int().min(0).max(120).default(0),
    /** How far ahead a visitor may book. */
    daysAhead: z.number().int().min(1).max(90).default(14),
    /** How soon the earliest bookable slot starts. */
    minNoticeMinutes: z.number().int().min(0).max(7 * 24 * 60).default(120),
    /** Agents who take appointments (and are told of bookings); empty: every agent. */
    agentIds: z.array(z.string().max(64)).max(200).default([]),
  })
  .openapi("AppointmentSettings");
export type AppointmentSettings = z.infer<typeof AppointmentSettingsSchema>;

/** `GET /api/widget/conversations/:id/slots?from=&to=`: free slots, soonest first. */
export const SlotListSchema = z
  .object({
    /** The team's zone, to name it beside the visitor's. */
    timeZone: z.string(),
    slotMinutes: z.number().int(),
    slots: z.array(z.object({ startsAt: z.number(), endsAt: z.number() })),
  })
  .openapi("SlotList");
export type SlotList = z.infer<typeof SlotListSchema>;

/** The widget books a slot for the conversation's visitor; `id` is the widget's (a retry books once). */
export const BookingBodySchema = z
  .object({
    id: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
    startsAt: z.number().int(),
    name: z.string().trim().min(1, { error: "Enter your name." }).max(80),
    email: EmailSchema,
    /** The visitor's IANA zone, for the confirmation email's times. */
    timeZone: z.string().max(64).default(""),
  })
  .openapi("BookingBody");
export type BookingBody = z.infer<typeof BookingBodySchema>;

export const AppointmentStatusSchema = z.enum(["booked", "cancelled"]);
export type AppointmentStatus = z.infer<typeof AppointmentStatusSchema>;

export const AppointmentSchema = z
  .object({
    id: z.string(),
    interfaceId: z.string(),
    interfaceName: z.string(),
    conversationId: z.string().nullable(),
    visitorId: z.string().nullable(),
    name: z.string(),
    email: z.string(),
    lang: LocaleSchema,
    startsAt: z.number(),
    endsAt: z.number(),
    status: AppointmentStatusSchema,
    callId: z.string(),
    /** Agents' list only: the agent's signed call link (what « Rejoindre » opens). */
    agentUrl: z.string().optional(),
    createdAt: z.number(),
    cancelledAt: z.number().nullable(),
  })
  .openapi("Appointment");
export type Appointment = z.infer<typeof AppointmentSchema>;

/** What the widget shows once booked: the slot and the visitor's call link. */
export const BookingSchema = z
  .object({ appointment: AppointmentSchema.omit({ agentUrl: true }), visitorUrl: z.string() })
  .openapi("Booking");
export type Booking = z.infer<typeof BookingSchema>;

/** `GET /api/appointments?when=upcoming|past&interfaceId=&limit=`: the console's list and the dashboard's. */
export const AppointmentListQuerySchema = z.object({
  when: z.enum(["upcoming", "past"]).default("upcoming"),
  interfaceId: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export const AppointmentListSchema = z
  .object({ appointments: z.array(AppointmentSchema), nextCursor: z.string().nullable() })
  .openapi("AppointmentList");
export type AppointmentList = z.infer<typeof AppointmentListSchema>;
