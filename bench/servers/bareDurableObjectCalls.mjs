// The bare relay of bareDurableObject.mjs (insert + forward), plus one thing each object does that the
// relay itself never does, chosen by the MODE binding: "none"; "call", one RPC a second to a second
// object (the least a conversation must do to keep the agents' live list); "alarm", its alarm rings
// once, 8–16 s after its first message, and does nothing. Used by bench/outgoingCalls.mjs.
import { DurableObject } from "cloudflare:workers";

export class Lobby extends DurableObject {
  rows = new Map();

  async upsert(row) {
    this.rows.set(row.id, row);
  }
}

export class Relay extends DurableObject {
  lastCall = 0;
  alarmSet = false;

  constructor(ctx, env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, created_at INTEGER NOT NULL)`);
  }

  async fetch(request) {
    const role = new URL(request.url).pathname === "/agent" ? "agent" : "visitor";
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], [role]);
    pair[1].send('{"type":"welcome"}');
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async alarm() {}

  webSocketMessage(ws, raw) {
    const msg = JSON.parse(raw);
    const row = this.ctx.storage.sql
      .exec(`INSERT INTO messages (id, text, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq`, msg.id, msg.text, Date.now())
      .toArray()[0];
    const seq = row ? row.seq : this.ctx.storage.sql.exec(`SELECT seq FROM messages WHERE id = ?`, msg.id).one().seq;
    ws.send(JSON.stringify({ type: "ack", id: msg.id, seq }));
    if (!row) return;
    const out = JSON.stringify({ type: "message", message: { seq, id: msg.id, text: msg.text } });
    for (const agent of this.ctx.getWebSockets("agent")) agent.send(out);
    const now = Date.now();
    if (this.env.MODE === "call" && now - this.lastCall >= 1000) {
      this.lastCall = now;
      void this.env.LOBBY.get(this.env.LOBBY.idFromName("lobby")).upsert({ id: this.ctx.id.toString(), seq, text: msg.text });
    }
    if (this.env.MODE === "alarm" && !this.alarmSet) {
      this.alarmSet = true;
      void this.ctx.storage.setAlarm(now + 8000 + Math.random() * 8000);
    }
  }
}

export default {
  fetch(request, env) {
    const conversation = new URL(request.url).searchParams.get("c") ?? "";
    return env.RELAY.get(env.RELAY.idFromName(conversation)).fetch(request);
  },
};
