// The bare relay of bareDurableObject.mjs (insert + forward), plus one thing each object does that the
// relay itself never does, chosen by the MODE binding: "none"; "call", one RPC a second to a second
// object (the least a conversation must do to keep the agents' live list); "alarm", its alarm rings
// once, 8–16 s after its first message, and does nothing. Used by bench/outgoingCalls.mjs.
import { DurableObject } from "cloudflare:workers";
import { Relay as BareRelay } from "./bareDurableObject.mjs";

export class Lobby extends DurableObject {
  rows = new Map();

  async upsert(row) {
    this.rows.set(row.id, row);
  }
}

export class Relay extends BareRelay {
  lastCall = 0;
  alarmSet = false;

  async alarm() {}

  async webSocketMessage(ws, raw) {
    await super.webSocketMessage(ws, raw);
    const now = Date.now();
    if (this.env.MODE === "call" && now - this.lastCall >= 1000) {
      this.lastCall = now;
      void this.env.LOBBY.get(this.env.LOBBY.idFromName("lobby")).upsert({ id: this.ctx.id.toString(), at: now });
    }
    if (this.env.MODE === "alarm" && !this.alarmSet) {
      this.alarmSet = true;
      void this.ctx.storage.setAlarm(now + 8000 + Math.random() * 8000);
    }
  }
}

export { default } from "./bareDurableObject.mjs";
