// People's messages over the sockets. The hot path: a text or a file is checked, stored once per
// id and acknowledged after the insert (the output gate holds the ack until it is durable), then
// delivered to the others; a file's facts come from R2 first, and the sender's next messages wait
// for them, so seqs follow the order they were sent in. Also a button's pick, and resume pages.
import { MAX_CONVERSATION_MESSAGES, type Attachment, type ChatMessage, type ClientMessage, type ConversationView, type ServerMessage } from "@raibu/protocol/realtime";
import { withFileLink, withFileLinks } from "./links";
import type { MessageLog } from "./MessageLog";
import type { ConversationState, Role } from "./state";
import { writeRefusal } from "./statusMachine";

export type MessageFrame = Extract<ClientMessage, { type: "message" }>;

/** Who sent a frame: the socket's role and person. */
export interface Sender {
  role: Role;
  id: string;
  name: string | null;
}

/** What the messages read and call of the conversation object. */
export interface MessagesHost {
  readonly log: MessageLog;
  state(): ConversationState;
  /** The bucket files are uploaded to. */
  files(): R2Bucket;
  send(ws: WebSocket, msg: ServerMessage): void;
  /** To every socket but `except`. */
  broadcast(msg: ServerMessage, except?: WebSocket): void;
  /** A person's message was stored (at `at`) and delivered: the bot hears a visitor's, the outbox copies it. */
  stored(sender: Sender, text: string, at: number): Promise<void> | void;
  view(role: Role): ConversationView;
}

type FileFacts = Attachment | "invalid" | "unavailable" | null;

const FULL_MESSAGE = `A conversation holds at most ${MAX_CONVERSATION_MESSAGES} messages. Start a new one.`;

export class Messages {
  /** Per socket, the message frame still fetching its file's facts. */
  private appending = new WeakMap<WebSocket, Promise<void>>();

  constructor(private readonly host: MessagesHost) {}

  /** The common case (no file, nothing ahead of it) is stored at once, with no await before the insert. */
  receive(ws: WebSocket, sender: Sender, msg: MessageFrame): Promise<void> | void {
    const before = this.appending.get(ws);
    if (!msg.attachment && !before) return this.store(ws, sender, msg, null);
    // A retry of a message already stored is acknowledged again before anything is looked up.
    if (this.ackExisting(ws, msg.id)) return;
    let after: Promise<void> | void = undefined;
    const turn = (async () => {
      await before?.catch(() => undefined);
      const file = msg.attachment ? await this.fileFacts(msg.attachment.key) : null;
      after = this.store(ws, sender, msg, file);
    })();
    this.appending.set(ws, turn);
    return turn
      .finally(() => {
        if (this.appending.get(ws) === turn) this.appending.delete(ws);
      })
      .then(() => after);
  }

  /** The visitor's pick of a button the flow offers, stored as their message; false when it was not stored. */
  storeChoice(ws: WebSocket, sender: Sender, id: string, label: string): boolean {
    const { host } = this;
    if (host.log.lastSeq >= MAX_CONVERSATION_MESSAGES) {
      host.send(ws, { type: "error", code: "conversation_full", message: FULL_MESSAGE, id });
      return false;
    }
    const message = host.log.append(id, { kind: "visitor", id: sender.id, name: host.state().visitorName }, label, null, null);
    if (!message) {
      this.ackExisting(ws, id);
      return false;
    }
    host.send(ws, { type: "ack", id, seq: message.seq });
    host.broadcast({ type: "message", message }, ws);
    return true;
  }

  /** The first page after the client's last seq, then the state, whose lastSeq tells it whether to ask again. */
  async resume(ws: WebSocket, role: Role, afterSeq: number) {
    for (const message of await withFileLinks(this.host.state(), this.host.log.after(afterSeq))) this.host.send(ws, { type: "message", message });
    this.host.send(ws, { type: "state", conversation: this.host.view(role) });
  }

  /** Acknowledges again a message stored under this id; false when there is none. */
  ackExisting(ws: WebSocket, id: string): boolean {
    const seq = this.host.log.seqOf(id);
    if (seq !== null) this.host.send(ws, { type: "ack", id, seq });
    return seq !== null;
  }

  /**
   * Decides and stores with no await before the insert (the facts were gathered first). A retry
   * of a stored message is acknowledged again, never stored twice, even when it would now be refused.
   */
  private store(ws: WebSocket, sender: Sender, msg: MessageFrame, file: FileFacts): Promise<void> | void {
    const { host } = this;
    const s = host.state();
    if (!msg.text.trim() && !msg.attachment) return this.refuse(ws, msg.id, "empty_message", "A message needs text or a file.");
    const refusal = writeRefusal(s, sender);
    if (refusal) return this.refuse(ws, msg.id, refusal.code, refusal.message);
    if (file === "invalid") return this.refuse(ws, msg.id, "invalid_attachment", "This file was not uploaded to this conversation.");
    if (file === "unavailable") return this.refuse(ws, msg.id, "attachment_unavailable", "The file could not be checked. Send it again in a moment.");
    if (host.log.lastSeq >= MAX_CONVERSATION_MESSAGES) return this.refuse(ws, msg.id, "conversation_full", FULL_MESSAGE);
    const name = sender.role === "agent" ? sender.name : s.visitorName;
    const message = host.log.append(msg.id, { kind: sender.role, id: sender.id, name }, msg.text, file, null);
    if (!message) return void this.ackExisting(ws, msg.id);
    host.send(ws, { type: "ack", id: msg.id, seq: message.seq });
    // The sender already has its text; a file also comes back to it, with its signed link.
    if (message.attachment) return this.deliverFile(message).then(() => host.stored(sender, msg.text, message.createdAt));
    host.broadcast({ type: "message", message }, ws);
    return host.stored(sender, msg.text, message.createdAt);
  }

  /** A refused message: a retry of one stored already is acknowledged instead. */
  private refuse(ws: WebSocket, id: string, code: string, message: string) {
    if (!this.ackExisting(ws, id)) this.host.send(ws, { type: "error", code, message, id });
  }

  private async deliverFile(message: ChatMessage) {
    this.host.broadcast({ type: "message", message: await withFileLink(this.host.state(), message) });
  }

  /** What R2 holds under a key of this conversation: the name, type and size a message shows. */
  private async fileFacts(key: string): Promise<FileFacts> {
    const s = this.host.state();
    if (!key.startsWith(`${s.workspaceId}/${s.id}/`)) return "invalid";
    try {
      const head = await this.host.files().head(key);
      if (!head) return "invalid";
      return { key, name: head.customMetadata?.name || "file", type: head.httpMetadata?.contentType || "application/octet-stream", size: head.size };
    } catch (err) {
      console.error("could not read an attachment's metadata", err);
      return "unavailable";
    }
  }
}
