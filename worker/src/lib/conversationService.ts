// Starting conversations and reaching their Durable Objects, shared by the widget and agent routes.
import { and, desc, eq, ne } from "drizzle-orm";
import type { Database } from "../db/client";
import type { ChatInterface } from "../db/interfaces";
import { conversations, flowVersions, visitors } from "../db/schema";
import { FlowSchema } from "@raibu/protocol/flow";
import type { Lang } from "@raibu/protocol/lang";
import { defaultFlow } from "./defaultFlow";
import { translate } from "./i18n";
import type { Env } from "../env";
import { newId } from "./crypto";

export function conversationStub(env: Env, conversationId: string) {
  return env.CONVERSATIONS.get(env.CONVERSATIONS.idFromName(conversationId));
}

export function lobbyStub(env: Env, workspaceId: string) {
  return env.WORKSPACES.get(env.WORKSPACES.idFromName(workspaceId));
}

export function visitorDisplayName(visitor: { name: string | null; number: number }, language: Lang): string {
  return visitor.name || translate(language, "visitor.numbered", { number: visitor.number });
}

/** The visitor's conversation that is not closed yet, if any. */
export async function openConversationOf(db: Database, workspaceId: string, visitorId: string) {
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.visitorId, visitorId), ne(conversations.status, "closed")))
    .orderBy(desc(conversations.createdAt))
    .limit(1);
  return row?.id ?? null;
}

/** Writes the D1 row first (so the conversation is findable), then creates its Durable Object. */
export async function startConversation(env: Env, db: Database, iface: ChatInterface, visitor: typeof visitors.$inferSelect, appOrigin: string) {
  const id = newId();
  await db.insert(conversations).values({ id, workspaceId: iface.workspaceId, interfaceId: iface.id, visitorId: visitor.id, status: "bot" });
  await conversationStub(env, id).init({
    id,
    workspaceId: iface.workspaceId,
    interfaceId: iface.id,
    interfaceName: iface.name,
    botName: iface.parsed.appearance.title || iface.name,
    visitorId: visitor.id,
    visitorName: visitorDisplayName(visitor, iface.language),
    // A returning visitor is not asked again what their record holds.
    known: { name: visitor.name, email: visitor.email, phone: visitor.phone },
    language: iface.language,
    signingKey: iface.signingKey,
    appOrigin,
    ...(await publishedFlow(db, iface)),
  });
  return id;
}

/** The flow new conversations of this interface start on: its published version, else the default. */
export async function publishedFlow(db: Database, iface: ChatInterface) {
  if (iface.publishedVersion !== null) {
    const [row] = await db
      .select({ definition: flowVersions.definition })
      .from(flowVersions)
      .where(and(eq(flowVersions.interfaceId, iface.id), eq(flowVersions.version, iface.publishedVersion), eq(flowVersions.workspaceId, iface.workspaceId)))
      .limit(1);
    if (row) return { flow: FlowSchema.parse(row.definition), flowVersion: iface.publishedVersion };
  }
  return { flow: defaultFlow(iface.language, iface.parsed.appearance.welcome), flowVersion: null };
}
