// Posts as list items, the same on every page: built from text nodes only, so user text can
// never become markup, and added once however often the server sends them.
import { format, texts } from "./page.js";

/** Build the list item for a post. */
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
  if (post.late) meta.append(" · ", texts.sentLate); // written in its round, arrived after it
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
