// System "socketio": the Socket.IO relay (rooms, no persistence), reached with the load client's Socket.IO wire.
import { startNodeRelay } from "./nodeRelay.mjs";

export default {
  name: "socketio",
  wire: "socketio",
  async start() {
    const relay = await startNodeRelay("socketioRelay.mjs");
    return {
      info: { server: "Socket.IO relay in its own Node process, websocket transport only", pid: relay.pid },
      async conversations(n) {
        return Array.from({ length: n }, (_, i) => ({
          visitor: { url: relay.base, query: { role: "visitor", c: `c${i}` } },
          agent: { url: relay.base, query: { role: "agent", c: `c${i}` } },
        }));
      },
      serverPids: () => [relay.pid],
      stop: relay.stop,
    };
  },
};
