// Chat interfaces: lookup, their settings, and which host origins may embed them.
import { and, eq } from "drizzle-orm";
import { InterfaceSettingsSchema, originTooBroad, type InterfaceSettings } from "@raibu/protocol/api";
import type { Database } from "./client";
import { chatInterfaces } from "./schema";

export type ChatInterface = typeof chatInterfaces.$inferSelect & { parsed: InterfaceSettings };

export async function findInterface(db: Database, id: string, workspaceId?: string): Promise<ChatInterface | null> {
  const where = workspaceId ? and(eq(chatInterfaces.id, id), eq(chatInterfaces.workspaceId, workspaceId)) : eq(chatInterfaces.id, id);
  const [row] = await db.select().from(chatInterfaces).where(where).limit(1);
  return row ? { ...row, parsed: InterfaceSettingsSchema.parse(row.settings) } : null;
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
