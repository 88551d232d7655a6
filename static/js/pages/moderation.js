// Page entry: the moderation page (templates/facilitator/moderation.html): filter and
// search every input, hide / show again / approve without reloading, and keep the list
// live (the waiting queue stays at the top).
//
// Convention (static/js/README.md): every feature module exports
// `mount(root, context)`: `root` is the element it works in (`document` for one spread over
// the page), `context` holds `socket`, `page` and what else it needs.
import { watchUserText } from "../core/direction.js";
import { EVENTS } from "../core/events.js";
import { actionForm, modData, moderate } from "../core/moderation_api.js";
import { format, readJson } from "../core/page.js";
import { connect } from "../core/socket.js";
import * as approveFirst from "../features/approve_first.js";

const page = readJson("page-data");
const t = modData.texts;
const $ = (selector) => document.querySelector(selector);
const list = $("[data-mod-list]");
const filters = $("[data-filters]");
const moreButton = $("[data-mod-more]");
const errorBox = $("[data-mod-error]");
let shown = page.posts.length;
const known = new Map(page.posts.map((post) => [post.id, post]));

function showError(message) {
  errorBox.textContent = message || t.failed;
  errorBox.hidden = false;
}

function wanted() {
  const data = new FormData(filters);
  return {
    table: data.get("table") || "",
    round: data.get("round") || "",
    status: data.get("status") || "",
    q: String(data.get("q") || "").trim(),
    participant: data.get("participant") || "",
  };
}

/** Would the server's list include this post with the current filters? */
function matches(post) {
  const want = wanted();
  if (want.table && Number(want.table) !== post.table) return false;
  if (want.round && Number(want.round) !== post.round) return false;
  if (want.status && want.status !== post.status) return false;
  if (want.participant && Number(want.participant) !== post.participant) return false;
  return !want.q || post.text.toLocaleLowerCase().includes(want.q.toLocaleLowerCase());
}

/** A moderation form for ``post``; hiding asks for an optional reason first. */
function postActionForm(post, action, label, className) {
  if (action !== "hide") return actionForm(action, label, className);
  const reasonLabel = document.createElement("label");
  reasonLabel.htmlFor = `reason-${post.id}`;
  reasonLabel.textContent = t.reasonLabel;
  const input = document.createElement("input");
  input.id = `reason-${post.id}`;
  input.name = "reason";
  input.maxLength = 500;
  input.autocomplete = "off";
  const form = actionForm(action, label, className, [reasonLabel, input]);
  form.className = "mod-hide";
  return form;
}

/** "Hide…": the reason and the confirming button unfold only when asked for. */
function hideBox(post) {
  const box = document.createElement("details");
  box.className = "mod-hide-box";
  box.dataset.hideBox = "";
  const summary = document.createElement("summary");
  summary.className = "button";
  summary.textContent = `${t.hide}…`;
  box.append(summary, postActionForm(post, "hide", t.hide, "button-danger"));
  return box;
}

/** The same markup as templates/facilitator/_moderation_item.html, from text nodes only. */
function renderItem(post) {
  const item = document.createElement("li");
  item.className = `mod-item mod-${post.status}`;
  item.dataset.postId = String(post.id);
  item.dataset.status = post.status;
  const text = document.createElement("p");
  text.className = "post-text";
  text.textContent = post.text;
  const meta = document.createElement("p");
  meta.className = "post-meta";
  const badge = document.createElement("span");
  badge.className = "badge mod-badge";
  badge.textContent = t[post.status] || post.status;
  meta.append(badge, " ", format(t.table, { table: post.table }), " · ", format(t.round, { round: post.round }));
  if (post.nickname) {
    const author = document.createElement("span");
    author.className = "post-author";
    author.textContent = post.nickname;
    meta.append(" · ", author);
  }
  // Whose it is comes with the moderation list only: a live event (shared with the phones)
  // never says, so a new input gets its link with the next load of the list.
  if (post.participant) {
    const person = document.createElement("a");
    person.className = "mod-person-link";
    person.href = `${modData.people}?${new URLSearchParams({ participant: String(post.participant) })}`;
    person.textContent = t.byPerson;
    meta.append(" · ", person);
  }
  item.append(text, meta);
  if (post.status === "hidden" && post.hidden_reason) {
    const reason = document.createElement("p");
    reason.className = "mod-reason";
    reason.textContent = `${t.reason} ${post.hidden_reason}`;
    item.append(reason);
  }
  const actions = document.createElement("div");
  actions.className = "mod-actions";
  if (post.status === "pending") actions.append(postActionForm(post, "approve", t.approve, "button-primary"));
  if (post.status !== "hidden") actions.append(hideBox(post));
  else actions.append(postActionForm(post, "unhide", t.unhide, ""));
  item.append(actions);
  return item;
}

