// The participant's table view: live inputs, the current question, and sending inputs
// that are never lost (kept in localStorage until the server has acknowledged them).
import { EVENTS } from "./events.js";
import { keepDraft } from "./draft.js";
import { enablePhoneModeration } from "./moderation_phone.js";
import {
  addPost,
  connect,
  format,
  newClientId,
  rateLimitDelay,
  readJson,
  renderPost,
  texts,
} from "./live.js";
import { showBroadcasts, trackTimer } from "./facilitation.js";
import { setupReactions } from "./reactions.js";
import { setUpMoving } from "./moving.js";
import { setUpHosting } from "./hosting.js";
import { inBatches } from "./outbox.js";
import { setUpOlderPosts } from "./older.js";

const page = readJson("page-data");
const outboxKey = `dialogcafe:${page.join_code}:outbox`;
const $ = (selector) => document.querySelector(selector);
const list = $("[data-posts]");
const earlierList = $("[data-earlier-posts]");
const form = $("[data-compose]");
const textarea = form.querySelector("textarea");
const counter = $("[data-counter]");
const errorBox = $("[data-compose-error]");
const draft = keepDraft(textarea, `dialogcafe:${page.join_code}:draft`);
let round = page.round_info;

function loadOutbox() {
  try {
    return JSON.parse(window.localStorage.getItem(outboxKey) || "[]");
  } catch {
    return [];
  }
}

function saveOutbox(items) {
  try {
    window.localStorage.setItem(outboxKey, JSON.stringify(items));
  } catch {
    // Private mode or a full quota: the input still goes out, it just is not kept.
  }
}

function showPending(item) {
  let element = list.querySelector(`[data-client-id="${item.client_id}"]`);
  if (!element) {
    element = renderPost({ ...item, round: round.round, nickname: page.participant.nickname });
    element.classList.add("is-pending");
    element.querySelector(".post-meta").textContent = texts.sending;
    list.prepend(element);
  }
  updateEmpty();
  return element;
}

function updateEmpty() {
  $("[data-empty]").hidden = list.children.length > 0;
}

function confirmSent(clientId, post) {
  saveOutbox(loadOutbox().filter((item) => item.client_id !== clientId));
  const pending = list.querySelector(`.is-pending[data-client-id="${clientId}"]`);
  const id = `[data-post-id="${post.id}"]`;
  const shown = document.querySelector(`[data-posts] ${id}, [data-earlier-posts] ${id}`);
  if (shown) {
    // A reconnect's state showed the stored post before this (resent) input's ack came.
    if (pending) pending.remove();
  } else if (pending) pending.replaceWith(renderPost(post));
  else addPost(list, post);
  updateEmpty();
}

const ACK_TIMEOUT_MS = 15000;
const RESEND_MS = 4000;
// At most a batch of inputs on their way at once: a long-polling POST stays within the
// server's packet limit however full the outbox is (outbox.js).
const emitInBatches = inBatches();

function send(socket, item) {
  emitInBatches(socket, ACK_TIMEOUT_MS, EVENTS.POST, item, (timedOut, ack) => {
    if (!timedOut && ack && ack.ok) {
      confirmSent(item.client_id, ack.post);
      if (errorBox.dataset.tooFast) {
        errorBox.hidden = true;
        delete errorBox.dataset.tooFast;
      }
      return;
    }
    const tooFast = timedOut ? null : rateLimitDelay(ack);
    if (tooFast !== null) {
      // Sent faster than a person types: the server says when it takes the next one.
      errorBox.textContent = ack.error || texts.failed;
      errorBox.hidden = false;
      errorBox.dataset.tooFast = "yes";
    }
    if (timedOut || tooFast !== null || (ack && ack.code === "unavailable")) {
      // No answer, the server could not store it just now, or it came too fast: it stays
      // in the outbox ("Sending…") and goes again; the server stores each client id once.
      setTimeout(() => {
        const waiting = loadOutbox().some((other) => other.client_id === item.client_id);
        if (waiting && socket.connected) send(socket, item);
      }, tooFast ?? RESEND_MS);
      return;
    }
    // A rule said no (closed session, too long…): drop it from the outbox and say why.
    saveOutbox(loadOutbox().filter((other) => other.client_id !== item.client_id));
    const pending = list.querySelector(`[data-client-id="${item.client_id}"]`);
    if (pending) pending.remove();
    errorBox.textContent = (ack && ack.error) || texts.failed;
    errorBox.hidden = false;
    updateEmpty();
  });
}

