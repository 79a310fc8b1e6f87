// The visitor panel: who the visitor is, their conversations, « Marquer comme contact » (a known
// email joins the contact that has it: contacts/capture.ts), and sticky notes.
import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Context } from "hono";
import { ContactCaptureResultSchema } from "@raibu/protocol/contacts";
import { getDb } from "../db/client";
import { chatInterfaces, conversations, notes, users, visitors } from "../db/schema";
import { metricsChanged } from "../metrics/notify";
import { captureContact } from "../contacts/capture";
import { contactOfVisitor, contactOut } from "../contacts/records";
import type { AppBindings } from "../env";
import { isAdmin, requireUser } from "../lib/auth";
import { conversationStub, openConversationOf, visitorDisplayName } from "../lib/conversationService";
import { newId } from "../lib/crypto";
import { verifiedFieldsOf } from "../lib/identityToken";
import { forbidden, notFound } from "../lib/errors";
import { cookieAuth, createRouter } from "../lib/router";
import {
  ContactFieldsSchema,
  ContactSchema,
  errorResponses,
  IdParamSchema,
  jsonBody,
  jsonContent,
  NoteBodySchema,
  NoteSchema,
  OkSchema,
  VisitorDetailSchema,
} from "@raibu/protocol/api";
import { PastConversationListSchema, VISITOR_CONVERSATIONS_LIMIT } from "@raibu/protocol/history";

const router = createRouter();
router.use("/api/visitors/*", requireUser);
router.use("/api/notes/*", requireUser);

async function ownVisitor(c: Context<AppBindings>, id: string) {
  const [row] = await getDb(c.env.DB)
    .select({ visitor: visitors, language: chatInterfaces.language })
    .from(visitors)
    .innerJoin(chatInterfaces, eq(chatInterfaces.id, visitors.interfaceId))
    .where(and(eq(visitors.id, id), eq(visitors.workspaceId, c.get("user").workspaceId)))
    .limit(1);
  if (!row) throw notFound("Visitor");
  return row;
}

const noteColumns = {
  id: notes.id,
  visitorId: notes.visitorId,
  body: notes.body,
  author: { id: users.id, name: users.name },
  createdAt: notes.createdAt,
  updatedAt: notes.updatedAt,
};

const getVisitor = createRoute({
  method: "get",
  path: "/api/visitors/{id}",
  tags: ["visitors"],
  summary: "A visitor with their contact record and notes",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(VisitorDetailSchema), ...errorResponses(401, 404) },
});

router.openapi(getVisitor, async (c) => {
  const { id } = c.req.valid("param");
  const workspaceId = c.get("user").workspaceId;
  const { visitor, language } = await ownVisitor(c, id);
  const db = getDb(c.env.DB);
  const contact = await contactOfVisitor(db, workspaceId, id);
  const noteRows = await db
    .select(noteColumns)
    .from(notes)
    .innerJoin(users, eq(users.id, notes.authorId))
    .where(and(eq(notes.workspaceId, workspaceId), eq(notes.visitorId, id)))
    .orderBy(asc(notes.createdAt));
  return c.json(
    {
      visitor: {
        id: visitor.id,
        number: visitor.number,
        displayName: visitorDisplayName(visitor, language),
        name: visitor.name,
        email: visitor.email,
        phone: visitor.phone,
        customFields: visitor.customFields ?? {},
        verified: visitor.externalId !== null,
        userId: visitor.externalId,
        verifiedFields: verifiedFieldsOf(visitor),
        identityMethod: visitor.externalId === null ? null : (visitor.identity?.method ?? "hmac"),
        interfaceId: visitor.interfaceId,
        context: visitor.context ?? {},
        firstSeenAt: visitor.firstSeenAt,
        lastSeenAt: visitor.lastSeenAt,
      },
      contact: contact ? contactOut(contact) : null,
      notes: noteRows,
    },
    200,
  );
});

const listConversations = createRoute({
  method: "get",
  path: "/api/visitors/{id}/conversations",
  tags: ["visitors"],
  summary: `The visitor's conversations, newest first (at most ${VISITOR_CONVERSATIONS_LIMIT}), with their ratings`,
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(PastConversationListSchema), ...errorResponses(401, 404) },
});

router.openapi(listConversations, async (c) => {
  const { id } = c.req.valid("param");
  const workspaceId = c.get("user").workspaceId;
  await ownVisitor(c, id);
  const rows = await getDb(c.env.DB)
    .select({
      id: conversations.id,
      interfaceId: conversations.interfaceId,
      status: conversations.status,
      createdAt: conversations.createdAt,
      closedAt: conversations.closedAt,
      lastMessageAt: conversations.lastMessageAt,
      lastMessagePreview: conversations.lastMessagePreview,
      rating: conversations.rating,
      ratingComment: conversations.ratingComment,
    })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.visitorId, id)))
    // Creation times are whole seconds: the row's insertion order breaks a tie.
    .orderBy(desc(conversations.createdAt), desc(sql`rowid`))
    .limit(VISITOR_CONVERSATIONS_LIMIT);
  return c.json({ conversations: rows }, 200);
});