function updateEmpty() {
  $("[data-mod-empty]").hidden = list.children.length > 0;
}

/** Put a post where the server would: waiting ones oldest first on top, the rest newest first. */
function place(item, post) {
  const items = Array.from(list.children);
  const waiting = (other) => other.dataset.status === "pending";
  const id = (other) => Number(other.dataset.postId);
  const before =
    post.status === "pending"
      ? items.find((other) => !waiting(other) || id(other) > post.id)
      : items.find((other) => !waiting(other) && id(other) < post.id);
  if (before) before.before(item);
  else list.append(item);
}

/** Show a post's new state: replace it in place (keeping focus), add it, or drop it. */
function upsert(post) {
  known.set(post.id, post);
  const existing = list.querySelector(`[data-post-id="${post.id}"]`);
  if (!matches(post)) {
    if (existing && !existing.contains(document.activeElement)) existing.remove();
    updateEmpty();
    return;
  }
  const item = renderItem(post);
  if (existing) {
    const hadFocus = existing.contains(document.activeElement);
    existing.remove();
    place(item, post);
    if (hadFocus) item.querySelector("button").focus();
  } else {
    place(item, post);
  }
  updateEmpty();
}

let countsTimer = null;
function refreshCounts() {
  window.clearTimeout(countsTimer);
  countsTimer = window.setTimeout(async () => {
    const response = await fetch(`${modData.list}?limit=1`, { credentials: "same-origin" });
    if (!response.ok) return;
    const result = await response.json();
    for (const [status, count] of Object.entries(result.counts)) {
      const element = document.querySelector(`[data-count-${status}]`);
      if (element) element.textContent = String(count);
    }
  }, 300);
}

async function load({ append = false } = {}) {
  const params = new URLSearchParams({ ...wanted(), offset: append ? String(shown) : "0", limit: String(page.limit) });
  const response = await fetch(`${modData.list}?${params}`, { credentials: "same-origin" });
  const result = await response.json().catch(() => ({}));
  if (!response.ok) {
    showError(result.error);
    return;
  }
  errorBox.hidden = true;
  if (!append) {
    list.replaceChildren();
    shown = 0;
  }
  for (const post of result.posts) {
    known.set(post.id, post);
    list.append(renderItem(post));
  }
  shown += result.posts.length;
  moreButton.hidden = !result.more;
  updateEmpty();
}

// "Hide…" opened: straight to its reason field (toggle does not bubble, hence the capture).
list.addEventListener(
  "toggle",
  (event) => {
    const box = event.target;
    if (box.matches && box.matches("[data-hide-box]") && box.open) box.querySelector("input[name=reason]")?.focus();
  },
  true,
);

list.addEventListener("submit", async (event) => {
  const form = event.target.closest("form[data-action]");
  if (!form) return;
  event.preventDefault();
  const item = form.closest("[data-post-id]");
  const reason = form.elements.reason ? form.elements.reason.value : "";
  for (const button of form.querySelectorAll("button")) button.disabled = true;
  try {
    const result = await moderate(item.dataset.postId, form.dataset.action, reason);
    errorBox.hidden = true;
    upsert(result.post);
    refreshCounts();
  } catch (error) {
    for (const button of form.querySelectorAll("button")) button.disabled = false;
    showError(error.message);
  }
});

let searchTimer = null;
filters.addEventListener("submit", (event) => {
  event.preventDefault();
  load();
});
filters.addEventListener("change", () => load());
filters.elements.q.addEventListener("input", () => {
  window.clearTimeout(searchTimer);
  searchTimer = window.setTimeout(() => load(), 300);
});
moreButton.addEventListener("click", () => load({ append: true }));

const socket = connect({ session: modData.session }, $("[data-connection]"));
socket.on(EVENTS.POST_PENDING, (post) => {
  upsert(post);
  refreshCounts();
});
socket.on(EVENTS.POST, (post) => {
  upsert({ ...known.get(post.id), ...post }); // approved or shown again: keep whose it is
  refreshCounts();
});
socket.on(EVENTS.HIDE, (info) => {
  // Hidden elsewhere (the live view, another facilitator, the API): show it as hidden.
  const post = known.get(Number(info.id));
  if (post && post.status !== "hidden") upsert({ ...post, status: "hidden" });
  refreshCounts();
});
approveFirst.mount(document, { socket, page, onError: showError });
// A reconnect may have missed events: redraw from the server (the first connect needs not).
let connectedBefore = false;
socket.on(EVENTS.STATE, () => {
  if (connectedBefore) load();
  connectedBefore = true;
  refreshCounts();
});
watchUserText(); // every input, name and question runs its own way (core/direction.js)
