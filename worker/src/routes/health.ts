// Liveness probe.
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../lib/router";
import { jsonContent } from "@raibu/protocol/api";

const health = createRouter();

const getHealth = createRoute({
  method: "get",
  path: "/api/health",
  tags: ["health"],
  summary: "Answers while the Worker runs",
  responses: { 200: jsonContent(z.object({ ok: z.literal(true) })) },
});

health.openapi(getHealth, (c) => c.json({ ok: true as const }, 200));

export default health;
