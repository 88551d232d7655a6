// The phone's outbox goes out in bounded batches (docs/protocol.md, "Polling phones").
//
// A phone on long-polling (no WebSocket through its network) sends everything the client
// library queued since its last request in one HTTP POST. The server decodes a bounded
// number of packets per POST (DIALOGCAFE_POLLING_MAX_PACKETS, 64 by default; python-engineio
// alone stops at 16 and drops the lot), so a phone flushing 50 queued inputs after a
// reconnect got no ack for any of them and stayed stuck. Here at most BATCH inputs are
// on their way at once: the next ones go as acks (or timeouts) come back, so no POST
// carries more than BATCH inputs whatever the outbox holds.

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
