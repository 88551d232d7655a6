// Moderation controls shared by the moderation page and the facilitator's live view:
// actions by fetch (CSRF token in a header), the approve-first switch, and Hide buttons.
import { EVENTS } from "./events.js";
import { readJson } from "./live.js";

export const modData = readJson("moderation-data");
const modTexts = modData.texts || {};

/** POST a form-encoded body to a page action and get its JSON (throws on failure). */
async function postForm(url, fields) {
  const body = new URLSearchParams(fields);
  const response = await fetch(url, {
    method: "POST",
    headers: { "X-CSRFToken": modData.csrf, Accept: "application/json" },
    body,
    credentials: "same-origin",
  });
  const result = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(result.error || modTexts.failed);
  return result;
}

/** Hide, unhide or approve one input; resolves to ``{post, previous}``. */
export function moderate(postId, action, reason = "") {
  return postForm(`${modData.actions}${Number(postId)}/${action}`, { reason });
}

/** Show whether approve-first is on, on every switch on the page. */
export function showApproveFirst(on) {
  for (const form of document.querySelectorAll("[data-approve-first-form]")) {
    form.querySelector("[data-approve-first-value]").value = on ? "off" : "on";
    form.querySelector("[data-approve-first-state]").textContent = on ? modTexts.approveOn : modTexts.approveOff;
    form.querySelector("[data-approve-first-button]").textContent = on ? modTexts.turnOff : modTexts.turnOn;
  }
}

/** Make the approve-first forms work without a reload; ``onError`` shows a message. */
export function wireApproveFirst(onError) {
  for (const form of document.querySelectorAll("[data-approve-first-form]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = form.querySelector("[data-approve-first-value]").value;
      try {
        const result = await postForm(modData.settings, { approve_first: value });
        showApproveFirst(result.approve_first);
      } catch (error) {
        onError(error.message);
      }
    });
  }
}

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

/**
 * The facilitator's live view: a small Hide button on every input, and inputs hidden
 * anywhere (this page, the moderation page, the API) leave the screen at once.
 * ``afterChange`` lets the page recount its cards.
 */
export function enableLiveModeration(socket, lists, afterChange, onError) {
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
  socket.on(EVENTS.SETTINGS, (settings) => {
    if ("approve_first" in settings) showApproveFirst(settings.approve_first);
  });
  // After a reconnect, drop what was hidden while this page was offline.
  socket.on(EVENTS.STATE, (state) => {
    if (!state.tables) return;
    const shown = new Set(state.tables.flatMap((table) => (table.posts || []).map((post) => post.id)));
    removeIds((id) => Boolean(id) && !shown.has(id));
  });
  wireApproveFirst(onError);
}
