// Moderation on a phone: hidden inputs leave the screen at once, and the author's own
// input waiting for approval turns normal when approved (or goes, with a gentle note).
import { EVENTS } from "./events.js";
import { texts } from "./live.js";

function itemsFor(id) {
  return Array.from(document.querySelectorAll(`[data-post-id="${Number(id)}"]`));
}

function refreshEmpty() {
  const list = document.querySelector("[data-posts]");
  const empty = document.querySelector("[data-empty]");
  if (list && empty) empty.hidden = list.children.length > 0;
  const earlier = document.querySelector("[data-earlier]");
  const earlierList = document.querySelector("[data-earlier-posts]");
  if (earlier && earlierList) earlier.hidden = earlierList.children.length === 0;
}

function showNote() {
  let note = document.querySelector("[data-moderation-note]");
  if (!note) {
    note = document.createElement("p");
    note.className = "notice moderation-note";
    note.dataset.moderationNote = "";
    note.setAttribute("role", "status");
    const list = document.querySelector("[data-posts]");
    if (!list) return;
    list.before(note);
  }
  note.textContent = texts.postHiddenNote;
  note.hidden = false;
}

function removePost(id) {
  for (const item of itemsFor(id)) item.remove();
  refreshEmpty();
}

function markShown(id) {
  for (const item of itemsFor(id)) {
    item.classList.remove("is-awaiting");
    for (const note of item.querySelectorAll("[data-awaiting]")) note.remove();
  }
}

/** Listen for moderation events on the phone's socket (call once, after connecting). */
export function enablePhoneModeration(socket) {
  socket.on(EVENTS.HIDE, (info) => removePost(info.id));
  // After a reconnect: drop what was hidden, and un-mark what was approved, meanwhile.
  socket.on(EVENTS.STATE, (state) => {
    const current = new Map((state.posts || []).map((post) => [post.id, post]));
    for (const item of document.querySelectorAll("[data-posts] [data-post-id], [data-earlier-posts] [data-post-id]")) {
      const post = current.get(Number(item.dataset.postId));
      if (!post) item.remove();
      else if (post.status === "visible") markShown(post.id);
    }
    refreshEmpty();
  });
  socket.on(EVENTS.POST_STATUS, (post) => {
    if (post.status === "visible") markShown(post.id);
    else if (post.status === "hidden") {
      removePost(post.id);
      showNote();
    }
  });
}
