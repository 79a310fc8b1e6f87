// The widget's Appointment step: the free slots of the conversation's interface, and booking one for
// the conversation's visitor. Both are public (a visitor token) and limited per address and per interface.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { and, eq } from "drizzle-orm";
import { BookingBodySchema, BookingSchema, SlotListSchema } from "@raibu/protocol/appointments";
import { errorResponses, jsonBody, jsonContent } from "@raibu/protocol/api";
import { metricsChanged } from "../metrics/notify";
import { bookedNear, bookSlot } from "../appointments/bookings";
import { afterBooked, tellConversation } from "../appointments/notify";
import { loadAppointmentSettings } from "../appointments/settings";
import { freeSlots } from "../appointments/slots";
import { getDb } from "../db/client";
import { conversations } from "../db/schema";
import type { AppBindings } from "../env";
import { ApiError, badRequest, conflict, notFound } from "../lib/errors";
import { appOrigin } from "../lib/origin";
import { limitVisitor, limitVisitorAddress, type VisitorAction } from "../lib/rateLimit";
import { createRouter } from "../lib/router";
import { requireVisitor } from "../lib/visitorAuth";

const DAY_MS = 86_400_000;
/** The most one slot list spans: the picker asks a week or so at a time. */
const MAX_RANGE_MS = 31 * DAY_MS;

const router = createRouter();
router.use("/api/widget/conversations/:id/slots", requireVisitor);
router.use("/api/widget/conversations/:id/bookings", requireVisitor);

/** Counts the request, then finds the visitor's own conversation: another visitor's is not found. */
async function ownConversation(c: Context<AppBindings>, conversationId: string, action: VisitorAction) {
  const me = c.get("visitor");
  await limitVisitorAddress(c, action);
  await limitVisitor(c, action, "interface", me.interfaceId);
  const [row] = await getDb(c.env.DB)
    .select({ id: conversations.id, interfaceId: conversations.interfaceId })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.visitorId, me.visitorId), eq(conversations.workspaceId, me.workspaceId)))
    .limit(1);
  if (!row) throw notFound("Conversation");
  return { me, conversation: row };
}

const appointmentsOff = () => conflict("This chat does not take appointments.", "appointments_off");

const slots = createRoute({
  method: "get",
  path: "/api/widget/conversations/{id}/slots",
  tags: ["widget"],
  summary: "The free appointment slots of the conversation's chat interface that start in [from, to] (epoch ms, at most 31 days), soonest first; 409 `appointments_off` when it takes none",
  security: [{ visitorToken: [] }],
  request: {
    params: z.object({ id: z.string().max(64) }),
    query: z.object({ from: z.coerce.number().int().nonnegative(), to: z.coerce.number().int().nonnegative() }),
  },
  responses: { 200: jsonContent(SlotListSchema), ...errorResponses(400, 401, 404, 409, 429) },
});

router.openapi(slots, async (c) => {
  const { from, to } = c.req.valid("query");
  if (to < from || to - from > MAX_RANGE_MS) throw badRequest("`to` must follow `from` by at most 31 days.", "invalid_range");
  const { me, conversation } = await ownConversation(c, c.req.valid("param").id, "appointmentSlots");
  const db = getDb(c.env.DB);
  const iface = await loadAppointmentSettings(db, conversation.interfaceId, me.workspaceId);
  if (!iface?.settings.enabled) throw appointmentsOff();
  const booked = await bookedNear(db, iface.interfaceId, from, to);
  const free = freeSlots({ settings: iface.settings, timeZone: iface.timeZone, booked, now: Date.now(), from, to });
  return c.json({ timeZone: iface.timeZone, slotMinutes: iface.settings.slotMinutes, slots: free }, 200);
});

const book = createRoute({
  method: "post",
  path: "/api/widget/conversations/{id}/bookings",
  tags: ["widget"],
  summary:
    "Book a free slot for the conversation's visitor: the appointment, its call and the visitor's call link; the same `id` again answers the same booking. 409 `slot_taken` when someone else holds the slot, `slot_unavailable` when it is not offered (any more), `appointments_off` when the interface takes none",
  security: [{ visitorToken: [] }],
  request: { params: z.object({ id: z.string().max(64) }), ...jsonBody(BookingBodySchema) },
  responses: { 200: jsonContent(BookingSchema), ...errorResponses(400, 401, 404, 409, 429) },
});

router.openapi(book, async (c) => {
  const { me, conversation } = await ownConversation(c, c.req.valid("param").id, "booking");
  const origin = appOrigin(c.env, c.req.url);
  const result = await bookSlot(c.env, {
    workspaceId: me.workspaceId,
    interfaceId: conversation.interfaceId,
    conversationId: conversation.id,
    visitorId: me.visitorId,
    body: c.req.valid("json"),
    appOrigin: origin,
  });
  if (!result.ok) throw new ApiError(409, result.code, result.message);
  // A retry tells only the conversation again (it keeps one notice): the consoles and the email heard the first.
  if (result.created) {
    c.executionCtx.waitUntil(metricsChanged(c.env, me.workspaceId));
    await afterBooked(c.env, result.row, result.appointment, origin, result.visitorUrl);
  } else await tellConversation(c.env, result.row, result.visitorUrl);
  return c.json({ appointment: result.appointment, visitorUrl: result.visitorUrl }, 200);
});

export default router;
