// The widget's offline form: the visitor sends it from their own conversation once the request
// went unanswered. The conversation checks it against its Live chat step and words the errors in
// its language, so even a body the schema refuses is handed to it.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { and, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { conversations } from "../db/schema";
import type { AppBindings } from "../env";
import { conversationStub } from "../lib/conversationService";
import { ApiError, badRequest, describeIssues, notFound } from "../lib/errors";
import { limitVisitor, limitVisitorAddress } from "../lib/rateLimit";
import { createRouter } from "../lib/router";
import { requireVisitor } from "../lib/visitorAuth";
import { errorResponses, jsonBody, jsonContent } from "@raibu/protocol/api";
import { OfflineSubmissionSchema, OfflineSubmittedSchema } from "@raibu/protocol/offline";

const router = createRouter();
router.use("/api/widget/conversations/:id/offline-form", requireVisitor);

const submit = createRoute({
  method: "post",
  path: "/api/widget/conversations/{id}/offline-form",
  tags: ["widget"],
  summary:
    "Send the offline form of the visitor's conversation (while it shows the form): makes the inbox thread once — the same `id` sent again answers the same thread. 400 `invalid_form` names each bad field in `fields`, worded in the conversation's language; 409 `not_offline` when the form is not showing (or another submission was recorded); 503 `unavailable` when it could not be saved (send it again)",
  security: [{ visitorToken: [] }],
  request: { params: z.object({ id: z.string().max(64) }), ...jsonBody(OfflineSubmissionSchema) },
  responses: { 200: jsonContent(OfflineSubmittedSchema), ...errorResponses(400, 401, 404, 409, 429, 503) },
});

async function submitForm(c: Context<AppBindings>, conversationId: string, body: unknown) {
  const me = c.get("visitor");
  await limitVisitorAddress(c, "offlineForm");
  await limitVisitor(c, "offlineForm", "interface", me.interfaceId);
  // The token names the visitor: another visitor's conversation is not found.
  const [row] = await getDb(c.env.DB)
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.id, conversationId), eq(conversations.visitorId, me.visitorId), eq(conversations.workspaceId, me.workspaceId)))
    .limit(1);
  if (!row) throw notFound("Conversation");
  const result = await conversationStub(c.env, row.id).submitOfflineForm(me.visitorId, body);
  if (!result.ok) throw new ApiError(result.status, result.code, result.message, result.fields ? { fields: result.fields } : {});
  return c.json(result.submitted, 200);
}

router.openapi(
  submit,
  (c) => submitForm(c, c.req.valid("param").id, c.req.valid("json")),
  (result, c) => {
    if (result.success) return;
    if (result.target !== "json") throw badRequest(describeIssues(result.error.issues));
    return c.req
      .json()
      .catch(() => null)
      .then((body) => submitForm(c, c.req.param("id") ?? "", body));
  },
);

export default router;
