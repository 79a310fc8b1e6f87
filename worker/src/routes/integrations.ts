// Settings → Integrations, CRM half (owners and admins): connect HubSpot or Pipedrive with a token
// (tried on the provider before it is kept, sealed in D1, never sent back), adjust the field
// mapping, turn it off, disconnect, "Sync now" with its progress, and the contacts that failed.
import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Context } from "hono";
import { getDb } from "../db/client";
import { contacts, crmRecords, integrations } from "../db/schema";
import type { AppBindings } from "../env";
import { requireAdmin, requireUser } from "../lib/auth";
import { newId } from "../lib/crypto";
import { ApiError, conflict, notFound } from "../lib/errors";
import { cookieAuth, createRouter } from "../lib/router";
import { seal } from "../lib/secretBox";
import { isMappableKey } from "../integrations/crm/adapter";
import { PROVIDERS } from "../integrations/crm/providers";
import type { IntegrationRow } from "../integrations/crm/push";
import { isSyncRunning, startSync } from "../integrations/crm/sync";
import { errorResponses, jsonBody, jsonContent, OkSchema } from "@raibu/protocol/api";
import {
  CRM_PROVIDERS,
  CrmErrorPageSchema,
  IntegrationBodySchema,
  IntegrationSchema,
  type CrmProvider,
  type Integration,
} from "@raibu/protocol/integrations";

const router = createRouter();
for (const path of ["/api/integrations", "/api/integrations/*"]) router.use(path, requireUser, requireAdmin);

/** Contacts per page of a connection's errors. */
const ERRORS_PAGE_SIZE = 50;
/** A CRM property's name: HubSpot internal names, Pipedrive field keys. */
const PROPERTY_NAME = /^[A-Za-z0-9_]{1,80}$/;

const ProviderParamSchema = z.object({ provider: z.string().max(40).openapi({ param: { name: "provider", in: "path" }, example: "hubspot" }) });
const providerUnavailable = { 502: { description: "The provider could not be reached to try the token", content: { "application/json": { schema: z.object({ error: z.object({ code: z.string(), message: z.string() }) }) } } } };

function providerOf(value: string): CrmProvider {
  if (!(CRM_PROVIDERS as readonly string[]).includes(value)) throw notFound("Integration");
  return value as CrmProvider;
}

/** What the console may know of a connection: never its token. */
function out(provider: CrmProvider, row: IntegrationRow | undefined): Integration {
  return {
    provider,
    connected: row !== undefined,
    enabled: row?.enabled ?? false,
    tokenRejected: row?.tokenRejectedAt != null,
    mapping: row?.mapping ?? PROVIDERS[provider].defaultMapping,
    sync: {
      total: row?.syncTotal ?? 0,
      done: row?.syncDone ?? 0,
      failed: row?.syncFailed ?? 0,
      startedAt: row?.syncStartedAt ?? null,
      finishedAt: row?.syncFinishedAt ?? null,
    },
  };
}

async function connectionOf(c: Context<AppBindings>, provider: CrmProvider): Promise<IntegrationRow | undefined> {
  const [row] = await getDb(c.env.DB)
    .select()
    .from(integrations)
    .where(and(eq(integrations.workspaceId, c.get("user").workspaceId), eq(integrations.provider, provider)))
    .limit(1);
  return row;
}

async function requireConnection(c: Context<AppBindings>, provider: CrmProvider): Promise<IntegrationRow> {
  const row = await connectionOf(c, provider);
  if (!row) throw notFound("Integration");
  return row;
}

function checkMapping(mapping: Record<string, string>) {
  for (const [field, property] of Object.entries(mapping)) {
    if (!isMappableKey(field)) throw new ApiError(400, "invalid_mapping", `"${field}" is not a contact field (use a field's name or custom.<key>).`, { field });
    if (!PROPERTY_NAME.test(property)) throw new ApiError(400, "invalid_mapping", `"${property}" is not a property name the CRM accepts.`, { field, property });
  }
}

const list = createRoute({
  method: "get",
  path: "/api/integrations",
  tags: ["integrations"],
  summary: "Both CRM connections: connected or not, on or off, the mapping, the last sync's progress (never the token)",
  security: cookieAuth,
  responses: { 200: jsonContent(z.object({ integrations: z.array(IntegrationSchema) })), ...errorResponses(401, 403) },
});

router.openapi(list, async (c) => {
  const rows = await getDb(c.env.DB).select().from(integrations).where(eq(integrations.workspaceId, c.get("user").workspaceId));
  return c.json({ integrations: CRM_PROVIDERS.map((provider) => out(provider, rows.find((r) => r.provider === provider))) }, 200);
});

const put = createRoute({
  method: "put",
  path: "/api/integrations/{provider}",
  tags: ["integrations"],
  summary: "Connect a CRM or change its connection: a new token is tried on the provider first (400 invalid_token with its message)",
  security: cookieAuth,
  request: { params: ProviderParamSchema, ...jsonBody(IntegrationBodySchema) },
  responses: { 200: jsonContent(IntegrationSchema), ...errorResponses(400, 401, 403, 404), ...providerUnavailable },
});

