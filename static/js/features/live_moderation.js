// The facilitator's live view: a small Hide button on every input, and inputs hidden
// anywhere (this page, the moderation page, the API) leave the screen at once.
import { EVENTS } from "../core/events.js";
import { moderate, modTexts } from "../core/moderation_api.js";

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
 * Hide buttons on the inputs of ``lists`` (under ``root``), which follow `hide` and a
 * reconnect's state. ``afterChange`` lets the page recount its cards; ``onError`` shows a message.
 */
export function mount(root, { socket, lists, afterChange, onError }) {
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
}