const saveContact = createRoute({
  method: "put",
  path: "/api/visitors/{id}/contact",
  tags: ["visitors"],
  summary:
    "« Marquer comme contact »: create or update the visitor's contact. An email another contact of the workspace has makes them one: the visitor joins that contact (its empty fields take the form's), and `mergedInto` names it",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(ContactFieldsSchema) },
  responses: { 200: jsonContent(ContactCaptureResultSchema), ...errorResponses(400, 401, 404) },
});

router.openapi(saveContact, async (c) => {
  const { id } = c.req.valid("param");
  const fields = c.req.valid("json");
  const me = c.get("user");
  const { visitor, language } = await ownVisitor(c, id);
  const db = getDb(c.env.DB);
  const { contact, mergedInto, converted } = await captureContact(c.env, { workspaceId: me.workspaceId, visitorId: id, interfaceId: visitor.interfaceId, actorId: me.id, fields });
  if (converted) c.executionCtx.waitUntil(metricsChanged(c.env, me.workspaceId));
  const values = { ...fields, email: fields.email || null };
  // What the agent learnt about the visitor shows everywhere the visitor does.
  const [updated] = await db
    .update(visitors)
    .set({ name: values.name ?? visitor.name, email: values.email ?? visitor.email, phone: values.phone ?? visitor.phone })
    .where(and(eq(visitors.id, id), eq(visitors.workspaceId, me.workspaceId)))
    .returning();
  const open = await openConversationOf(db, me.workspaceId, id);
  if (open) await conversationStub(c.env, open).setVisitorName(visitorDisplayName(updated!, language), { name: updated!.name, email: updated!.email, phone: updated!.phone });
  return c.json({ ...contactOut(contact), mergedInto }, 200);
});

const addNote = createRoute({
  method: "post",
  path: "/api/visitors/{id}/notes",
  tags: ["visitors"],
  summary: "Add a sticky note on the visitor, visible to every agent of the workspace",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(NoteBodySchema) },
  responses: { 201: jsonContent(NoteSchema, "Created"), ...errorResponses(400, 401, 404) },
});

router.openapi(addNote, async (c) => {
  const { id } = c.req.valid("param");
  const { body } = c.req.valid("json");
  const me = c.get("user");
  await ownVisitor(c, id);
  const now = Date.now();
  const note = { id: newId(), workspaceId: me.workspaceId, visitorId: id, authorId: me.id, body, createdAt: now, updatedAt: now };
  await getDb(c.env.DB).insert(notes).values(note);
  return c.json({ id: note.id, visitorId: id, body, author: { id: me.id, name: me.name }, createdAt: now, updatedAt: now }, 201);
});

/** The note, if it is in the caller's workspace and the caller wrote it or is an admin. */
async function editableNote(c: Context<AppBindings>, id: string) {
  const me = c.get("user");
  const [note] = await getDb(c.env.DB)
    .select()
    .from(notes)
    .where(and(eq(notes.id, id), eq(notes.workspaceId, me.workspaceId)))
    .limit(1);
  if (!note) throw notFound("Note");
  if (note.authorId !== me.id && !isAdmin(me)) throw forbidden("Only the note's author or an admin can change it.");
  return note;
}

const editNote = createRoute({
  method: "patch",
  path: "/api/notes/{id}",
  tags: ["visitors"],
  summary: "Edit a note",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(NoteBodySchema) },
  responses: { 200: jsonContent(NoteSchema), ...errorResponses(400, 401, 403, 404) },
});

router.openapi(editNote, async (c) => {
  const { id } = c.req.valid("param");
  const { body } = c.req.valid("json");
  const note = await editableNote(c, id);
  const db = getDb(c.env.DB);
  const updatedAt = Date.now();
  await db.update(notes).set({ body, updatedAt }).where(and(eq(notes.id, id), eq(notes.workspaceId, note.workspaceId)));
  const [row] = await db.select(noteColumns).from(notes).innerJoin(users, eq(users.id, notes.authorId)).where(eq(notes.id, id));
  return c.json(row!, 200);
});

const deleteNote = createRoute({
  method: "delete",
  path: "/api/notes/{id}",
  tags: ["visitors"],
  summary: "Delete a note",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(OkSchema), ...errorResponses(401, 403, 404) },
});

router.openapi(deleteNote, async (c) => {
  const { id } = c.req.valid("param");
  const note = await editableNote(c, id);
  await getDb(c.env.DB).delete(notes).where(and(eq(notes.id, id), eq(notes.workspaceId, note.workspaceId)));
  return c.json({ ok: true as const }, 200);
});

export default router;
