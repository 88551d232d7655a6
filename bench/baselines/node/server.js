// The reference: Node.js socket.io doing the same room fan-out as bare_eventlet.py
// (connect with auth {rooms, to}; "post" with an ack; "post" to the "to" rooms, not the sender).
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const host = process.env.HOST || "127.0.0.1";
const port = Number(process.env.PORT || 5200);
const server = http.createServer();
const io = new Server(server, { transports: ["websocket", "polling"] });
let nextId = 1;

io.on("connection", (socket) => {
  const auth = socket.handshake.auth || {};
  for (const room of auth.rooms || []) socket.join(room);
  const to = auth.to || [];
  socket.emit("state", { role: auth.role || "participant", posts: [] });
  socket.on("post", (data, ack) => {
    if (typeof ack !== "function") return;
    if (!data || typeof data !== "object") return ack({ ok: false, code: "bad_request" });
    const post = {
      id: nextId++,
      client_id: data.client_id,
      text: data.text,
      created_at: new Date().toISOString(),
      status: "visible",
    };
    if (to.length) socket.to(to).emit("post", post);
    ack({ ok: true, duplicate: false, post });
  });
});

server.listen(port, host, () => {
  console.log(`node socket.io fan-out server on http://${host}:${port}/`);
});
