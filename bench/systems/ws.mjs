// System "ws": the raw `ws` relay (no persistence), reached with the load client's raw WebSocket wire.
import { startNodeRelay } from "./nodeRelay.mjs";

export default {
  name: "ws",
  wire: "raw",
  async start() {
    const relay = await startNodeRelay("wsRelay.mjs");
    const ws = relay.base.replace("http", "ws");
    return {
      info: { server: "ws relay in its own Node process", pid: relay.pid },
      async conversations(n) {
        return Array.from({ length: n }, (_, i) => ({
          visitor: { url: `${ws}/visitor?c=c${i}` },
          agent: { url: `${ws}/agent?c=c${i}` },
        }));
      },
      serverPids: () => [relay.pid],
      stop: relay.stop,
    };
  },
};
