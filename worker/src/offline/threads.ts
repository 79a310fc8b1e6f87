// The offline inbox's threads in D1: creating one from the offline form, appending messages
// idempotently (each keeps the thread's summary columns up to date in the same batch), reading
// them back in the contract's shapes, and telling the workspace's consoles.
import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { OfflineMessage, OfflineThreadSummary, OfflineVia } from "@raibu/protocol/offline";
import type { Lang } from "@raibu/protocol/lang";
import { getDb, type Database } from "../db/client";
import { chatInterfaces, emails, metricEvents, offlineMessages, offlineThreads, users } from "../db/schema";
import { metricEventId } from "../metrics/events";
import { metricsChanged } from "../metrics/notify";
import { touchContactActivity } from "../contacts/records";
import { lobbyStub } from "../lib/conversationService";
import { newId } from "../lib/crypto";
import type { Env } from "../env";
import { offlineMessageReceived } from "../integrations/emitters";

export type ThreadRow = typeof offlineThreads.$inferSelect;
/** A thread as read for the routes and the mail: its row and the name of its interface. */
export type OfflineThread = ThreadRow & { interfaceName: string };

/** How long the list's preview of a message may be (its first line, cut). */
const PREVIEW_MAX = 140;

/** The first non-empty line of a message, cut to fit a row of the list. */
export function previewOf(text: string): string {
  const line = text.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
  return line.length > PREVIEW_MAX ? `${line.slice(0, PREVIEW_MAX - 1)}…` : line;
}

/** Reply keys name a thread in addresses (`reply+<key>@…`): lowercase, since mail systems may fold case. */
export function newReplyKey(): string {
  return [...crypto.getRandomValues(new Uint8Array(20))].map((b) => "abcdefghijklmnopqrstuvwxyz234567"[b & 31]).join("");
}

const threadColumns = { ...getTableColumns(offlineThreads), interfaceName: chatInterfaces.name };

/** The select every thread read starts from: the row and its interface's name. */
export function selectThreads(db: Database) {
  return db.select(threadColumns).from(offlineThreads).innerJoin(chatInterfaces, eq(chatInterfaces.id, offlineThreads.interfaceId));
}

export function toSummary(row: OfflineThread): OfflineThreadSummary {
  return {
    id: row.id,
    interfaceId: row.interfaceId,
    interfaceName: row.interfaceName,
    conversationId: row.conversationId,
    visitorId: row.visitorId,
    name: row.name,
    email: row.email,
    phone: row.phone,
    lang: row.lang,
    status: row.status,
    starred: row.starred,
    unread: row.unread,
    preview: row.preview,
    lastAuthor: row.lastAuthor,
    messageCount: row.messageCount,
    lastMessageAt: row.lastMessageAt,
    createdAt: row.createdAt,
  };
}

export async function findThread(db: Database, workspaceId: string, threadId: string): Promise<OfflineThread | null> {
  const [row] = await selectThreads(db)
    .where(and(eq(offlineThreads.workspaceId, workspaceId), eq(offlineThreads.id, threadId)))
    .limit(1);
  return row ?? null;
}

/** The thread a reply link or reply address names; null for an unknown key. */
export async function findThreadByReplyKey(env: Env, replyKey: string): Promise<OfflineThread | null> {
  const [row] = await selectThreads(getDb(env.DB)).where(eq(offlineThreads.replyKey, replyKey.toLowerCase())).limit(1);
  return row ?? null;
}

// ---- Messages ----

const messageColumns = {
  id: offlineMessages.id,
  threadId: offlineMessages.threadId,
  author: offlineMessages.author,
  userId: offlineMessages.userId,
  userName: users.name,
  text: offlineMessages.text,
  via: offlineMessages.via,
  emailId: offlineMessages.emailId,
  createdAt: offlineMessages.createdAt,
  emailStatus: emails.status,
  emailAttempts: emails.attempts,
  emailLastError: emails.lastError,
  emailSentAt: emails.sentAt,
};
export type MessageRow = {
  id: string;
  threadId: string;
  author: "visitor" | "agent";
  userId: string | null;
  userName: string | null;
  text: string;
  via: OfflineVia;
  emailId: string | null;
  createdAt: number;
  emailStatus: (typeof emails.$inferSelect)["status"] | null;
  emailAttempts: number | null;
  emailLastError: string | null;
  emailSentAt: number | null;
};

/** Messages with their author's name and their email's delivery, read live from `emails`. */
function selectMessages(db: Database) {
  return db
    .select(messageColumns)
    .from(offlineMessages)
    .leftJoin(users, eq(users.id, offlineMessages.userId))
    .leftJoin(emails, and(eq(emails.id, offlineMessages.emailId), eq(emails.workspaceId, offlineMessages.workspaceId)));
}

