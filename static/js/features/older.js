// "Show older inputs" under the phone's own table: the state holds only the newest inputs,
// this fetches the older ones a page at a time (core/paging.js).
import { EVENTS } from "../core/events.js";
import { oldestId, olderControl, requestOlder } from "../core/paging.js";
import { renderPost } from "../core/posts.js";

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
export function mount(root, { socket, page, current, earlier, currentRound }) {
  const $ = (selector) => root.querySelector(selector);
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
