// "Show older inputs": a phone's `state` holds only the newest inputs (docs/protocol.md,
// "Paging"); this fetches the older ones a page at a time with `older_posts`.
import { EVENTS } from "./events.js";
import { renderPost, texts } from "./live.js";

const ACK_TIMEOUT_MS = 15000;
const $ = (selector) => document.querySelector(selector);

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

/** Put an older post at the end of its list (lists run newest first), once. */
function appendOlder(list, post) {
  if (list.querySelector(`[data-post-id="${post.id}"]`)) return null;
  const item = renderPost(post);
  // reactions.js reads the like count of a post that came after the state from here.
  item.dataset.likes = String(post.likes || 0);
  list.append(item);
  return item;
}

/**
 * The phone's own table: a "Show older inputs" control under its inputs while the state
 * (or the last page) says there are more. ``currentRound()`` sorts a page's posts into
 * this round's list or the earlier rounds'.
 */
export function setUpOlderPosts(socket, page, { current, earlier, currentRound }) {
  const holder = $("[data-older]");
  if (!holder) return;
  let before = oldestId(page.posts);
  let more = Boolean(page.more_posts);
  const show = () => {
    holder.hidden = !more || before === null;
  };
  const load = () =>
    requestOlder(socket, { before, scope: "table" }).then((ack) => {
      socket.keepOlder(ack.posts, "more_posts", ack.more);
      const round = currentRound();
      const added = [];
      for (const post of [...ack.posts].reverse()) {
        added.push(appendOlder(post.round === round ? current : earlier, post));
      }
      const details = $("[data-earlier]");
      if (details && added.some((item) => item && item.parentElement === earlier)) {
        // Older rounds' inputs go under "Earlier rounds": open it, or they would not show.
        details.hidden = false;
        details.open = true;
      }
      if (ack.before !== null && ack.before !== undefined) before = Math.min(before, ack.before);
      more = Boolean(ack.more);
      show();
      // The last page hides the button: keep the keyboard where the new inputs begin.
      const first = added.find((item) => item && item.isConnected && item.offsetParent !== null);
      if (holder.hidden && first) {
        first.tabIndex = -1;
        first.focus();
      }
    });
  holder.replaceChildren(olderControl(load));
  socket.on(EVENTS.STATE, (state) => {
    // A whole state (or a delta sync.js made whole) says what is older than what it holds.
    before = oldestId(state.posts);
    more = Boolean(state.more_posts);
    show();
  });
  show();
}
