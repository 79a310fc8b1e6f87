// Chat interfaces (one widget setup per website or use) and their bot flows: every agent
// lists them for filters; admins create and edit them, rotate the identity secret, and
// save and publish flows. A published version is never changed; conversations keep theirs.
import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq } from "drizzle-orm";
import type { Context } from "hono";
import { getDb, type Database } from "../db/client";
import { findInterface, type ChatInterface } from "../db/interfaces";
import { chatInterfaces, flowVersions, users } from "../db/schema";
import type { AppBindings } from "../env";
import { isAdmin, requireAdmin, requireUser } from "../lib/auth";
import { newId, randomToken } from "../lib/crypto";
import { defaultFlow } from "../lib/defaultFlow";
import { ApiError, conflict, forbidden, notFound } from "../lib/errors";
import { cookieAuth, createRouter } from "../lib/router";
import { ChatInterfaceSchema, CreateInterfaceBodySchema, errorResponses, FlowDocumentSchema, IdParamSchema, InterfaceSummarySchema, jsonBody, jsonContent, UpdateInterfaceBodySchema } from "@raibu/protocol/api";
import { InterfaceSettingsSchema } from "@raibu/protocol/widgetApi";
import { FlowSchema, validateFlow, type Flow } from "@raibu/protocol/flow";

const router = createRouter();
router.use("/api/interfaces", requireUser);
// Listing is for every agent (filters); one interface, its secret and its flow are for admins.
router.use("/api/interfaces/:id", requireUser, requireAdmin);
router.use("/api/interfaces/:id/*", requireUser, requireAdmin);

const list = createRoute({
  method: "get",
  path: "/api/interfaces",
  tags: ["interfaces"],
  summary: "The workspace's chat interfaces",
  security: cookieAuth,
  responses: { 200: jsonContent(z.object({ interfaces: z.array(InterfaceSummarySchema) })), ...errorResponses(401) },
});

router.openapi(list, async (c) => {
  const rows = await getDb(c.env.DB)
    .select({ id: chatInterfaces.id, name: chatInterfaces.name, language: chatInterfaces.language })
    .from(chatInterfaces)
    .where(eq(chatInterfaces.workspaceId, c.get("user").workspaceId))
    .orderBy(chatInterfaces.name);
  return c.json({ interfaces: rows }, 200);
});

function detail(iface: ChatInterface) {
  return {
    id: iface.id,
    name: iface.name,
    language: iface.language,
    allowedOrigins: iface.allowedOrigins,
    identitySecret: iface.identitySecret,
    settings: iface.parsed,
    publishedVersion: iface.publishedVersion,
    createdAt: iface.createdAt,
  };
}

async function ownInterface(c: Context<AppBindings>, id: string): Promise<ChatInterface> {
  const iface = await findInterface(getDb(c.env.DB), id, c.get("user").workspaceId);
  if (!iface) throw notFound("Chat interface");
  return iface;
}

const create = createRoute({
  method: "post",
  path: "/api/interfaces",
  tags: ["interfaces"],
  summary: "Create a chat interface; it starts with the default flow published as version 1",
  security: cookieAuth,
  request: jsonBody(CreateInterfaceBodySchema),
  responses: { 201: jsonContent(ChatInterfaceSchema, "Created"), ...errorResponses(400, 401, 403) },
});

router.openapi(create, async (c) => {
  const user = c.get("user");
  if (!isAdmin(user)) throw forbidden("Only an owner or an admin can do this.");
  const body = c.req.valid("json");
  const db = getDb(c.env.DB);
  const id = newId();
  const flow = defaultFlow(body.language);
  const now = Date.now();
  await db.batch([
    db.insert(chatInterfaces).values({
      id,
      workspaceId: user.workspaceId,
      name: body.name,
      language: body.language,
      allowedOrigins: body.allowedOrigins,
      identitySecret: randomToken(24),
      signingKey: randomToken(32),
      settings: InterfaceSettingsSchema.parse({}),
      draftFlow: flow,
      draftUpdatedAt: now,
      publishedVersion: 1,
    }),
    db.insert(flowVersions).values({ interfaceId: id, version: 1, workspaceId: user.workspaceId, definition: flow, publishedBy: user.id, publishedAt: now }),
  ]);
  return c.json(detail((await findInterface(db, id, user.workspaceId))!), 201);
});

