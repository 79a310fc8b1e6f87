// The conversation's copy to D1: its summary row, the visitor fields its bot collected,
// every new message's text for search, and the "sent" mark of the files its messages carry.
// Messages go page by page, so however many arrived since the last copy, each one lands.
import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { conversations, messageIndex, uploads, visitors } from "../db/schema";
import type { Attachment } from "@raibu/protocol/realtime";
import type { MessageLog } from "./MessageLog";

/** Rows of the messages table read per batch: bounds the memory one copy holds (≤ 200 × 4,000 characters). */
const PAGE = 200;
/** D1 binds at most 100 parameters per statement. */
const INDEX_ROWS_PER_INSERT = 20; // 5 columns each
const KEYS_PER_UPDATE = 90;

export interface D1Copy {
  conversationId: string;
  workspaceId: string;
  visitorId: string;
  /** Written only over an older version of the row. */
  version: number;
  summary: Omit<typeof conversations.$inferInsert, "id" | "workspaceId" | "interfaceId" | "visitorId" | "version" | "createdAt">;
  /** Fields collected since the last copy; null when none. */
  fields: { name?: string; email?: string; phone?: string; custom: Record<string, string> } | null;
  /** Messages after this seq and up to `upToSeq` are copied. */
  indexedSeq: number;
  upToSeq: number;
}

type Batch = Parameters<ReturnType<typeof getDb>["batch"]>[0];

/**
 * Runs the copy in batches; `onBatch` hears each one land (the first also carries the summary
 * and the fields), so a failure midway keeps what was done and the next copy goes on from there.
 */
export async function copyToD1(d1: D1Database, log: MessageLog, copy: D1Copy, onBatch: (indexedSeq: number) => void): Promise<void> {
  const db = getDb(d1);
  let after = copy.indexedSeq;
  let first = true;
  for (;;) {
    const rows = log.toIndex(after, copy.upToSeq, PAGE);
    const statements: Batch[number][] = first ? headStatements(db, copy) : [];
    const indexed = rows
      .filter((m) => (m.author_kind === "visitor" || m.author_kind === "agent") && m.text !== "")
      .map((m) => ({ conversationId: copy.conversationId, seq: m.seq, workspaceId: copy.workspaceId, text: m.text, createdAt: m.created_at }));
    for (let i = 0; i < indexed.length; i += INDEX_ROWS_PER_INSERT) {
      statements.push(db.insert(messageIndex).values(indexed.slice(i, i + INDEX_ROWS_PER_INSERT)).onConflictDoNothing());
    }
    const keys = rows.flatMap((m) => (m.attachment ? [(JSON.parse(m.attachment) as Attachment).key] : []));
    const now = Date.now();
    for (let i = 0; i < keys.length; i += KEYS_PER_UPDATE) {
      statements.push(
        db
          .update(uploads)
          .set({ sentAt: now })
          .where(and(eq(uploads.workspaceId, copy.workspaceId), inArray(uploads.key, keys.slice(i, i + KEYS_PER_UPDATE)), isNull(uploads.sentAt))),
      );
    }
    if (statements.length > 0) await db.batch(statements as [Batch[number], ...Batch[number][]]);
    after = rows.at(-1)?.seq ?? after;
    onBatch(after);
    first = false;
    if (rows.length < PAGE) return;
  }
}

function headStatements(db: ReturnType<typeof getDb>, copy: D1Copy): Batch[number][] {
  const statements: Batch[number][] = [
    db
      .update(conversations)
      .set({ ...copy.summary, version: copy.version })
      .where(and(eq(conversations.id, copy.conversationId), eq(conversations.workspaceId, copy.workspaceId), lt(conversations.version, copy.version))),
  ];
  const fields = copy.fields;
  if (fields) {
    statements.push(
      db
        .update(visitors)
        .set({
          ...(fields.name ? { name: fields.name } : {}),
          ...(fields.email ? { email: fields.email } : {}),
          ...(fields.phone ? { phone: fields.phone } : {}),
          customFields: sql`json_patch(coalesce(${visitors.customFields}, '{}'), ${JSON.stringify(fields.custom)})`,
        })
        .where(and(eq(visitors.id, copy.visitorId), eq(visitors.workspaceId, copy.workspaceId))),
    );
  }
  return statements;
}
