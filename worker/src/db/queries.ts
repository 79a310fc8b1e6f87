// Queries shared by several routers. Each takes the workspace it is scoped to.
import { and, eq } from "drizzle-orm";
import type { Me } from "@raibu/protocol/api";
import { isLang } from "@raibu/protocol/lang";
import type { Database } from "./client";
import { users, workspaces } from "./schema";
import { mailMode } from "../lib/mailer";
import type { Env } from "../env";

export async function loadMe(db: Database, env: Env, workspaceId: string, userId: string): Promise<Me | null> {
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      availability: users.availability,
      locale: users.locale,
      workspace: { id: workspaces.id, name: workspaces.name, timeZone: workspaces.timeZone },
    })
    .from(users)
    .innerJoin(workspaces, eq(workspaces.id, users.workspaceId))
    .where(and(eq(users.id, userId), eq(users.workspaceId, workspaceId)))
    .limit(1);
  if (!row) return null;
  return { ...row, locale: isLang(row.locale) ? row.locale : null, mailMode: mailMode(env) };
}
