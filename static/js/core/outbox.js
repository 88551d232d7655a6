// The phone's outbox: inputs are never lost (docs/protocol.md, "Client → server: `post`"
// and "Polling phones"). Each input gets a client id and is kept in localStorage until the
// server has stored it (an `ok` ack) or a rule refused it; no answer, `unavailable` or
// `rate_limited` send it again, and the server stores each client id once.
// features/compose.js shows the waiting inputs ("Sending…") and sends them again after
// every `state`.
//
// It goes out in bounded batches. A phone on long-polling (no WebSocket through its
// network) sends everything the client library queued since its last request in one HTTP
// POST. The server decodes a bounded number of packets per POST
// (DIALOGCAFE_POLLING_MAX_PACKETS, 64 by default; python-engineio alone stops at 16 and
// drops the lot), so a phone flushing 50 queued inputs after a reconnect got no ack for
// any of them and stayed stuck. Here at most BATCH inputs are on their way at once: the
// next ones go as acks (or timeouts) come back, so no POST carries more than BATCH inputs
// whatever the outbox holds.
import { EVENTS } from "./events.js";
import { rateLimitDelay } from "./socket.js";

/** Inputs on their way at once; keep equal to OUTBOX_BATCH in dialogcafe/adapters/polling.py. */
export const BATCH = 10;

/**
 * An emit function that sends at most ``limit`` inputs at a time:
 * ``emit(socket, timeoutMs, event, item, callback)`` works like
 * ``socket.timeout(timeoutMs).emit(event, item, callback)``, but waits for a free place.
 * An input already waiting or on its way (same ``client_id``) is not queued twice.
 */
export function inBatches(limit = BATCH) {
  const onTheirWay = new Set(); // client ids emitted, ack or timeout not yet back
  const waiting = new Map(); // client id -> [socket, timeoutMs, event, item, callback], in order
  let pausedUntil = 0; // after a `rate_limited` ack nothing new goes out until then

  const pump = () => {
    if (Date.now() < pausedUntil) return;
    for (const [clientId, job] of waiting) {
      if (onTheirWay.size >= limit) return;
      const [socket, timeoutMs, event, item, callback] = job;
      // Offline: they wait; the next "state" sends the outbox again, which pumps.
      if (!socket.connected) return;
      waiting.delete(clientId);
      onTheirWay.add(clientId);
      socket.timeout(timeoutMs).emit(event, item, (timedOut, ack) => {
        // A disconnect ends every ack's wait at once (timedOut), so nothing stays stuck.
        onTheirWay.delete(clientId);
        const retryAfter = !timedOut && ack && ack.code === "rate_limited" ? Number(ack.retry_after) : 0;
        if (retryAfter > 0) {
          // The server takes the next input only then: the rest of the batch waits too,
          // rather than each being refused in turn.
          pausedUntil = Math.max(pausedUntil, Date.now() + retryAfter * 1000);
          setTimeout(pump, retryAfter * 1000);
        }
        pump();
        callback(timedOut, ack);
      });
    }
  };

  return (socket, timeoutMs, event, item, callback) => {
    const clientId = item.client_id;
    if (!onTheirWay.has(clientId) && !waiting.has(clientId)) {
      waiting.set(clientId, [socket, timeoutMs, event, item, callback]);
    }
    pump();
  };
}

const ACK_TIMEOUT_MS = 15000;
const RESEND_MS = 4000;

/** A random id for an input, also where crypto.randomUUID is missing (plain http on a LAN). */
export function newClientId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function" && window.isSecureContext) {
    return window.crypto.randomUUID();
  }
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The inputs not yet stored, kept in localStorage under ``key`` (they survive a reload or
 * a closed tab), and how they are sent: at most a batch on their way at once, so a
 * long-polling POST stays within the server's packet limit however full the outbox is.
 */
export class Outbox {
  constructor(key) {
    this.key = key;
    this.emit = inBatches();
  }

  /** The inputs waiting, oldest first (``{client_id, text}``). */
  items() {
    try {
      return JSON.parse(window.localStorage.getItem(this.key) || "[]");
    } catch {
      return [];
    }
  }

  save(items) {
    try {
      window.localStorage.setItem(this.key, JSON.stringify(items));
    } catch {
      // Private mode or a full quota: the input still goes out, it just is not kept.
    }
  }

  add(item) {
    this.save([...this.items(), item]);
  }

  remove(clientId) {
    this.save(this.items().filter((item) => item.client_id !== clientId));
  }

  has(clientId) {
    return this.items().some((item) => item.client_id === clientId);
  }

  /**
   * Send ``item`` until the server stores it (``stored(post)``, after it left the outbox)
   * or a rule refuses it (``refused(ack)``, likewise). Refused as too fast, it stays and
   * ``tooFast(ack)`` is told; no answer or ``unavailable``: it stays and goes again.
   */
  send(socket, item, { stored, tooFast, refused }) {
    this.emit(socket, ACK_TIMEOUT_MS, EVENTS.POST, item, (timedOut, ack) => {
      if (!timedOut && ack && ack.ok) {
        this.remove(item.client_id);
        stored(ack.post);
        return;
      }
      const delay = timedOut ? null : rateLimitDelay(ack);
      // Sent faster than a person types: the server says when it takes the next one.
      if (delay !== null) tooFast(ack);
      if (timedOut || delay !== null || (ack && ack.code === "unavailable")) {
        // No answer, the server could not store it just now, or it came too fast: it stays
        // in the outbox ("Sending…") and goes again; the server stores each client id once.
        setTimeout(() => {
          if (this.has(item.client_id) && socket.connected) this.send(socket, item, { stored, tooFast, refused });
        }, delay ?? RESEND_MS);
        return;
      }
      // A rule said no (closed session, too long…): it leaves the outbox.
      this.remove(item.client_id);
      refused(ack);
    });
  }
}
