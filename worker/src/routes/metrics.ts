// The dashboard's figures (GET /api/metrics): any agent of the workspace reads them for a range of
// days in the workspace's zone, all interfaces or one; another workspace's interface is not found.
import { createRoute } from "@hono/zod-openapi";
import { errorResponses, jsonContent } from "@raibu/protocol/api";
import { MAX_RANGE_DAYS, MetricsQuerySchema, MetricsSchema } from "@raibu/protocol/metrics";
import { requireUser } from "../lib/auth";
import { cookieAuth, createRouter } from "../lib/router";
import { readMetrics } from "../metrics/query";

const router = createRouter();
router.use("/api/metrics", requireUser);

const read = createRoute({
  method: "get",
  path: "/api/metrics",
  tags: ["dashboard"],
  summary: `The figures of each day from \`from\` to \`to\` (inclusive, YYYY-MM-DD in the workspace's time zone; by default the last 7 days up to today), empty days as zeros, their totals and the average responses per day, for all interfaces or \`interfaceId\`. 400 \`invalid_day\` for a day the calendar does not have, \`invalid_range\` when \`from\` comes after \`to\`, \`range_too_long\` beyond ${MAX_RANGE_DAYS} days. \`rebuild\` is a time-zone change still being applied to the stored days (or one that failed), null otherwise`,
  security: cookieAuth,
  request: { query: MetricsQuerySchema },
  responses: { 200: jsonContent(MetricsSchema), ...errorResponses(400, 401, 404) },
});

router.openapi(read, async (c) => c.json(await readMetrics(c.env, c.get("user").workspaceId, c.req.valid("query")), 200));

export default router;