export function toMessage(row: MessageRow): OfflineMessage {
  return {
    id: row.id,
    threadId: row.threadId,
    author: row.author,
    agent: row.author === "agent" && row.userId ? { id: row.userId, name: row.userName ?? "" } : null,
    text: row.text,
    via: row.via,
    delivery:
      row.emailId && row.emailStatus
        ? { emailId: row.emailId, status: row.emailStatus, attempts: row.emailAttempts ?? 0, lastError: row.emailLastError, sentAt: row.emailSentAt }
        : null,
    createdAt: row.createdAt,
  };
}

export async function threadMessages(db: Database, workspaceId: string, threadId: string): Promise<OfflineMessage[]> {
  const rows = await selectMessages(db)
    .where(and(eq(offlineMessages.workspaceId, workspaceId), eq(offlineMessages.threadId, threadId)))
    .orderBy(asc(offlineMessages.createdAt), asc(sql`${offlineMessages}.rowid`));
  return rows.map(toMessage);
}

export async function findMessage(db: Database, workspaceId: string, threadId: string, messageId: string): Promise<OfflineMessage | null> {
  const [row] = await selectMessages(db)
    .where(and(eq(offlineMessages.workspaceId, workspaceId), eq(offlineMessages.threadId, threadId), eq(offlineMessages.id, messageId)))
    .limit(1);
  return row ? toMessage(row) : null;
}

async function messageByDedupeKey(db: Database, thread: ThreadRow, dedupeKey: string): Promise<OfflineMessage> {
  const [row] = await selectMessages(db)
    .where(and(eq(offlineMessages.workspaceId, thread.workspaceId), eq(offlineMessages.threadId, thread.id), eq(offlineMessages.dedupeKey, dedupeKey)))
    .limit(1);
  if (!row) throw new Error(`offline message ${dedupeKey} of thread ${thread.id} not found after its insert`);
  return toMessage(row);
}

export interface NewMessage {
  author: "visitor" | "agent";
  userId?: string | null;
  text: string;
  via: OfflineVia;
  dedupeKey: string;
}

/**
 * Appends a message once per dedupe key, and in the same batch (one transaction) moves the
 * thread's summary — only when the message was really inserted, so a replay changes nothing.
 * A visitor's message marks the thread unread (and reopens a closed one); an agent's does not
 * change what is read. Returns the message (the one stored first, on a replay) and whether
 * this call inserted it.
 */
export async function appendMessage(env: Env, thread: ThreadRow, message: NewMessage): Promise<{ message: OfflineMessage; inserted: boolean }> {
  const db = getDb(env.DB);
  const id = newId();
  const now = Date.now();
  const fromVisitor = message.author === "visitor";
  const [inserted] = await db.batch([
    db
      .insert(offlineMessages)
      .values({
        id,
        workspaceId: thread.workspaceId,
        threadId: thread.id,
        author: message.author,
        userId: message.userId ?? null,
        text: message.text,
        via: message.via,
        dedupeKey: message.dedupeKey,
        createdAt: now,
      })
      .onConflictDoNothing({ target: [offlineMessages.threadId, offlineMessages.dedupeKey] })
      .returning({ id: offlineMessages.id }),
    db
      .update(offlineThreads)
      .set({
        preview: previewOf(message.text),
        lastAuthor: message.author,
        messageCount: sql`${offlineThreads.messageCount} + 1`,
        lastMessageAt: now,
        ...(fromVisitor ? { unread: true, status: "open" as const } : {}),
      })
      .where(
        and(
          eq(offlineThreads.id, thread.id),
          eq(offlineThreads.workspaceId, thread.workspaceId),
          sql`EXISTS (SELECT 1 FROM ${offlineMessages} WHERE ${offlineMessages.id} = ${id})`,
        ),
      ),
  ]);
  // A contact's « last activity » follows what its visitor writes.
  if (fromVisitor && inserted.length > 0 && thread.visitorId) await touchContactActivity(db, thread.workspaceId, thread.visitorId, now);
  return { message: await messageByDedupeKey(db, thread, message.dedupeKey), inserted: inserted.length > 0 };
}

/**
 * The visitor's answer from the reply page (`link`) or by email (`email`): appended once per
 * dedupe key (the page's id, the email's Message-ID); a new one marks the thread unread and
 * reaches every console of the workspace.
 */
export async function appendVisitorAnswer(
  env: Env,
  thread: ThreadRow,
  answer: { text: string; via: "link" | "email"; dedupeKey: string },
): Promise<OfflineMessage> {
  const { message, inserted } = await appendMessage(env, thread, { author: "visitor", text: answer.text, via: answer.via, dedupeKey: answer.dedupeKey });
  if (inserted) {
    await notifyLobby(env, thread.workspaceId, "answer", thread.id);
    await offlineMessageReceived(env, thread, message);
  }
  return message;
}