function applyRound(info) {
  const changed = info.round !== round.round;
  round = info;
  $("[data-topic]").textContent = info.topic;
  const label = $("[data-round-label]");
  const open = info.status === "running" && info.round >= 1;
  if (info.status === "closed") label.textContent = texts.closed;
  else if (info.status === "harvest") label.textContent = texts.harvestPhase;
  else if (info.round < 1) label.textContent = texts.waiting;
  else label.textContent = format(texts.roundOf, { round: info.round, total: info.rounds });
  form.hidden = !open;
  $("[data-compose-closed]").hidden = open;
  if (info.status === "harvest") $("[data-compose-closed]").textContent = texts.harvestNoInputs;
  if (changed && info.round >= 1) {
    for (const item of Array.from(list.children)) {
      if (!item.classList.contains("is-pending")) earlierList.prepend(item);
    }
    $("[data-earlier]").hidden = earlierList.children.length === 0;
    updateEmpty();
    const alert = $("[data-round-alert]");
    alert.textContent = page.session.rotation === "people" ? texts.newRoundPeople : texts.newQuestion;
    alert.hidden = false;
  }
}

function showState(state) {
  applyRound(state.round_info);
  for (const post of state.posts) {
    const target = post.round === state.round ? list : earlierList;
    addPost(target, post);
  }
  $("[data-earlier]").hidden = earlierList.children.length === 0;
  updateEmpty();
}

function updateCounter() {
  const left = Number(textarea.maxLength) - textarea.value.length;
  counter.textContent = `${left} ${texts.charactersLeft}`;
  counter.classList.toggle("is-near", left < 50);
}

// Inputs not yet acknowledged before a reload (or a closed tab) show at once, even offline;
// they are sent again after the connection's state.
for (const item of loadOutbox()) showPending(item);
const socket = connect({ token: page.token }, $("[data-connection]"));
// Offline, the write box says that inputs are kept and sent later (not lost).
const offlineNote = $("[data-offline-note]");
socket.on("connect", () => { offlineNote.hidden = true; });
socket.on("disconnect", () => { offlineNote.hidden = false; });
socket.on("connect_error", () => { offlineNote.hidden = false; });
setUpMoving(socket, page); // before the "state" handler below: a move empties the lists first
enablePhoneModeration(socket);
socket.on(EVENTS.STATE, (state) => {
  showState(state);
  for (const item of loadOutbox()) {
    showPending(item);
    send(socket, item);
  }
});
socket.on(EVENTS.POST, (post) => {
  if (post.round === round.round) addPost(list, post, { isNew: true });
  updateEmpty();
});
socket.on(EVENTS.ROUND, applyRound);
setupReactions(socket, page);

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = textarea.value.trim();
  if (!text) {
    textarea.focus();
    return;
  }
  errorBox.hidden = true;
  const item = { client_id: newClientId(), text };
  saveOutbox([...loadOutbox(), item]);
  showPending(item);
  textarea.value = "";
  draft.clear();
  updateCounter();
  if (socket.connected) send(socket, item);
  // When offline, the outbox is sent after the next "state" (on reconnect).
});
textarea.addEventListener("input", updateCounter);
if (textarea.value) updateCounter(); // a restored draft
trackTimer(socket, page, { element: $("[data-timer]"), signal: $("[data-timer-signal]") });
showBroadcasts(socket, page, $("[data-broadcast]"));
setUpHosting(socket, page);
setUpOlderPosts(socket, page, { current: list, earlier: earlierList, currentRound: () => round.round });
