// DELETE /api/contacts/:id: erases the person (contacts/erase.ts) and answers what was erased.
// Owners and admins only: it cannot be undone and empties transcripts the whole team reads.
import { createRoute } from "@hono/zod-openapi";
import { errorResponses, IdParamSchema, jsonContent } from "@raibu/protocol/api";
import { ErasureReportSchema } from "@raibu/protocol/contacts";
import { eraseContact } from "../contacts/erase";
import { requireAdmin, requireUser } from "../lib/auth";
import { ApiError, notFound } from "../lib/errors";
import { appOrigin } from "../lib/origin";
import { cookieAuth, createRouter } from "../lib/router";

const router = createRouter();

const eraseRoute = createRoute({
  method: "delete",
  path: "/api/contacts/{id}",
  tags: ["contacts"],
  summary: "Erase a contact: their conversations' messages, files, offline threads, appointments' names, emails, notes and the contact itself",
  description:
    "Owners and admins. Answers what was erased, counted per place; integrations hear `contact.deleted`. A 503 `erasure_incomplete` names the steps that failed (`failed`): the contact is kept until everything is erased, and the same request finishes it.",
  security: cookieAuth,
  // Here, not on the path: the contact's page (GET, PATCH) on the same path is every agent's.
  middleware: [requireUser, requireAdmin] as const,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(ErasureReportSchema), ...errorResponses(401, 403, 404, 503) },
});

router.openapi(eraseRoute, async (c) => {
  const user = c.get("user");
  const outcome = await eraseContact(c.env, { workspaceId: user.workspaceId, contactId: c.req.valid("param").id, actorId: user.id, appOrigin: appOrigin(c.env, c.req.url) });
  if (!outcome) throw notFound("Contact");
  if (!outcome.ok) {
    throw new ApiError(503, "erasure_incomplete", "Part of the erasure could not be done. The contact is kept until everything is erased: erase it again to finish.", { failed: outcome.failed });
  }
  return c.json(outcome.report, 200);
});

export default router;
