// The hibernating-socket base both Durable Objects stand on: accept a socket with what it must
// remember, read a frame (JSON, a flood-control hook, then zod), send, broadcast by tag, close
// with a known code. Pings are answered by the runtime without waking the object.
import type { ServerError } from "@raibu/protocol/realtime";
import { DurableObject } from "cloudflare:workers";
import type { z } from "zod";
import type { Env } from "../env";
import { describeIssues } from "../lib/errors";

/** Close codes a client acts on: 4001 ends the session (no reconnect); 1008 is a socket that kept flooding. */
export const CLOSE = {
  sessionEnded: { code: 4001, reason: "session_ended" },
  rateLimited: { code: 1008, reason: "rate_limited" },
} as const;

export type FrameIssues = z.core.$ZodIssue[];
export type ParsedFrame<In> = { success: true; data: In } | { success: false; error: { issues: FrameIssues } };

const decoder = new TextDecoder();
/** A frame that is not JSON: distinct from any value JSON can give. */
export const NOT_JSON = Symbol("not JSON");

export abstract class SocketServer<Info, In, Out extends { type: string }> extends DurableObject<Env> {
  /**
   * What each socket remembers, read once per wake instead of deserialised on every frame and
   * every broadcast. The attachment stays the truth: after hibernation the cache starts empty.
   */
  private infos = new WeakMap<WebSocket, Info>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('{"type":"ping"}', '{"type":"pong"}'));
  }

  /** Validates a frame that parsed as JSON. */
  protected abstract parseFrame(data: unknown): ParsedFrame<In>;
  /** Handles a valid frame. */
  protected abstract onFrame(ws: WebSocket, info: Info, frame: In): Promise<void> | void;

  /** Flood control, before anything else is done for a frame (an invalid one costs too): false drops it. */
  protected admitFrame(_ws: WebSocket, _info: Info, _data: unknown): boolean {
    return true;
  }

  /** What an invalid frame is told; the socket stays open. */
  protected invalidFrame(issues: FrameIssues, _data: unknown): ServerError {
    return { type: "error", code: "invalid_frame", message: describeIssues(issues) };
  }

  /** A socket closed (or failed); its cached info is dropped afterwards. */
  protected onSocketClosed(_ws: WebSocket, _info: Info | null): Promise<void> | void {}

  /** Accepts the server end of a new socket under `tags`, with what it must remember through hibernation. */
  protected acceptSocket(ws: WebSocket, tags: string[], info: Info) {
    this.ctx.acceptWebSocket(ws, tags);
    ws.serializeAttachment(info);
    this.infos.set(ws, info);
  }

  /** Changes what a socket remembers (through hibernation too). */
  protected updateInfo(ws: WebSocket, info: Info) {
    ws.serializeAttachment(info);
    this.infos.set(ws, info);
  }

  protected infoOf(ws: WebSocket): Info | null {
    let info = this.infos.get(ws);
    if (info === undefined) {
      info = ws.deserializeAttachment() as Info;
      if (info === null || info === undefined) return null;
      this.infos.set(ws, info);
    }
    return info;
  }

  /**
   * Not async: a frame handled without waiting (a text message, the common case) returns nothing,
   * so the runtime has no promise to follow; one that waits returns its promise.
   */
  webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> | void {
    const info = this.infoOf(ws);
    if (!info) return;
    const data = readJson(raw);
    if (!this.admitFrame(ws, info, data === NOT_JSON ? undefined : data)) return;
    if (data === NOT_JSON) return this.send(ws, { type: "error", code: "invalid_frame", message: "Frames must be JSON." });
    const frame = this.parseFrame(data);
    if (!frame.success) return this.send(ws, this.invalidFrame(frame.error.issues, data));
    return this.onFrame(ws, info, frame.data);
  }

  async webSocketClose(ws: WebSocket, code: number): Promise<void> {
    const info = this.infoOf(ws);
    // 1005 and 1006 say no code was given; they may not be sent back.
    this.closeSocket(ws, code === 1005 || code === 1006 ? 1000 : code, "closing");
    await this.onSocketClosed(ws, info);
    this.infos.delete(ws);
  }

  async webServerError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011);
  }

  protected send(ws: WebSocket, msg: Out | ServerError) {
    try {
      ws.send(JSON.stringify(msg));
    } catch {
      // A socket closing under us; its close handler tidies up.
    }
  }

  /** One serialisation for every socket under `tag` (all when omitted) but `except`. */
  protected broadcast(msg: Out, tag?: string, except?: WebSocket) {
    const sockets = this.ctx.getWebSockets(tag);
    if (sockets.length === 0) return;
    const text = JSON.stringify(msg);
    for (const ws of sockets) {
      if (ws === except) continue;
      try {
        ws.send(text);
      } catch {
        // closing
      }
    }
  }

  /** A frame that differs by what the socket is (say its role): built and serialised once per key. */
  protected broadcastBy<K>(keyOf: (info: Info) => K, frame: (key: K) => Out) {
    const texts = new Map<K, string>();
    for (const ws of this.ctx.getWebSockets()) {
      const info = this.infoOf(ws);
      if (!info) continue;
      const key = keyOf(info);
      let text = texts.get(key);
      if (text === undefined) texts.set(key, (text = JSON.stringify(frame(key))));
      try {
        ws.send(text);
      } catch {
        // closing
      }
    }
  }

  protected closeSocket(ws: WebSocket, code: number, reason: string): boolean {
    try {
      ws.close(code, reason);
      return true;
    } catch {
      return false; // closed already
    }
  }
}

function readJson(raw: string | ArrayBuffer): unknown {
  try {
    return JSON.parse(typeof raw === "string" ? raw : decoder.decode(raw));
  } catch {
    return NOT_JSON;
  }
}
