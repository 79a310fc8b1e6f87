// What a team would build instead: a Socket.IO relay with one room per conversation, persisting nothing.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2]);
const server = createServer();
const io = new Server(server, { transports: ["websocket"], serveClient: false, perMessageDeflate: false });

io.on("connection", (socket) => {
  const { role, c: conversation } = socket.handshake.query;
  if (typeof conversation !== "string" || (role !== "visitor" && role !== "agent")) return socket.disconnect(true);
  socket.join(conversation);
  if (role === "visitor") {
    socket.on("message", (frame) => {
      if (!frame || typeof frame.id !== "string") return;
      socket.to(conversation).emit("message", { id: frame.id, text: frame.text });
    });
  }
  socket.emit("welcome");
});

server.listen(port, "127.0.0.1", () => console.log(`listening ${port}`));
process.on("SIGTERM", () => process.exit(0));
