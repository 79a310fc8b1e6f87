// Appointments for agents: an interface's appointment settings (every agent reads them, admins
// change them), the workspace's list (Console → Appointments and the dashboard) and cancelling one.
// Mounted before ./interfaces.ts, whose admins-only guard on /api/interfaces/:id/* would otherwise
// answer the agents' GET of the settings first.
import { createRoute } from "@hono/zod-openapi";
import { and, eq, inArray } from "drizzle-orm";
import type { Context } from "hono";
import { AppointmentListQuerySchema, AppointmentListSchema, AppointmentSchema, AppointmentSettingsSchema, type AppointmentSettings } from "@raibu/protocol/appointments";
import { errorResponses, IdParamSchema, jsonBody, jsonContent } from "@raibu/protocol/api";
import { canonicalTimeZone, hoursProblems } from "@raibu/protocol/businessHours";
import { cancelAppointment, InvalidCursor, listAppointments } from "../appointments/bookings";
import { afterCancelled } from "../appointments/notify";
import { loadAppointmentSettings, saveAppointmentSettings } from "../appointments/settings";
import { getDb } from "../db/client";
import { users } from "../db/schema";
import type { AppBindings } from "../env";
import { isAdmin, requireUser } from "../lib/auth";
import { ApiError, badRequest, forbidden, notFound } from "../lib/errors";
import { appOrigin } from "../lib/origin";
import { cookieAuth, createRouter } from "../lib/router";

const router = createRouter();
router.use("/api/interfaces/:id/appointment-settings", requireUser);
router.use("/api/appointments", requireUser);
router.use("/api/appointments/*", requireUser);

const settingsPath = "/api/interfaces/{id}/appointment-settings";

async function settingsOf(c: Context<AppBindings>, interfaceId: string) {
  const found = await loadAppointmentSettings(getDb(c.env.DB), interfaceId, c.get("user").workspaceId);
  if (!found) throw notFound("Chat interface");
  return found;
}

const getSettings = createRoute({
  method: "get",
  path: settingsPath,
  tags: ["appointments"],
  summary: "A chat interface's appointment settings (the defaults, turned off, until an admin saves them)",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(AppointmentSettingsSchema), ...errorResponses(401, 404) },
});

router.openapi(getSettings, async (c) => c.json((await settingsOf(c, c.req.valid("param").id)).settings, 200));

const putSettings = createRoute({
  method: "put",
  path: settingsPath,
  tags: ["appointments"],
  summary:
    "Replace a chat interface's appointment settings (admins). 400 `invalid_time_zone` for a zone the runtime does not know (empty: the workspace's), `unknown_agents` naming agentIds not in the workspace, `invalid_hours` for a range that closes before it opens or overlaps another",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(AppointmentSettingsSchema) },
  responses: { 200: jsonContent(AppointmentSettingsSchema), ...errorResponses(400, 401, 403, 404) },
});

router.openapi(putSettings, async (c) => {
  const user = c.get("user");
  if (!isAdmin(user)) throw forbidden("Only an owner or an admin can do this.");
  const { id } = c.req.valid("param");
  await settingsOf(c, id);
  const settings = await checkedSettings(c, c.req.valid("json"));
  await saveAppointmentSettings(getDb(c.env.DB), id, user.workspaceId, settings);
  return c.json(settings, 200);
});

/** The settings as saved: the zone in the runtime's spelling, agents of this workspace only, sound hours. */
async function checkedSettings(c: Context<AppBindings>, body: AppointmentSettings): Promise<AppointmentSettings> {
  let timeZone = "";
  if (body.timeZone.trim()) {
    const canonical = canonicalTimeZone(body.timeZone.trim());
    if (!canonical) throw new ApiError(400, "invalid_time_zone", `"${body.timeZone}" is not a time zone; use an IANA name like Europe/Paris.`, { timeZone: body.timeZone });
    timeZone = canonical;
  }
  const problem = hoursProblems(body.days)[0];
  if (problem) throw new ApiError(400, "invalid_hours", `On ${problem.day}, a range ${problem.code === "overlap" ? "overlaps another" : "closes before it opens"}.`, { ...problem });
  const agentIds = [...new Set(body.agentIds)];
  if (agentIds.length > 0) {
    const found = await getDb(c.env.DB)
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.workspaceId, c.get("user").workspaceId), inArray(users.id, agentIds)));
    const known = new Set(found.map((u) => u.id));
    const unknown = agentIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new ApiError(400, "unknown_agents", "Some of these agents are not members of this workspace.", { agentIds: unknown });
  }
  return { ...body, timeZone, agentIds };
}

const list = createRoute({
  method: "get",
  path: "/api/appointments",
  tags: ["appointments"],
  summary:
    "The workspace's appointments, each with the agent's call link `agentUrl`: upcoming (booked, not over yet) soonest first, or past (over or cancelled) latest first; `nextCursor` gives the next page. 400 `invalid_cursor`",
  security: cookieAuth,
  request: { query: AppointmentListQuerySchema },
  responses: { 200: jsonContent(AppointmentListSchema), ...errorResponses(400, 401) },
});

router.openapi(list, async (c) => {
  try {
    return c.json(await listAppointments(c.env, c.get("user").workspaceId, c.req.valid("query"), appOrigin(c.env, c.req.url)), 200);
  } catch (err) {
    if (err instanceof InvalidCursor) throw badRequest(err.message, "invalid_cursor");
    throw err;
  }
});

const cancel = createRoute({
  method: "post",
  path: "/api/appointments/{id}/cancel",
  tags: ["appointments"],
  summary: "Cancel an appointment (any agent of the workspace): its slot is free again, its call links stop working, the consoles hear it and the visitor is emailed. Cancelling it again answers it as it is",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(AppointmentSchema), ...errorResponses(401, 403, 404) },
});

router.openapi(cancel, async (c) => {
  const result = await cancelAppointment(c.env, { workspaceId: c.get("user").workspaceId, id: c.req.valid("param").id }, "agent");
  if (!result.ok) throw notFound("Appointment");
  if (result.changed) await afterCancelled(c.env, result.row, result.appointment, "agent", appOrigin(c.env, c.req.url), c.get("user").id);
  return c.json(result.appointment, 200);
});

export default router;
