// The workspace itself: its time zone, which admins set (business hours and the dashboard's
// days are read in it). Every agent already reads it in GET /api/me.
import { createRoute } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { workspaces } from "../db/schema";
import { requireAdmin, requireUser } from "../lib/auth";
import { notFound } from "../lib/errors";
import { cookieAuth, createRouter } from "../lib/router";
import { changeTimeZone } from "../metrics/rebuild";
import { errorResponses, jsonBody, jsonContent, UpdateWorkspaceBodySchema, WorkspaceSchema } from "@raibu/protocol/api";

const router = createRouter();
router.use("/api/workspace", requireUser, requireAdmin);

const update = createRoute({
  method: "patch",
  path: "/api/workspace",
  tags: ["workspace"],
  summary: "Set the workspace's time zone (an IANA name such as Europe/Paris); admins only. The dashboard's stored days are then cut again in it in the background (GET /api/metrics shows the progress as `rebuild`)",
  security: cookieAuth,
  request: jsonBody(UpdateWorkspaceBodySchema),
  responses: { 200: jsonContent(WorkspaceSchema), ...errorResponses(400, 401, 403) },
});

router.openapi(update, async (c) => {
  const { timeZone } = c.req.valid("json");
  const workspaceId = c.get("user").workspaceId;
  // The dashboard's stored days follow the zone: a change starts cutting them again (metrics/rebuild.ts).
  await changeTimeZone(c.env, workspaceId, timeZone);
  const [row] = await getDb(c.env.DB)
    .select({ id: workspaces.id, name: workspaces.name, timeZone: workspaces.timeZone })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  if (!row) throw notFound("Workspace");
  return c.json(row, 200);
});

export default router;
