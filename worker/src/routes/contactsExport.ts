// « Export CSV » of the Contacts page: the contacts of the list's current filter as one streamed file,
// for every member of the workspace (it holds what the list and the contact pages already show them).
import { createRoute, z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import { ContactListQuerySchema } from "@raibu/protocol/contacts";
import { getDb } from "../db/client";
import { users, workspaces } from "../db/schema";
import { exportContacts } from "../contacts/export";
import { requireUser } from "../lib/auth";
import { localeFromHeader, pickLocale } from "../lib/i18n";
import { cookieAuth, createRouter } from "../lib/router";
import { errorResponses } from "@raibu/protocol/api";

const router = createRouter();
router.use("/api/contacts/export.csv", requireUser);

const exportCsv = createRoute({
  method: "get",
  path: "/api/contacts/export.csv",
  tags: ["contacts"],
  summary: "The contacts of a list filter as CSV (RFC 4180, UTF-8 with a BOM), streamed; X-Total-Count says how many rows will come",
  security: cookieAuth,
  request: { query: ContactListQuerySchema },
  responses: {
    200: {
      description: "The CSV file: a header in the agent's language, then one row per contact, newest conversion first, a column per custom field key",
      headers: z.object({ "X-Total-Count": z.string(), "Content-Disposition": z.string() }),
      content: { "text/csv": { schema: z.string() } },
    },
    ...errorResponses(400, 401),
  },
});

router.openapi(exportCsv, async (c) => {
  const me = c.get("user");
  const { range, from, to, interfaceId, q } = c.req.valid("query");
  const db = getDb(c.env.DB);
  const [[workspace], [reader]] = await Promise.all([
    db.select({ timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, me.workspaceId)).limit(1),
    db.select({ locale: users.locale }).from(users).where(eq(users.id, me.id)).limit(1),
  ]);
  // The agent's chosen language, else their browser's, as the console speaks to them.
  const lang = reader?.locale ? pickLocale(reader.locale) : localeFromHeader(c.req.header("Accept-Language"));
  const result = await exportContacts(db, { workspaceId: me.workspaceId, filter: { range, from, to, interfaceId, q }, timeZone: workspace?.timeZone ?? "UTC", lang });
  return new Response(result.body, {
    status: 200,
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${result.filename}"`,
      "X-Total-Count": String(result.total),
    },
  });
});

export default router;
