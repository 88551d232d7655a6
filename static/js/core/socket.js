// The page's Socket.IO connection: reconnect resync (sync.js), the status line ("Live",
// "Offline…"), and what an ack refused as too fast means.
import { io } from "../vendor/socket.io.esm.min.js";
import { EVENTS } from "./events.js";
import { Resync, guard } from "./sync.js";
import { texts } from "./page.js";

/**
 * Open the Socket.IO connection and keep the status line ("Live", "Offline…") true.
 * A reconnect sends the last state's ``seq`` as ``auth.since`` and gets only what changed;
 * sync.js merges it, so the page's handlers always see whole states and fresh events.
 */
export function connect(auth, statusElement) {
  const resync = new Resync();
  // WebSocket first; where it cannot open (a proxy or an old phone), long-polling instead
  // (tryAllTransports: without it the client retried WebSocket for ever).
  const options = { transports: ["websocket", "polling"], tryAllTransports: true, reconnectionDelayMax: 5000 };
  // The page's language goes along, so the answers (acks, a refusal) are in it too (web/i18n.py).
  const query = { lang: document.documentElement.lang };
  const socket = guard(io({ ...options, query, auth: (send) => send(resync.auth(auth)) }), resync);
  const show = (state, text) => {
    if (!statusElement) return;
    statusElement.textContent = text;
    statusElement.classList.toggle("is-live", state === "live");
    statusElement.classList.toggle("is-offline", state === "offline");
  };
  socket.on("connect", () => show("live", texts.connected));
  socket.on("disconnect", () => show("offline", texts.offline));
  socket.on("connect_error", (error) => show("offline", error && error.message ? error.message : texts.offline));
  // The phone's network is back (or it switched from Wi-Fi to mobile data): try at once,
  // not after the back-off delay or a stalled attempt's 20-second timeout.
  window.addEventListener("online", () => {
    if (!socket.connected) socket.disconnect().connect();
  });
  // Someone's access to the café was taken away: the server took every facilitator screen
  // out of the room; connecting again checks this one's role anew and resyncs.
  socket.on(EVENTS.ACCESS, () => socket.disconnect().connect());
  return socket;
}

/**
 * How long to wait before sending again what the server refused as too fast
 * (``code: "rate_limited"``, ``retry_after`` in seconds); null for any other answer.
 * Nothing refused so is dropped: it goes again then, as after ``unavailable``.
 */
export function rateLimitDelay(ack) {
  if (!ack || ack.code !== "rate_limited") return null;
  const seconds = Number(ack.retry_after);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000;
}
