// The conversation's copy to D1: its summary row, the visitor fields its bot collected,
// every new message's text for search, the "sent" mark of the files its messages carry, and the
// visitor's contact's last activity when they wrote.
// Messages go page by page, so however many arrived since the last copy, each one lands.
import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { getDb } from "../db/client";
import { conversations, messageIndex, uploads, visitors } from "../db/schema";
import type { Attachment } from "@raibu/protocol/realtime";
import { contactActivityUpdate } from "../contacts/records";
import type { IndexRow, MessageLog } from "./MessageLog";
import { insertMetricEvents, type MetricEvent } from "../metrics/events";

/** Rows of the messages table read per batch: bounds the memory one copy holds (≤ 200 × 4,000 characters). */
const PAGE = 200;
/**
 * The search index holds spans, not messages: the texts of consecutive messages one per line,
 * keyed by the first one's seq. Search asks whether a conversation has a line with the words,
 * which a span answers as well, and D1 then writes one row a page instead of one a message (at
 * full load that second insert per message cost as much as the message's own). A span stays
 * under D1's 2 MB a value: at most this many characters (3 bytes each at worst).
 */
const MAX_SPAN_CHARS = 600_000;
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
  /** The dashboard's events waiting in the object (its responses), inserted with the summary; one already there is ignored. */
  metrics?: MetricEvent[];
}

type Batch = Parameters<ReturnType<typeof getDb>["batch"]>[0];

/** One drizzle client per binding: building one reads the whole schema, and copies run every few seconds. */
const clients = new WeakMap<D1Database, ReturnType<typeof getDb>>();
function dbOf(d1: D1Database) {
  let db = clients.get(d1);
  if (!db) clients.set(d1, (db = getDb(d1)));
  return db;
}

/**
 * Runs the copy in batches; `onBatch` hears each one land (the first also carries the summary,
 * the fields and the metric events), so a failure midway keeps what was done and the next copy goes on from there.
 * A span written again (a copy retried after it landed) grows to what the new copy holds.
 */
export async function copyToD1(d1: D1Database, log: MessageLog, copy: D1Copy, onBatch: (indexedSeq: number) => void): Promise<void> {
  const db = dbOf(d1);
  let after = copy.indexedSeq;
  let first = true;
  for (;;) {
    const rows = log.toIndex(after, copy.upToSeq, PAGE);
    const statements: Batch[number][] = first ? headStatements(db, copy) : [];
    const spans = indexSpans(rows).map((span) => ({ conversationId: copy.conversationId, workspaceId: copy.workspaceId, ...span }));
    if (spans.length > 0) {
      statements.push(
        db
          .insert(messageIndex)
          .values(spans)
          .onConflictDoUpdate({ target: [messageIndex.conversationId, messageIndex.seq], set: { text: sql`excluded.text`, createdAt: sql`excluded.created_at` } }),
      );
    }
    // The visitor wrote: their contact's « last activity » moves to their newest message here.
    const visitorAt = rows.reduce((at, m) => (m.author_kind === "visitor" && m.created_at > at ? m.created_at : at), 0);
    if (visitorAt > 0) statements.push(contactActivityUpdate(db, copy.workspaceId, copy.visitorId, visitorAt));
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

/** The searchable texts of a page (people's, not empty) as spans of at most `maxChars`, in seq order. */
export function indexSpans(rows: IndexRow[], maxChars = MAX_SPAN_CHARS): { seq: number; text: string; createdAt: number }[] {
  const spans: { seq: number; text: string; createdAt: number }[] = [];
  let lines: string[] = [];
  let start = 0;
  let size = 0;
  let last = 0;
  const flush = () => {
    if (lines.length > 0) spans.push({ seq: start, text: lines.join("\n"), createdAt: last });
    lines = [];
    size = 0;
  };
  for (const m of rows) {
    if ((m.author_kind !== "visitor" && m.author_kind !== "agent") || m.text === "") continue;
    if (lines.length > 0 && size + 1 + m.text.length > maxChars) flush();
    if (lines.length === 0) start = m.seq;
    lines.push(m.text);
    size += (lines.length > 1 ? 1 : 0) + m.text.length;
    last = m.created_at;
  }
  flush();
  return spans;
}

function headStatements(db: ReturnType<typeof getDb>, copy: D1Copy): Batch[number][] {
  const statements: Batch[number][] = [
    db
      .update(conversations)
      .set({ ...copy.summary, version: copy.version })
      .where(and(eq(conversations.id, copy.conversationId), eq(conversations.workspaceId, copy.workspaceId), lt(conversations.version, copy.version))),
  ];
  if (copy.metrics?.length) statements.push(insertMetricEvents(db, copy.metrics));
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
