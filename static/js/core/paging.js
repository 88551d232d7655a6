// Paging (docs/protocol.md, "Paging"): a phone's `state` holds only the newest inputs; the
// older ones come a page at a time with `older_posts`. Used by the phone's own table
// (features/older.js) and the other tables' list (features/reactions.js).
import { EVENTS } from "./events.js";
import { texts } from "./page.js";

const ACK_TIMEOUT_MS = 15000;

/** The smallest post id in ``posts`` (the cursor for the page before them), or null. */
export function oldestId(posts) {
  const ids = (posts || []).map((post) => post.id).filter((id) => typeof id === "number");
  return ids.length ? Math.min(...ids) : null;
}

/**
 * Ask for the page before ``body.before``; resolves to the ack ``{posts, more, before}``
 * (posts oldest first) or rejects with a message to show.
 */
export function requestOlder(socket, body) {
  return new Promise((resolve, reject) => {
    socket.timeout(ACK_TIMEOUT_MS).emit(EVENTS.OLDER_POSTS, body, (timedOut, ack) => {
      if (!timedOut && ack && ack.ok) resolve(ack);
      else reject(new Error((ack && ack.error) || texts.actionFailed));
    });
  });
}

/**
 * A "Show older inputs" button with its error line; ``load()`` returns a promise. The
 * button says it is loading and cannot be pressed twice meanwhile.
 */
export function olderControl(load) {
  const box = document.createElement("div");
  box.className = "older-control";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button older-button";
  button.textContent = texts.olderPosts;
  const error = document.createElement("p");
  error.className = "notice notice-error";
  error.setAttribute("role", "alert");
  error.hidden = true;
  button.addEventListener("click", () => {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    button.textContent = texts.loadingOlder;
    error.hidden = true;
    load()
      .catch((failure) => {
        error.textContent = failure.message;
        error.hidden = false;
      })
      .finally(() => {
        button.disabled = false;
        button.removeAttribute("aria-busy");
        button.textContent = texts.olderPosts;
      });
  });
  box.append(button, error);
  return box;
}