// ---- Creation from the form ----

export interface FormThread {
  workspaceId: string;
  interfaceId: string;
  conversationId: string;
  visitorId: string | null;
  lang: Lang;
  name: string;
  email: string;
  phone: string;
  message: string;
  /** The submission's id: the first message's dedupe key. */
  submissionId: string;
}

/**
 * The conversation's thread, made once: `conversation_id` is unique, and the first message (and
 * the dashboard's `offline_message`) goes in only with the thread this batch inserted, so a second call (the same submission again,
 * or two at once) returns the thread already there and adds nothing.
 */
export async function createFormThread(env: Env, form: FormThread): Promise<{ thread: OfflineThread; created: boolean }> {
  const db = getDb(env.DB);
  const id = newId();
  const now = Date.now();
  const text = form.message;
  const [insertedThread] = await db.batch([
    db
      .insert(offlineThreads)
      .values({
        id,
        workspaceId: form.workspaceId,
        interfaceId: form.interfaceId,
        conversationId: form.conversationId,
        visitorId: form.visitorId,
        name: form.name,
        email: form.email,
        phone: form.phone,
        lang: form.lang,
        preview: previewOf(text),
        lastAuthor: "visitor",
        messageCount: text ? 1 : 0,
        lastMessageAt: now,
        replyKey: newReplyKey(),
        createdAt: now,
      })
      .onConflictDoNothing({ target: offlineThreads.conversationId })
      .returning({ id: offlineThreads.id }),
    ...(text
      ? [
          // Only with the thread this batch inserted: a second submission finds the thread there and adds nothing.
          db.insert(offlineMessages).select(
            db
              .select({
                id: sql`${newId()}`.as("id"),
                workspaceId: offlineThreads.workspaceId,
                threadId: offlineThreads.id,
                author: sql`'visitor'`.as("author"),
                userId: sql`NULL`.as("user_id"),
                text: sql`${text}`.as("text"),
                via: sql`'form'`.as("via"),
                emailId: sql`NULL`.as("email_id"),
                dedupeKey: sql`${form.submissionId}`.as("dedupe_key"),
                createdAt: sql`${now}`.as("created_at"),
              })
              .from(offlineThreads)
              .where(eq(offlineThreads.id, id)),
          ),
        ]
      : []),
    // The dashboard's `offline_message`, with the thread this batch inserted only (columns in the table's order).
    db
      .insert(metricEvents)
      .select(
        db
          .select({
            seq: sql`NULL`.as("seq"),
            id: sql`${metricEventId.offlineMessage(id)}`.as("id"),
            workspaceId: offlineThreads.workspaceId,
            interfaceId: offlineThreads.interfaceId,
            kind: sql`'offline_message'`.as("kind"),
            at: sql`${now}`.as("at"),
            visitorId: offlineThreads.visitorId,
            day: sql`NULL`.as("day"),
          })
          .from(offlineThreads)
          .where(eq(offlineThreads.id, id)),
      )
      .onConflictDoNothing({ target: metricEvents.id }),
  ]);
  const [thread] = await selectThreads(db)
    .where(and(eq(offlineThreads.workspaceId, form.workspaceId), eq(offlineThreads.conversationId, form.conversationId)))
    .limit(1);
  if (!thread) throw new Error(`offline thread of conversation ${form.conversationId} not found after its insert`);
  if (insertedThread.length > 0 && form.visitorId) await touchContactActivity(db, form.workspaceId, form.visitorId, now);
  if (insertedThread.length > 0) await metricsChanged(env, form.workspaceId);
  // Only the call that made the thread tells webhooks of its first message.
  if (insertedThread.length > 0 && text) await offlineMessageReceived(env, thread, await messageByDedupeKey(db, thread, form.submissionId));
  return { thread, created: insertedThread.length > 0 };
}

// ---- The lobby ----

export async function unreadCount(db: Database, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(offlineThreads)
    .where(and(eq(offlineThreads.workspaceId, workspaceId), eq(offlineThreads.unread, true)));
  return row?.n ?? 0;
}

/**
 * Sends the thread as it is now, with the workspace's unread count, to every console tab of the
 * workspace. Best effort: the change is in D1 already and a console reloads the list when its
 * socket comes back, so a lobby that cannot be reached is logged, not an error for the caller.
 */
export async function notifyLobby(env: Env, workspaceId: string, change: "created" | "answer" | "updated", threadId: string): Promise<void> {
  try {
    const db = getDb(env.DB);
    const [thread, unread] = await Promise.all([findThread(db, workspaceId, threadId), unreadCount(db, workspaceId)]);
    if (!thread) return;
    await lobbyStub(env, workspaceId).offlineChanged({ type: "offline", change, thread: toSummary(thread), unread });
  } catch (err) {
    console.error("offline change not sent to the lobby", err);
  }
}
