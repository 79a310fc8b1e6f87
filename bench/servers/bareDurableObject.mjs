// The floor of a persisted relay on workerd: one Durable Object per conversation that stores each
// message in its SQLite storage (ack and forward behind the output gate) and forwards it to the
// agent's socket. No validation, no state machine, no lobby, no D1: what any design on Durable
// Objects pays at least. Same frames as Raibu, so the same load client reaches it.
import { DurableObject } from "cloudflare:workers";

export class Relay extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    // seq is the rowid: max + 1, and a conflicting id spends none (no AUTOINCREMENT and its extra write per message).
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS messages (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, text TEXT NOT NULL, created_at INTEGER NOT NULL)`);
  }

  async fetch(request) {
    const role = new URL(request.url).pathname === "/agent" ? "agent" : "visitor";
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1], [role]);
    pair[1].send('{"type":"welcome"}');
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  async webSocketMessage(ws, raw) {
    const msg = JSON.parse(raw);
    const row = this.ctx.storage.sql
      .exec(`INSERT INTO messages (id, text, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING RETURNING seq`, msg.id, msg.text, Date.now())
      .toArray()[0];
    const seq = row ? row.seq : this.ctx.storage.sql.exec(`SELECT seq FROM messages WHERE id = ?`, msg.id).one().seq;
    ws.send(JSON.stringify({ type: "ack", id: msg.id, seq }));
    if (!row) return;
    const out = JSON.stringify({ type: "message", message: { seq, id: msg.id, text: msg.text } });
    for (const agent of this.ctx.getWebSockets("agent")) agent.send(out);
  }
}

export default {
  fetch(request, env) {
    const conversation = new URL(request.url).searchParams.get("c") ?? "";
    return env.RELAY.get(env.RELAY.idFromName(conversation)).fetch(request);
  },
};