const get = createRoute({
  method: "get",
  path: "/api/interfaces/{id}",
  tags: ["interfaces"],
  summary: "A chat interface with its settings and identity secret (admins)",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(ChatInterfaceSchema), ...errorResponses(401, 403, 404) },
});

router.openapi(get, async (c) => c.json(detail(await ownInterface(c, c.req.valid("param").id)), 200));

const update = createRoute({
  method: "patch",
  path: "/api/interfaces/{id}",
  tags: ["interfaces"],
  summary: "Rename a chat interface, change its language, allowed origins, appearance or business hours",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(UpdateInterfaceBodySchema) },
  responses: { 200: jsonContent(ChatInterfaceSchema), ...errorResponses(400, 401, 403, 404) },
});

router.openapi(update, async (c) => {
  const iface = await ownInterface(c, c.req.valid("param").id);
  const body = c.req.valid("json");
  const db = getDb(c.env.DB);
  const settings = {
    ...iface.parsed,
    ...(body.appearance !== undefined ? { appearance: body.appearance } : {}),
    ...(body.businessHours !== undefined ? { businessHours: body.businessHours } : {}),
  };
  await db
    .update(chatInterfaces)
    .set({
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.language !== undefined ? { language: body.language } : {}),
      ...(body.allowedOrigins !== undefined ? { allowedOrigins: [...new Set(body.allowedOrigins)] } : {}),
      ...(body.appearance !== undefined || body.businessHours !== undefined ? { settings } : {}),
    })
    .where(and(eq(chatInterfaces.id, iface.id), eq(chatInterfaces.workspaceId, iface.workspaceId)));
  return c.json(detail((await findInterface(db, iface.id, iface.workspaceId))!), 200);
});

const rotate = createRoute({
  method: "post",
  path: "/api/interfaces/{id}/secret",
  tags: ["interfaces"],
  summary: "Replace the identity-verification secret; hashes made with the old one stop working",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(ChatInterfaceSchema), ...errorResponses(401, 403, 404) },
});

router.openapi(rotate, async (c) => {
  const iface = await ownInterface(c, c.req.valid("param").id);
  const db = getDb(c.env.DB);
  await db
    .update(chatInterfaces)
    .set({ identitySecret: randomToken(24) })
    .where(and(eq(chatInterfaces.id, iface.id), eq(chatInterfaces.workspaceId, iface.workspaceId)));
  return c.json(detail((await findInterface(db, iface.id, iface.workspaceId))!), 200);
});

// ---- Flows ----

async function publishedRow(db: Database, iface: ChatInterface) {
  if (iface.publishedVersion === null) return null;
  const [row] = await db
    .select({ version: flowVersions.version, definition: flowVersions.definition, publishedAt: flowVersions.publishedAt, publishedBy: users.name })
    .from(flowVersions)
    .leftJoin(users, eq(users.id, flowVersions.publishedBy))
    .where(and(eq(flowVersions.interfaceId, iface.id), eq(flowVersions.workspaceId, iface.workspaceId), eq(flowVersions.version, iface.publishedVersion)))
    .limit(1);
  return row ?? null;
}

async function flowDocument(db: Database, iface: ChatInterface) {
  const published = await publishedRow(db, iface);
  const publishedFlow = published ? FlowSchema.parse(published.definition) : null;
  const draft = iface.draftFlow ? FlowSchema.parse(iface.draftFlow) : (publishedFlow ?? defaultFlow(iface.language, iface.parsed.appearance.welcome));
  return {
    draft,
    draftUpdatedAt: iface.draftUpdatedAt,
    published: published ? { version: published.version, publishedAt: published.publishedAt, publishedBy: published.publishedBy } : null,
    unpublishedChanges: !publishedFlow || JSON.stringify(publishedFlow) !== JSON.stringify(draft),
    problems: validateFlow(draft),
  };
}

