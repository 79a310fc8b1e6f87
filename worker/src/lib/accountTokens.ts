// One-time links sent by email (invitations, password resets): random, stored hashed,
// scoped to one kind and one workspace, expiring, and spent on first use.
import { and, eq, gt, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { actionTokens, type ActionKind, type Role } from "../db/schema";
import { newId, randomToken, sha256Hex } from "./crypto";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 60 * 60 * 1000;

export async function issueActionToken(
  db: Database,
  args: { kind: ActionKind; workspaceId: string; email: string; role?: Role; userId?: string; createdBy?: string; ttlMs: number },
) {
  const token = randomToken();
  const id = newId();
  const expiresAt = Date.now() + args.ttlMs;
  await db.insert(actionTokens).values({
    id,
    tokenHash: await sha256Hex(token),
    kind: args.kind,
    workspaceId: args.workspaceId,
    email: args.email,
    role: args.role ?? null,
    userId: args.userId ?? null,
    createdBy: args.createdBy ?? null,
    expiresAt,
  });
  return { id, token, expiresAt };
}

/** The live (unused, unexpired) token of this kind, or null. */
export async function findActionToken(db: Database, kind: ActionKind, token: string) {
  const [row] = await db
    .select()
    .from(actionTokens)
    .where(
      and(
        eq(actionTokens.tokenHash, await sha256Hex(token)),
        eq(actionTokens.kind, kind),
        isNull(actionTokens.usedAt),
        gt(actionTokens.expiresAt, Date.now()),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Marks the token used; false when another request spent it first. */
export async function spendActionToken(db: Database, id: string): Promise<boolean> {
  const spent = await db
    .update(actionTokens)
    .set({ usedAt: Date.now() })
    .where(and(eq(actionTokens.id, id), isNull(actionTokens.usedAt)))
    .returning({ id: actionTokens.id });
  return spent.length === 1;
}
