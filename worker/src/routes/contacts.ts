// The contacts CRM's API: the list (filters, search, sort, keyset pages, total), a contact's page,
// edits, and merging two contacts by hand. Any agent of the workspace may read, edit and merge;
// another workspace's contact is not found.
import { createRoute } from "@hono/zod-openapi";
import { and, eq } from "drizzle-orm";
import type { Context } from "hono";
import { ContactDetailSchema, ContactListQuerySchema, ContactMergeBodySchema, ContactPageSchema, ContactUpdateSchema } from "@raibu/protocol/contacts";
import { ContactSchema, errorResponses, IdParamSchema, jsonBody, jsonContent } from "@raibu/protocol/api";
import { getDb } from "../db/client";
import { contacts, workspaces } from "../db/schema";
import type { AppBindings } from "../env";
import { requireUser } from "../lib/auth";
import { ApiError, badRequest, notFound } from "../lib/errors";
import { cookieAuth, createRouter } from "../lib/router";
import { contactDetail } from "../contacts/detail";
import { listContacts } from "../contacts/list";
import { changedFields, foldContact } from "../contacts/merge";
import { contactMergedAway, contactUpdated } from "../contacts/notify";
import { CONTACT_FIELD_NAMES, contactByEmail, contactEventInsert, contactOut, findContact, type ContactRecord } from "../contacts/records";

const router = createRouter();
router.use("/api/contacts", requireUser);
router.use("/api/contacts/*", requireUser);

const tags = ["contacts"];

async function contactOr404(c: Context<AppBindings>, id: string): Promise<ContactRecord> {
  const contact = await findContact(getDb(c.env.DB), c.get("user").workspaceId, id);
  if (!contact) throw notFound("Contact");
  return contact;
}

/** The workspace's time zone, in which the list's days are cut. */
export async function workspaceTimeZone(c: Context<AppBindings>): Promise<string> {
  const [row] = await getDb(c.env.DB).select({ timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, c.get("user").workspaceId)).limit(1);
  return row?.timeZone ?? "UTC";
}

const list = createRoute({
  method: "get",
  path: "/api/contacts",
  tags,
  summary:
    "The workspace's contacts, 50 a page (`nextCursor` asks for the next) with how many match (`total`). Filters: the conversion day (today, last7, last30, thisMonth, or a custom inclusive range, cut in the workspace's time zone), the interface, and words found in the name, email, phone or company. Sorted on any column, ascending or descending (empty values first ascending, last descending), the id breaking ties",
  security: cookieAuth,
  request: { query: ContactListQuerySchema },
  responses: { 200: jsonContent(ContactPageSchema), ...errorResponses(400, 401) },
});

router.openapi(list, async (c) => {
  const user = c.get("user");
  return c.json(await listContacts(getDb(c.env.DB), user.workspaceId, c.req.valid("query"), await workspaceTimeZone(c)), 200);
});

const detail = createRoute({
  method: "get",
  path: "/api/contacts/{id}",
  tags,
  summary: "A contact's page: the record, its visitors, their conversations (newest first), offline threads and appointments (also by the contact's email), CRM states and the timeline (newest first)",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(ContactDetailSchema), ...errorResponses(401, 404) },
});

router.openapi(detail, async (c) => {
  const contact = await contactOr404(c, c.req.valid("param").id);
  return c.json(await contactDetail(getDb(c.env.DB), contact), 200);
});

const update = createRoute({
  method: "patch",
  path: "/api/contacts/{id}",
  tags,
  summary:
    "Changes the fields sent (others stay); an empty email clears it. An email another contact of the workspace has is refused with 409 `email_taken` naming that contact (merge them instead). The timeline records which fields changed",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(ContactUpdateSchema) },
  responses: { 200: jsonContent(ContactSchema), ...errorResponses(400, 401, 404, 409) },
});

router.openapi(update, async (c) => {
  const me = c.get("user");
  const contact = await contactOr404(c, c.req.valid("param").id);
  const parsed = c.req.valid("json");
  // The schema has no defaults: the keys it gives back are the ones sent.
  const fields = Object.fromEntries(CONTACT_FIELD_NAMES.filter((f) => parsed[f] !== undefined).map((f) => [f, f === "email" ? parsed.email || null : parsed[f]]));
  if (Object.keys(fields).length === 0) throw badRequest("Send at least one field to change.", "nothing_to_change");
  const db = getDb(c.env.DB);
  if (typeof fields.email === "string" && fields.email !== contact.email) {
    const other = await contactByEmail(db, me.workspaceId, fields.email, contact.id);
    if (other) throw new ApiError(409, "email_taken", "Another contact has this email: merge the two instead.", { contactId: other.id });
  }
  const changed = changedFields(contact, fields);
  if (changed.length === 0) return c.json(contactOut(contact), 200);
  const now = Date.now();
  const [updated] = await db.batch([
    db
      .update(contacts)
      .set({ ...fields, updatedAt: now, lastActivityAt: now })
      .where(and(eq(contacts.workspaceId, me.workspaceId), eq(contacts.id, contact.id)))
      .returning(),
    contactEventInsert(db, { workspaceId: me.workspaceId, contactId: contact.id, kind: "updated", actorId: me.id, data: { fields: changed }, at: now }),
  ]);
  const row = updated[0] ?? contact;
  await contactUpdated(c.env, row, changed);
  return c.json(contactOut(row), 200);
});

const merge = createRoute({
  method: "post",
  path: "/api/contacts/{id}/merge",
  tags,
  summary:
    "Folds `otherId` into this contact: its visitors (with their conversations, threads, appointments and notes), CRM records and timeline move here, its fields fill the ones this contact lacks, and it is deleted. Integrations hear contact.updated for this one and contact.deleted (with `mergedInto`) for the other",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(ContactMergeBodySchema) },
  responses: { 200: jsonContent(ContactDetailSchema), ...errorResponses(400, 401, 404) },
});

router.openapi(merge, async (c) => {
  const me = c.get("user");
  const { id } = c.req.valid("param");
  const { otherId } = c.req.valid("json");
  if (otherId === id) throw badRequest("A contact cannot be merged into itself.", "same_contact");
  const survivor = await contactOr404(c, id);
  const other = await contactOr404(c, otherId);
  const db = getDb(c.env.DB);
  const { survivor: merged, filled } = await foldContact(db, survivor, other, me.id, "manual");
  await contactMergedAway(c.env, me.workspaceId, other.id, merged.id);
  await contactUpdated(c.env, merged, filled);
  return c.json(await contactDetail(db, merged), 200);
});

export default router;
