// Shared pieces of the live pages: page data, texts, the socket, posts and the timer.
import { io } from "./vendor/socket.io.esm.min.js";

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

/** Open the Socket.IO connection and keep the status line ("Live", "Offline…") true. */
export function connect(auth, statusElement) {
  const socket = io({ auth, transports: ["websocket", "polling"], reconnectionDelayMax: 5000 });
  const show = (state, text) => {
    if (!statusElement) return;
    statusElement.textContent = text;
    statusElement.classList.toggle("is-live", state === "live");
    statusElement.classList.toggle("is-offline", state === "offline");
  };
  socket.on("connect", () => show("live", texts.connected));
  socket.on("disconnect", () => show("offline", texts.offline));
  socket.on("connect_error", (error) => show("offline", error && error.message ? error.message : texts.offline));
  return socket;
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
  return item;
}

/** Put a post at the top of a list once, however often it arrives. */
export function addPost(list, post, options) {
  if (list.querySelector(`[data-post-id="${post.id}"]`)) return null;
  const item = renderPost(post, options);
  list.prepend(item);
  return item;
}

/** Keep a countdown element showing the time left until ``endsAt`` (an ISO time or null). */
export function startTimer(element, getEndsAt) {
  if (!element) return;
  const tick = () => {
    const endsAt = getEndsAt();
    if (!endsAt) {
      element.hidden = true;
      return;
    }
    const left = Math.round((Date.parse(endsAt) - Date.now()) / 1000);
    element.hidden = false;
    element.classList.toggle("is-over", left <= 0);
    if (left <= 0) {
      element.textContent = texts.timeUp;
      return;
    }
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    element.textContent = `${minutes}:${seconds} ${texts.minutesLeft}`;
  };
  tick();
  return window.setInterval(tick, 1000);
}
