// Chat interfaces: lookup, their settings, whether their team works now (business hours in the
// workspace's time zone), and which host origins may embed them.
import { and, eq } from "drizzle-orm";
import { originTooBroad } from "@raibu/protocol/api";
import { InterfaceSettingsSchema, type InterfaceSettings } from "@raibu/protocol/widgetApi";
import { BusinessHoursSchema, canonicalTimeZone, openNow, type OpenNow } from "@raibu/protocol/businessHours";
import type { Database } from "./client";
import { chatInterfaces, workspaces } from "./schema";

export type ChatInterface = typeof chatInterfaces.$inferSelect & { parsed: InterfaceSettings };

export async function findInterface(db: Database, id: string, workspaceId?: string): Promise<ChatInterface | null> {
  const where = workspaceId ? and(eq(chatInterfaces.id, id), eq(chatInterfaces.workspaceId, workspaceId)) : eq(chatInterfaces.id, id);
  const [row] = await db.select().from(chatInterfaces).where(where).limit(1);
  return row ? { ...row, parsed: InterfaceSettingsSchema.parse(row.settings) } : null;
}

/**
 * Whether the interface's business hours have its team at work at `now`, in the workspace's time
 * zone. Hours that no longer parse (or a zone the runtime does not know) count as no hours: a
 * visitor is never turned away by a setting nobody could have saved.
 */
export async function interfaceOpenAt(db: Database, interfaceId: string, workspaceId: string, now: number): Promise<OpenNow> {
  const [row] = await db
    .select({ settings: chatInterfaces.settings, timeZone: workspaces.timeZone })
    .from(chatInterfaces)
    .innerJoin(workspaces, eq(workspaces.id, chatInterfaces.workspaceId))
    .where(and(eq(chatInterfaces.id, interfaceId), eq(chatInterfaces.workspaceId, workspaceId)))
    .limit(1);
  const hours = BusinessHoursSchema.safeParse(row?.settings.businessHours ?? {});
  const zone = row ? canonicalTimeZone(row.timeZone) : null;
  if (!hours.success || !zone) return { open: true };
  return openNow(hours.data, zone, now);
}

/**
 * Whether `origin` matches one of the allowed patterns: an exact origin, a port wildcard
 * (`http://localhost:*`) or a subdomain wildcard (`https://*.acme.com`), as in CSP. An
 * over-broad pattern saved before the API refused them (`https://*.com`) matches nothing.
 */
export function originAllowed(allowed: readonly string[], origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return allowed.some((pattern) => {
    if (originTooBroad(pattern)) return false;
    const match = /^(https?):\/\/(\*\.)?([^:/*]+)(?::(\*|\d+))?$/.exec(pattern.trim());
    if (!match) return false;
    const [, scheme, wildcard, host, port] = match;
    if (url.protocol !== `${scheme}:`) return false;
    const hostOk = wildcard ? url.hostname.endsWith(`.${host}`) : url.hostname === host;
    const defaultPort = scheme === "https" ? "443" : "80";
    const portOk = port === "*" || (url.port || defaultPort) === (port ?? defaultPort);
    return hostOk && portOk;
  });
}