router.openapi(put, async (c) => {
  const provider = providerOf(c.req.valid("param").provider);
  const body = c.req.valid("json");
  if (body.mapping) checkMapping(body.mapping);
  const existing = await connectionOf(c, provider);
  if (!existing && !body.token) throw new ApiError(400, "token_required", `Paste the ${PROVIDERS[provider].label} token to connect.`);

  if (body.token) {
    const tried = await PROVIDERS[provider].adapter(body.token).testConnection();
    if (!tried.ok) {
      if (tried.kind === "unauthorized" || tried.kind === "rejected") {
        throw new ApiError(400, "invalid_token", tried.message, { provider, providerStatus: tried.status });
      }
      throw new ApiError(502, "provider_unavailable", `${PROVIDERS[provider].label} could not be reached: ${tried.message}`, { provider });
    }
  }

  const now = Date.now();
  const values = {
    mapping: body.mapping ?? existing?.mapping ?? PROVIDERS[provider].defaultMapping,
    enabled: body.enabled ?? existing?.enabled ?? true,
    updatedAt: now,
    ...(body.token ? { secretEnc: await seal(c.env, body.token), tokenRejectedAt: null } : {}),
  };
  const db = getDb(c.env.DB);
  const [row] = existing
    ? await db.update(integrations).set(values).where(eq(integrations.id, existing.id)).returning()
    : await db
        .insert(integrations)
        .values({ id: newId(), workspaceId: c.get("user").workspaceId, provider, secretEnc: values.secretEnc!, ...values })
        // Two first connections at once: the later one's token and settings win.
        .onConflictDoUpdate({ target: [integrations.workspaceId, integrations.provider], set: values })
        .returning();
  return c.json(out(provider, row), 200);
});

const remove = createRoute({
  method: "delete",
  path: "/api/integrations/{provider}",
  tags: ["integrations"],
  summary: "Disconnect a CRM: its token and its per-contact records are deleted (what is in the CRM stays there)",
  security: cookieAuth,
  request: { params: ProviderParamSchema },
  responses: { 200: jsonContent(OkSchema), ...errorResponses(401, 403, 404) },
});

router.openapi(remove, async (c) => {
  const row = await requireConnection(c, providerOf(c.req.valid("param").provider));
  const db = getDb(c.env.DB);
  await db.batch([db.delete(crmRecords).where(eq(crmRecords.integrationId, row.id)), db.delete(integrations).where(eq(integrations.id, row.id))]);
  return c.json({ ok: true as const }, 200);
});

const sync = createRoute({
  method: "post",
  path: "/api/integrations/{provider}/sync",
  tags: ["integrations"],
  summary: "Sync now: every contact pushed to the CRM in the background; progress in the answer's and GET's `sync`. A second click while it runs changes nothing",
  security: cookieAuth,
  request: { params: ProviderParamSchema },
  responses: { 202: jsonContent(IntegrationSchema, "Started (or already running)"), ...errorResponses(401, 403, 404, 409) },
});

router.openapi(sync, async (c) => {
  const provider = providerOf(c.req.valid("param").provider);
  const row = await requireConnection(c, provider);
  if (!isSyncRunning(row)) {
    if (!row.enabled) throw conflict(`The ${PROVIDERS[provider].label} connection is turned off.`, "integration_disabled");
    if (row.tokenRejectedAt !== null) throw conflict(`${PROVIDERS[provider].label} rejected the token; connect again with a new one.`, "token_rejected");
  }
  return c.json(out(provider, await startSync(c.env, row)), 202);
});

const errors = createRoute({
  method: "get",
  path: "/api/integrations/{provider}/errors",
  tags: ["integrations"],
  summary: "The contacts whose last push to this CRM failed, with the provider's message, latest first",
  security: cookieAuth,
  request: { params: ProviderParamSchema, query: z.object({ cursor: z.string().max(200).optional() }) },
  responses: { 200: jsonContent(CrmErrorPageSchema), ...errorResponses(400, 401, 403, 404) },
});

/** A page's end: `<updatedAt>.<contactId>` of its last row. */
function parseCursor(cursor: string | undefined) {
  if (!cursor) return null;
  const dot = cursor.indexOf(".");
  const at = Number(cursor.slice(0, dot));
  if (dot < 1 || !Number.isSafeInteger(at)) throw new ApiError(400, "invalid_cursor", "This page's cursor is not valid.");
  return { at, contactId: cursor.slice(dot + 1) };
}

router.openapi(errors, async (c) => {
  const row = await requireConnection(c, providerOf(c.req.valid("param").provider));
  const after = parseCursor(c.req.valid("query").cursor);
  const rows = await getDb(c.env.DB)
    .select({ contactId: crmRecords.contactId, error: crmRecords.lastError, at: crmRecords.updatedAt, name: contacts.name, email: contacts.email })
    .from(crmRecords)
    .innerJoin(contacts, and(eq(contacts.id, crmRecords.contactId), eq(contacts.workspaceId, row.workspaceId)))
    .where(
      and(
        eq(crmRecords.integrationId, row.id),
        eq(crmRecords.status, "failed"),
        after ? or(lt(crmRecords.updatedAt, after.at), and(eq(crmRecords.updatedAt, after.at), lt(crmRecords.contactId, after.contactId))) : undefined,
      ),
    )
    .orderBy(desc(crmRecords.updatedAt), desc(crmRecords.contactId))
    .limit(ERRORS_PAGE_SIZE + 1);
  const page = rows.slice(0, ERRORS_PAGE_SIZE);
  const last = page.at(-1);
  return c.json(
    {
      errors: page.map((r) => ({ contactId: r.contactId, name: r.name, email: r.email, error: r.error ?? "", at: r.at })),
      nextCursor: rows.length > ERRORS_PAGE_SIZE && last ? `${last.at}.${last.contactId}` : null,
    },
    200,
  );
});

export default router;
