// Emailing an agent's reply (stored already) through offline/mail.ts, at most once per attempt:
// the message is claimed first (its email_id moved from what the caller saw to a claim mark),
// so two sends of the same reply at once — a double Retry, a Retry racing the first send — make
// one email, and the message then points at the email that carries it.
import { and, eq, isNull } from "drizzle-orm";
import type { OfflineMessage } from "@raibu/protocol/offline";
import { getDb } from "../db/client";
import { offlineMessages } from "../db/schema";
import type { Env } from "../env";
import { newId } from "../lib/crypto";
import { queueThreadReply } from "./mail";
import { findMessage, type OfflineThread } from "./threads";

/**
 * Queues the email of `message` when its email_id is still `seen` (null: never sent; else the
 * failed email a Retry replaces). Returns the message pointing at its new email, or null when
 * another send claimed it first. A failure to queue gives the claim back and is thrown.
 */
export async function sendReply(env: Env, thread: OfflineThread, message: OfflineMessage, seen: string | null, origin: string): Promise<OfflineMessage | null> {
  const db = getDb(env.DB);
  const mine = and(eq(offlineMessages.id, message.id), eq(offlineMessages.workspaceId, thread.workspaceId), eq(offlineMessages.threadId, thread.id));
  const claim = `claim:${newId()}`;
  const claimed = await db
    .update(offlineMessages)
    .set({ emailId: claim })
    .where(and(mine, seen === null ? isNull(offlineMessages.emailId) : eq(offlineMessages.emailId, seen)))
    .returning({ id: offlineMessages.id });
  if (claimed.length === 0) return null;
  let emailId: string;
  try {
    emailId = await queueThreadReply(env, thread, message, origin);
  } catch (err) {
    await db.update(offlineMessages).set({ emailId: seen }).where(and(mine, eq(offlineMessages.emailId, claim)));
    throw err;
  }
  await db.update(offlineMessages).set({ emailId }).where(and(mine, eq(offlineMessages.emailId, claim)));
  return findMessage(db, thread.workspaceId, thread.id, message.id);
}
