// A conversation's ordered messages in its Durable Object's SQLite: append once per id,
// read pages in seq order. Keeps the last seq, the list preview and the agents' unread count
// in memory, so the outbox and the message path never query for them. A visitor's message stores
// no author id or name: the conversation has one visitor, read as they are known now (a name
// learnt later relabels every earlier message, and each row is smaller to write).
import type { Attachment, Author, ChatMessage, SystemNotice } from "@raibu/protocol/realtime";

/** Messages a welcome frame or a resume answer carries at most. */
export const HISTORY_PAGE = 500;

type MessageRow = {
  seq: number;
  id: string;
  author_kind: Author["kind"];
  author_id: string | null;
  author_name: string | null;
  text: string;
  attachment: string | null;
  notice: string | null;
  created_at: number;
};

/** A stored message as the copy to D1's search index reads it. */
export type IndexRow = {
  seq: number;
  author_kind: Author["kind"];
  text: string;
  attachment: string | null;
  created_at: number;
};

const INSERT_MESSAGE = `INSERT INTO messages (seq, id, author_kind, author_id, author_name, text, attachment, notice, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`;
const INSERT_VISITOR_TEXT = `INSERT INTO messages (seq, id, author_kind, text, created_at) VALUES (?, ?, 'visitor', ?, ?) ON CONFLICT (id) DO NOTHING`;

export class MessageLog {
  lastSeq = 0;
  /** The newest message a person or the bot wrote, for the live list. */
  lastPreview: { text: string; createdAt: number } | null = null;
  /** Visitor messages after the agents' read mark; `agentsRead` counts again only when the mark moves. */
  unreadByAgents = 0;

  constructor(
    private readonly sql: SqlStorage,
    /** The conversation's visitor as known now: who every visitor message is from. */
    private readonly visitor: () => { id: string; name: string },
  ) {
    // seq is the rowid, always given (lastSeq + 1): AUTOINCREMENT would add a write to its own
    // bookkeeping table on every message for nothing (messages are never deleted). Conversations
    // created before keep their table as it was; both read and write the same way.
    sql.exec(`CREATE TABLE IF NOT EXISTS messages (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      author_kind TEXT NOT NULL, author_id TEXT, author_name TEXT,
      text TEXT NOT NULL, attachment TEXT, notice TEXT,
      created_at INTEGER NOT NULL)`);
    this.lastSeq = sql.exec<{ s: number | null }>(`SELECT MAX(seq) AS s FROM messages`).one().s ?? 0;
    const last = sql
      .exec<{ text: string; created_at: number }>(`SELECT text, created_at FROM messages WHERE author_kind != 'system' ORDER BY seq DESC LIMIT 1`)
      .toArray()[0];
    this.lastPreview = last ? { text: last.text.slice(0, 140), createdAt: last.created_at } : null;
  }

  /** The seq of the message with this id, if it is stored. */
  seqOf(id: string): number | null {
    return this.sql.exec<{ seq: number }>(`SELECT seq FROM messages WHERE id = ?`, id).toArray()[0]?.seq ?? null;
  }

  /**
   * Stores a message and returns it with its seq (attachment link unsigned); null when its id is
   * stored already. The seq is given, not left to AUTOINCREMENT, which spends a number on a
   * conflicting id too: a resent message would leave a hole that a paged resume waits on forever.
   * Whether the row went in is read from the cursor (no RETURNING, whose rows SQLite gathers in a
   * temporary table first), and a visitor's plain text binds only its own four values: this is the
   * statement every message runs.
   */
  append(id: string, author: Author, text: string, attachment: Attachment | null, notice: SystemNotice | null): ChatMessage | null {
    const createdAt = Date.now();
    const seq = this.lastSeq + 1;
    const written =
      author.kind === "visitor" && !attachment && !notice
        ? this.sql.exec(INSERT_VISITOR_TEXT, seq, id, text, createdAt).rowsWritten
        : this.sql.exec(
            INSERT_MESSAGE,
            seq,
            id,
            author.kind,
            author.kind === "visitor" ? null : author.id,
            author.kind === "visitor" ? null : author.name,
            text,
            attachment ? JSON.stringify(attachment) : null,
            notice ? JSON.stringify(notice) : null,
            createdAt,
          ).rowsWritten;
    if (written === 0) return null;
    this.lastSeq = seq;
    if (author.kind !== "system") this.lastPreview = { text: text.slice(0, 140), createdAt };
    if (author.kind === "visitor") this.unreadByAgents += 1;
    return { seq, id, author, text, attachment: attachment ? { ...attachment, url: "" } : null, notice, createdAt };
  }

  /** The newest page, oldest first: what a welcome frame shows. */
  newest(limit = HISTORY_PAGE): ChatMessage[] {
    return this.sql.exec<MessageRow>(`SELECT * FROM (SELECT * FROM messages ORDER BY seq DESC LIMIT ?) ORDER BY seq`, limit).toArray().map((r) => this.toMessage(r));
  }

  /** The first page after `afterSeq`, oldest first: a resume fills a gap page by page, never skipping one. */
  after(afterSeq: number, limit = HISTORY_PAGE): ChatMessage[] {
    return this.sql.exec<MessageRow>(`SELECT * FROM messages WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, limit).toArray().map((r) => this.toMessage(r));
  }

  /** The agents' read mark is at `seq` (also on a wake): what they have not read is counted again. */
  agentsRead(seq: number) {
    this.unreadByAgents = this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE seq > ? AND author_kind = 'visitor'`, seq).one().n;
  }

  private toMessage(r: MessageRow): ChatMessage {
    return {
      seq: r.seq,
      id: r.id,
      author: r.author_kind === "visitor" ? { kind: "visitor", ...this.visitor() } : { kind: r.author_kind, id: r.author_id, name: r.author_name },
      text: r.text,
      attachment: r.attachment ? { ...(JSON.parse(r.attachment) as Attachment), url: "" } : null,
      notice: r.notice ? (JSON.parse(r.notice) as SystemNotice) : null,
      createdAt: r.created_at,
    };
  }

  /**
   * Erasure (a contact deleted): every message goes, files' facts and notices with them, and one
   * system message `text` takes the next seq, so the last seq never moves back (it is read from
   * the table after a wake, and orders the copies to D1 and the lobby). Returns how many went.
   */
  eraseAll(placeholderId: string, text: string): number {
    const erased = this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM messages WHERE id != ?`, placeholderId).one().n;
    this.sql.exec(`DELETE FROM messages`);
    this.sql.exec(
      `INSERT INTO messages (seq, id, author_kind, author_id, author_name, text, attachment, notice, created_at) VALUES (?, ?, 'system', NULL, NULL, ?, NULL, NULL, ?)`,
      this.lastSeq + 1,
      placeholderId,
      text,
      Date.now(),
    );
    this.lastSeq += 1;
    this.lastPreview = null;
    this.unreadByAgents = 0;
    return erased;
  }

  /** Messages after `afterSeq` up to `upToSeq`, oldest first, at most `limit`: what the next copy to D1 carries. */
  toIndex(afterSeq: number, upToSeq: number, limit: number): IndexRow[] {
    return this.sql
      .exec<IndexRow>(`SELECT seq, author_kind, text, attachment, created_at FROM messages WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?`, afterSeq, upToSeq, limit)
      .toArray();
  }
}
