// Moderation on a phone: hidden inputs leave the screen at once, and the author's own
// input waiting for approval turns normal when approved (or goes, with a gentle note).
import { EVENTS } from "../core/events.js";
import { texts } from "../core/page.js";

function itemsFor(root, id) {
  return Array.from(root.querySelectorAll(`[data-post-id="${Number(id)}"]`));
}

function refreshEmpty(root) {
  const list = root.querySelector("[data-posts]");
  const empty = root.querySelector("[data-empty]");
  if (list && empty) empty.hidden = list.children.length > 0;
  const earlier = root.querySelector("[data-earlier]");
  const earlierList = root.querySelector("[data-earlier-posts]");
  if (earlier && earlierList) earlier.hidden = earlierList.children.length === 0;
}

function showNote(root) {
  let note = root.querySelector("[data-moderation-note]");
  if (!note) {
    note = document.createElement("p");
    note.className = "notice moderation-note";
    note.dataset.moderationNote = "";
    note.setAttribute("role", "status");
    const list = root.querySelector("[data-posts]");
    if (!list) return;
    list.before(note);
  }
  note.textContent = texts.postHiddenNote;
  note.hidden = false;
}

function removePost(root, id) {
  for (const item of itemsFor(root, id)) item.remove();
  refreshEmpty(root);
}

function markShown(root, id) {
  for (const item of itemsFor(root, id)) {
    item.classList.remove("is-awaiting");
    for (const note of item.querySelectorAll("[data-awaiting]")) note.remove();
  }
}

/** Follow moderation events for the inputs under ``root`` (mount once, after connecting). */
export function mount(root, { socket }) {
  socket.on(EVENTS.HIDE, (info) => removePost(root, info.id));
  // After a reconnect: drop what was hidden, and un-mark what was approved, meanwhile.
  socket.on(EVENTS.STATE, (state) => {
    const current = new Map((state.posts || []).map((post) => [post.id, post]));
    for (const item of root.querySelectorAll("[data-posts] [data-post-id], [data-earlier-posts] [data-post-id]")) {
      const post = current.get(Number(item.dataset.postId));
      if (!post) item.remove();
      else if (post.status === "visible") markShown(root, post.id);
    }
    refreshEmpty(root);
  });
  socket.on(EVENTS.POST_STATUS, (post) => {
    if (post.status === "visible") markShown(root, post.id);
    else if (post.status === "hidden") {
      removePost(root, post.id);
      showNote(root);
    }
  });
}
