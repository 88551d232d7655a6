// The facilitator's live moderation on the cockpit: a small Hide button on every input,
// inputs hidden anywhere (this page, the moderation page, the API) leave the screen at
// once, and the approval queue: inputs waiting for approval, with Approve and Hide.
import { EVENTS } from "../core/events.js";
import { actionForm, modData, moderate, modTexts } from "../core/moderation_api.js";
import { format } from "../core/page.js";

// Waiting inputs the queue lists at most (the moderation page has them all).
const QUEUE_SHOWN = 20;

function addHideButton(item, onError) {
  if (!item.dataset.postId || item.querySelector("[data-hide-post]")) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button post-hide";
  button.dataset.hidePost = "";
  button.textContent = modTexts.hide;
  button.setAttribute("aria-label", modTexts.hideThis);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await moderate(item.dataset.postId, "hide");
      item.remove();
    } catch (error) {
      button.disabled = false;
      onError(error.message);
    }
  });
  item.append(button);
}

/** The same markup as templates/facilitator/_waiting_queue.html, from text nodes only. */
function renderWaiting(post) {
  const item = document.createElement("li");
  item.className = "waiting-item";
  item.dataset.postId = String(post.id);
  const text = document.createElement("p");
  text.className = "post-text";
  text.textContent = post.text;
  const meta = document.createElement("p");
  meta.className = "post-meta";
  meta.append(format(modTexts.table, { table: post.table }));
  if (post.nickname) {
    const author = document.createElement("span");
    author.className = "post-author";
    author.textContent = post.nickname;
    meta.append(" · ", author);
  }
  const actions = document.createElement("div");
  actions.className = "waiting-actions";
  actions.append(actionForm("approve", modTexts.approve, "button-primary"), actionForm("hide", modTexts.hide, ""));
  item.append(text, meta, actions);
  return item;
}

/** The approval queue (``queue``): live from `post_pending`, `post` and `hide`. */
function mountQueue(queue, { socket, page, onError }) {
  const list = queue.querySelector("[data-waiting-list]");
  const countElement = queue.querySelector("[data-waiting-count]");
  // Whether new inputs may still arrive to wait here (approve first, and the rounds not over).
  let approveFirst = queue.dataset.approveFirst === "on";
  const status = page.round_info ? page.round_info.status : page.session.status;
  let roundsOn = status === "draft" || status === "running";
  let count = Number(countElement.textContent) || 0;
  const show = () => {
    countElement.textContent = String(count);
    queue.querySelector("[data-waiting-empty]").hidden = count > 0;
    queue.hidden = !(approveFirst && roundsOn) && count === 0;
  };
  const drop = (id) => {
    const item = list.querySelector(`[data-post-id="${Number(id)}"]`);
    if (!item) return;
    const hadFocus = item.contains(document.activeElement);
    const next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    count = Math.max(0, count - 1);
    show();
    if (hadFocus) (next ? next.querySelector("button") : queue.querySelector("h2"))?.focus();
  };
  socket.on(EVENTS.POST_PENDING, (post) => {
    if (list.querySelector(`[data-post-id="${post.id}"]`)) return;
    if (list.children.length < QUEUE_SHOWN) list.append(renderWaiting(post));
    count += 1;
    show();
  });
  socket.on(EVENTS.POST, (post) => drop(post.id));
  socket.on(EVENTS.ROUND, (info) => {
    roundsOn = info.status === "draft" || info.status === "running";
    show();
  });
  socket.on(EVENTS.HIDE, (info) => drop(info.id));
  socket.on(EVENTS.SETTINGS, (settings) => {
    if ("approve_first" in settings) approveFirst = settings.approve_first;
    show();
  });
  // After a (re)connect, the queue as the server has it: events may have been missed.
  socket.on(EVENTS.STATE, async () => {
    const params = new URLSearchParams({ status: "pending", limit: String(QUEUE_SHOWN) });
    const response = await fetch(`${modData.list}?${params}`, { credentials: "same-origin" }).catch(() => null);
    if (!response || !response.ok) return;
    const result = await response.json();
    if (list.contains(document.activeElement)) return; // keep the facilitator's place
    list.replaceChildren(...result.posts.map(renderWaiting));
    count = result.counts.pending;
    show();
  });
  list.addEventListener("submit", async (event) => {
    const form = event.target.closest("form[data-action]");
    if (!form) return;
    event.preventDefault();
    const item = form.closest("[data-post-id]");
    for (const button of item.querySelectorAll("button")) button.disabled = true;
    try {
      await moderate(item.dataset.postId, form.dataset.action);
      drop(item.dataset.postId);
    } catch (error) {
      for (const button of item.querySelectorAll("button")) button.disabled = false;
      onError(error.message);
    }
  });
  show();
}

/**
 * Hide buttons on the inputs of ``lists`` (under ``root``), which follow `hide` and a
 * reconnect's state, and the approval ``queue``. ``afterChange`` lets the page recount
 * its cards; ``onError`` shows a message.
 */
export function mount(root, { socket, page, lists, queue, afterChange, onError }) {
  for (const list of lists) {
    for (const item of list.children) addHideButton(item, onError);
    new MutationObserver((changes) => {
      for (const change of changes) {
        for (const node of change.addedNodes) if (node.nodeType === 1) addHideButton(node, onError);
      }
    }).observe(list, { childList: true });
  }
  const removeIds = (ids) => {
    for (const list of lists) {
      for (const item of Array.from(list.children)) if (ids(Number(item.dataset.postId))) item.remove();
    }
    afterChange();
  };
  socket.on(EVENTS.HIDE, (info) => removeIds((id) => id === Number(info.id)));
  // After a reconnect, drop what was hidden while this page was offline.
  socket.on(EVENTS.STATE, (state) => {
    if (!state.tables) return;
    const shown = new Set(state.tables.flatMap((table) => (table.posts || []).map((post) => post.id)));
    removeIds((id) => Boolean(id) && !shown.has(id));
  });
  if (queue) mountQueue(queue, { socket, page, onError });
}