const getFlow = createRoute({
  method: "get",
  path: "/api/interfaces/{id}/flow",
  tags: ["interfaces"],
  summary: "The interface's flow: the draft being edited, the published version, and what stops the draft from publishing",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(FlowDocumentSchema), ...errorResponses(401, 403, 404) },
});

router.openapi(getFlow, async (c) => {
  const iface = await ownInterface(c, c.req.valid("param").id);
  return c.json(await flowDocument(getDb(c.env.DB), iface), 200);
});

const saveFlow = createRoute({
  method: "put",
  path: "/api/interfaces/{id}/flow",
  tags: ["interfaces"],
  summary: "Save the draft flow (any schema-valid flow; publishing checks the rest)",
  security: cookieAuth,
  request: { params: IdParamSchema, ...jsonBody(z.object({ flow: FlowSchema })) },
  responses: { 200: jsonContent(FlowDocumentSchema), ...errorResponses(400, 401, 403, 404) },
});

router.openapi(saveFlow, async (c) => {
  const iface = await ownInterface(c, c.req.valid("param").id);
  const { flow } = c.req.valid("json");
  const db = getDb(c.env.DB);
  const now = Date.now();
  await db
    .update(chatInterfaces)
    .set({ draftFlow: flow, draftUpdatedAt: now })
    .where(and(eq(chatInterfaces.id, iface.id), eq(chatInterfaces.workspaceId, iface.workspaceId)));
  return c.json(await flowDocument(db, { ...iface, draftFlow: flow, draftUpdatedAt: now }), 200);
});

const publish = createRoute({
  method: "post",
  path: "/api/interfaces/{id}/flow/publish",
  tags: ["interfaces"],
  summary: "Publish the saved draft as the next version; new conversations start on it, running ones keep theirs",
  security: cookieAuth,
  request: { params: IdParamSchema },
  responses: { 200: jsonContent(FlowDocumentSchema), ...errorResponses(400, 401, 403, 404, 409) },
});

router.openapi(publish, async (c) => {
  const iface = await ownInterface(c, c.req.valid("param").id);
  const db = getDb(c.env.DB);
  const { draft, problems } = await flowDocument(db, iface);
  if (problems.length) throw new ApiError(400, "flow_invalid", problems.map((p) => p.message).join(" "));
  const version = (await latestVersion(db, iface)) + 1;
  try {
    await db.batch([
      db.insert(flowVersions).values({ interfaceId: iface.id, version, workspaceId: iface.workspaceId, definition: draft as Flow, publishedBy: c.get("user").id, publishedAt: Date.now() }),
      db
        .update(chatInterfaces)
        .set({ publishedVersion: version, draftFlow: draft })
        .where(and(eq(chatInterfaces.id, iface.id), eq(chatInterfaces.workspaceId, iface.workspaceId))),
    ]);
  } catch (err) {
    // The unique (interface, version) index: someone published at the same moment.
    if (String(err).includes("UNIQUE")) throw conflict("Someone else just published this flow. Reload and try again.", "publish_conflict");
    throw err;
  }
  const published = (await findInterface(db, iface.id, iface.workspaceId))!;
  return c.json(await flowDocument(db, published), 200);
});

async function latestVersion(db: Database, iface: ChatInterface): Promise<number> {
  const [row] = await db
    .select({ version: flowVersions.version })
    .from(flowVersions)
    .where(and(eq(flowVersions.interfaceId, iface.id), eq(flowVersions.workspaceId, iface.workspaceId)))
    .orderBy(desc(flowVersions.version))
    .limit(1);
  return row?.version ?? 0;
}

export default router;
