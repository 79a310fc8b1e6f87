// An agent's reply to an offline thread, emailed to the visitor through the mailer's queue: the
// reply, the thread so far, a fresh signed reply link, a Reply-To address back to the thread, and
// threading headers that keep every email of the thread together in the visitor's mail client.
import { and, desc, eq, lt } from "drizzle-orm";
import type { OfflineMessage } from "@raibu/protocol/offline";
import { getDb } from "../db/client";
import { offlineMessages, workspaces } from "../db/schema";
import type { Env } from "../env";
import { offlineReplyEmail } from "../lib/emailTemplates";
import { queueEmail } from "../lib/mailer";
import { issueReplyToken, replyAddress } from "./replyTokens";
import { threadMessages, type OfflineThread } from "./threads";

/** The right-hand side of the Message-IDs Raibu makes: the inbound domain, else the sender's, so they stay unique to this deployment. */
export function messageIdDomain(env: Pick<Env, "INBOUND_DOMAIN" | "MAIL_FROM">): string {
  const inbound = env.INBOUND_DOMAIN?.trim().toLowerCase();
  if (inbound) return inbound;
  return /@([^>\s]+)>?\s*$/.exec(env.MAIL_FROM ?? "")?.[1]?.toLowerCase() ?? "raibu.invalid";
}

const bracketed = (id: string) => (id.startsWith("<") ? id : `<${id}>`);

/**
 * Message-ID, In-Reply-To and References of a reply. Every email of a thread refers to the same
 * root id, so clients that thread by References (Apple Mail, Thunderbird, Outlook) and Gmail (by
 * subject and References) keep them together; when the visitor last wrote by email, the reply
 * answers that email. A reply sent again (Retry) keeps its Message-ID: it is the same message.
 */
export function threadingHeaders(domain: string, threadId: string, messageId: string, lastInboundId: string | null): Record<string, string> {
  const root = `<thread-${threadId}@${domain}>`;
  const parent = lastInboundId ? bracketed(lastInboundId) : null;
  return {
    "Message-ID": `<reply-${messageId}@${domain}>`,
    "In-Reply-To": parent ?? root,
    References: parent ? `${root} ${parent}` : root,
  };
}

/** The Message-ID of the visitor's latest emailed answer before `before`, if any (its dedupe key). */
async function lastInboundMessageId(env: Env, thread: OfflineThread, before: number): Promise<string | null> {
  const [row] = await getDb(env.DB)
    .select({ key: offlineMessages.dedupeKey })
    .from(offlineMessages)
    .where(and(eq(offlineMessages.threadId, thread.id), eq(offlineMessages.workspaceId, thread.workspaceId), eq(offlineMessages.via, "email"), lt(offlineMessages.createdAt, before + 1)))
    .orderBy(desc(offlineMessages.createdAt))
    .limit(1);
  return row?.key ?? null;
}

/**
 * Queues the email that carries `message` (an agent's reply already stored in the thread) and
 * returns the email's id, for the message's `email_id`. `origin` is the deployment's public origin
 * the link starts with: APP_ORIGIN, else the caller passes the origin of the request it serves.
 * Called again for a failed reply (Retry), it queues a new email with a fresh link.
 */
export async function queueThreadReply(env: Env, thread: OfflineThread, message: OfflineMessage, origin: string = env.APP_ORIGIN): Promise<string> {
  if (!origin) throw new Error("queueThreadReply needs the public origin for the reply link: set APP_ORIGIN or pass the request's origin");
  const db = getDb(env.DB);
  const [messages, [workspace], lastInbound, { token, expiresAt }] = await Promise.all([
    threadMessages(db, thread.workspaceId, thread.id),
    db.select({ timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, thread.workspaceId)).limit(1),
    lastInboundMessageId(env, thread, message.createdAt),
    issueReplyToken(env, thread),
  ]);
  const index = messages.findIndex((m) => m.id === message.id);
  const earlier = (index >= 0 ? messages.slice(0, index) : messages.filter((m) => m.createdAt <= message.createdAt && m.id !== message.id)).map((m) => ({
    author: m.author,
    name: m.agent?.name || thread.interfaceName,
    text: m.text,
    at: m.createdAt,
  }));
  const replyTo = replyAddress(env, token);
  const email = offlineReplyEmail(thread.lang, {
    site: thread.interfaceName,
    agent: message.agent?.name || thread.interfaceName,
    reply: message.text,
    earlier,
    link: `${origin.replace(/\/$/, "")}/r/${token}`,
    linkExpiresAt: expiresAt,
    answerByEmail: replyTo !== null,
    timeZone: workspace?.timeZone ?? "UTC",
  });
  return queueEmail(env, {
    workspaceId: thread.workspaceId,
    to: thread.email,
    ...email,
    replyTo,
    headers: threadingHeaders(messageIdDomain(env), thread.id, message.id, lastInbound),
  });
}
