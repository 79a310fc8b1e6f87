// The floor: a raw `ws` relay that routes each visitor frame to its conversation's agents, storing nothing.
import { createServer } from "node:http";
import { WebSocketServer } from "ws";

const port = Number(process.argv[2]);
const agents = new Map(); // conversation id -> Set of agent sockets

const server = createServer((_, res) => res.writeHead(404).end());
const wss = new WebSocketServer({ server, perMessageDeflate: false });

wss.on("connection", (ws, req) => {
  const url = new URL(req.url, "http://relay");
  const conversation = url.searchParams.get("c") ?? "";
  if (url.pathname === "/agent") {
    if (!agents.has(conversation)) agents.set(conversation, new Set());
    agents.get(conversation).add(ws);
    ws.on("close", () => agents.get(conversation)?.delete(ws));
  } else if (url.pathname === "/visitor") {
    ws.on("message", (data) => {
      let frame;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return ws.send('{"type":"error","code":"invalid_frame"}');
      }
      if (frame.type !== "message") return;
      const out = JSON.stringify({ type: "message", message: { id: frame.id, text: frame.text } });
      for (const agent of agents.get(conversation) ?? []) agent.send(out);
    });
  } else {
    return ws.close(1008, "unknown path");
  }
  ws.send('{"type":"welcome"}');
});

server.listen(port, "127.0.0.1", () => console.log(`listening ${port}`));
process.on("SIGTERM", () => process.exit(0));
