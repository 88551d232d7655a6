// Shared pieces of the live pages: page data, texts, the socket, posts and the timer.
import { io } from "./vendor/socket.io.esm.min.js";
import { Resync, guard } from "./sync.js";

/** Parse a JSON data block the server rendered into the page (no inline scripts: strict CSP). */
export function readJson(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : {};
}

export const texts = readJson("i18n-data");

/** Fill "{name}" placeholders in a translated text. */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
}

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
 * Open the Socket.IO connection and keep the status line ("Live", "Offline…") true.
 * A reconnect sends the last state's ``seq`` as ``auth.since`` and gets only what changed;
 * sync.js merges it, so the page's handlers always see whole states and fresh events.
 */
export function connect(auth, statusElement) {
  const resync = new Resync();
  // WebSocket first; where it cannot open (a proxy or an old phone), long-polling instead
  // (tryAllTransports: without it the client retried WebSocket for ever).
  const options = { transports: ["websocket", "polling"], tryAllTransports: true, reconnectionDelayMax: 5000 };
  const socket = guard(io({ ...options, auth: (send) => send(resync.auth(auth)) }), resync);
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

/** Build the list item for a post: text nodes only, so user text can never become markup. */
export function renderPost(post, { isNew = false } = {}) {
  const item = document.createElement("li");
  item.className = "post";
  if (isNew) item.classList.add("is-new");
  if (post.id !== undefined) item.dataset.postId = String(post.id);
  if (post.client_id) item.dataset.clientId = post.client_id;
  const text = document.createElement("p");
  text.className = "post-text";
  text.textContent = post.text;
  const meta = document.createElement("p");
  meta.className = "post-meta";
  if (post.nickname) {
    const author = document.createElement("span");
    author.className = "post-author";
    author.textContent = post.nickname;
    meta.append(author, " · ");
  }
  meta.append(format(texts.roundN, { round: post.round }));
  item.append(text, meta);
  if (post.on_behalf) item.append(onBehalfNote(post));
  if (post.status === "pending") markAwaiting(item);
  return item;
}

/** Table host: "written by the host for Kari" (or "for a participant" without a name). */
function onBehalfNote(post) {
  const note = document.createElement("p");
  note.className = "post-behalf";
  note.textContent = post.on_behalf_name
    ? format(texts.writtenFor, { name: post.on_behalf_name })
    : texts.writtenForSomeone;
  return note;
}

/** Moderation: the author's own input waits for the facilitator's approval. */
export function markAwaiting(item) {
  item.classList.add("is-awaiting");
  const note = document.createElement("p");
  note.className = "post-awaiting";
  note.dataset.awaiting = "";
  note.textContent = texts.awaitingApproval;
  item.append(note);
}

/**
 * Put a post at the top of a list once, however often it arrives. If the author's own
 * "Sending…" copy of it is shown (its ack was lost, and a reconnect's state brought the
 * stored post first), the stored post takes its place.
 */
export function addPost(list, post, options) {
  const twin = post.client_id ? `.is-pending[data-client-id="${CSS.escape(post.client_id)}"]` : null;
  const pending = twin ? list.querySelector(twin) : null;
  if (list.querySelector(`[data-post-id="${post.id}"]`)) {
    if (pending) pending.remove();
    return null;
  }
  const item = renderPost(post, options);
  if (pending) pending.replaceWith(item);
  else list.prepend(item);
  return item;
}

// The server's clock minus this device's, so every screen counts down to the same moment
// even when a phone's clock is wrong (set from ``server_time`` in ``state`` and ``timer``).
let clockOffsetMs = 0;

/** Correct this device's clock by the server's (an ISO time, e.g. ``state.server_time``). */
export function syncClock(serverTime) {
  const parsed = serverTime ? Date.parse(serverTime) : NaN;
  if (!Number.isNaN(parsed)) clockOffsetMs = parsed - Date.now();
}

/** "Now" on the server's clock, in milliseconds. */
export function serverNow() {
  return Date.now() + clockOffsetMs;
}

function minutesAndSeconds(left) {
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
}

const TWO_MINUTES = 120;

/**
 * Keep a countdown element showing the time left in the round.
 *
 * ``getTimer`` returns the end time (an ISO string), or a timer object
 * ``{round, round_ends_at, paused_remaining}`` (the ``timer`` event), or null when no
 * round is timed. A paused timer shows "Paused" and the seconds kept. With a ``signal``
 * element (aria-live polite), crossing "2 minutes left" and "time is up" is announced
 * there once per round, with a short vibration where the phone offers one; no sound.
 */
export function startTimer(element, getTimer, { signal = null } = {}) {
  if (!element) return undefined;
  let previous = null;
  let previousRound = null;
  const announce = (text) => {
    if (!signal) return;
    signal.textContent = text;
    signal.hidden = false;
    if (typeof navigator.vibrate === "function") navigator.vibrate(200);
  };
  const tick = () => {
    const raw = getTimer();
    const timer = typeof raw === "string" ? { round_ends_at: raw } : raw;
    const paused = Boolean(timer) && timer.paused_remaining !== null && timer.paused_remaining !== undefined;
    if (!timer || (!timer.round_ends_at && !paused)) {
      element.hidden = true;
      previous = null;
      return;
    }
    if (timer.round !== previousRound) {
      previous = null;
      previousRound = timer.round;
      if (signal) signal.hidden = true;
    }
    element.hidden = false;
    element.classList.toggle("is-paused", paused);
    const left = paused
      ? timer.paused_remaining
      : Math.max(0, Math.ceil((Date.parse(timer.round_ends_at) - serverNow()) / 1000));
    element.classList.toggle("is-over", left <= 0);
    if (paused) {
      element.textContent = `${texts.paused} · ${minutesAndSeconds(left)}`;
    } else if (left <= 0) {
      element.textContent = texts.timeUp;
    } else {
      element.textContent = `${minutesAndSeconds(left)} ${texts.minutesLeft}`;
    }
    if (!paused && previous !== null) {
      if (previous > TWO_MINUTES && left <= TWO_MINUTES && left > 0) announce(texts.twoMinutesLeft);
      if (previous > 0 && left <= 0) announce(texts.timeUpSignal);
    }
    previous = left;
  };
  tick();
  return window.setInterval(tick, 1000);
}
