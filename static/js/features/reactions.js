// Likes, sorting by likes, other tables' inputs and the harvest's dot-voting on a phone.
// pages/participant.js owns the socket and the post lists; this feature decorates what it
// shows. A page mounts it once: the state below is the page's.
import { EVENTS } from "../core/events.js";
import { format, texts } from "../core/page.js";
import { oldestId, olderControl, requestOlder } from "../core/paging.js";
import { renderPost } from "../core/posts.js";
import { rateLimitDelay } from "../core/socket.js";

let root = document; // where the feature is mounted
const $ = (selector) => root.querySelector(selector);
const counts = new Map();
const liked = new Set();
let sortBy = "newest";
let state = null;
let socketOf = null; // the phone's socket, for the other tables' older pages
// Dots are given only once the connection's "state" is shown: a dot sent before it could be
// undone on screen by that state's older count, which redraws the vote.
let stateShown = false;
const NEWEST = 2 ** 53 - 1; // an ``older_posts`` cursor past every input: the newest page

function likeLabel(count) {
  return format(texts.likes, { count });
}

function likeButton(postId) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "like-button";
  button.dataset.likeFor = String(postId);
  const heart = document.createElement("span");
  heart.setAttribute("aria-hidden", "true");
  heart.textContent = "♥";
  const label = document.createElement("span");
  label.className = "visually-hidden";
  label.textContent = texts.like;
  const count = document.createElement("span");
  count.className = "like-number";
  button.append(heart, " ", label, count);
  return button;
}

function paint(button) {
  const postId = Number(button.dataset.likeFor);
  const count = counts.get(postId) || 0;
  button.setAttribute("aria-pressed", liked.has(postId) ? "true" : "false");
  button.querySelector(".like-number").textContent = ` ${count}`;
  button.title = likeLabel(count);
  const item = button.closest("[data-post-id]");
  if (item) item.dataset.likes = String(count);
}

function decorate(item) {
  const postId = Number(item.dataset.postId);
  if (!postId || item.querySelector("[data-like-for]")) return;
  // An older page's post (features/older.js) was not in the state: its count came with it.
  if (!counts.has(postId) && item.dataset.likes) counts.set(postId, Number(item.dataset.likes));
  item.append(likeButton(postId));
  paint(item.querySelector("[data-like-for]"));
}

function repaint() {
  for (const button of root.querySelectorAll("[data-like-for]")) paint(button);
  if (sortBy === "likes") sortLists();
}

function sortLists() {
  for (const list of root.querySelectorAll("[data-posts], [data-earlier-posts]")) {
    const items = Array.from(list.children);
    const time = (item) => Number(item.dataset.postId || Number.MAX_SAFE_INTEGER);
    const own = (item) => (item.classList.contains("is-mine") ? 1 : 0);
    items.sort((a, b) => {
      if (sortBy === "newest" && own(a) !== own(b)) return own(b) - own(a); // one's own first
      if (sortBy === "likes") {
        const diff = Number(b.dataset.likes || 0) - Number(a.dataset.likes || 0);
        if (diff !== 0) return diff;
      }
      return time(b) - time(a);
    });
    list.append(...items);
  }
}

function otherItem(post, options) {
  const item = renderPost(post, options);
  // In the harvest every table's inputs may be liked; before it, only one's own table's.
  if (state.session.status === "harvest") decorate(item);
  return item;
}

/** The list of ``table``'s inputs under the other tables' heading (made when first needed). */
function otherTableList(table) {
  const holder = $("[data-other-list]");
  let items = holder.querySelector(`[data-other-table="${table}"]`);
  if (items) return items;
  const heading = document.createElement("h3");
  heading.textContent = format(texts.tableN, { number: table });
  items = document.createElement("ol");
  items.className = "post-list";
  items.dataset.otherTable = String(table);
  const after = Array.from(holder.querySelectorAll("[data-other-table]")).find((list) => Number(list.dataset.otherTable) > table);
  const next = after ? after.previousElementSibling : holder.querySelector(".older-control");
  if (next) next.before(heading, items);
  else holder.append(heading, items);
  return items;
}

function renderOthers(posts) {
  const section = $("[data-other-tables]");
  const holder = $("[data-other-list]");
  holder.replaceChildren();
  // Shown whenever the café shows other tables, so a phone can open it before any arrive.
  section.hidden = Boolean(state.hide_other_tables);
  if (posts.length === 0) {
    const empty = document.createElement("p");
    empty.className = "hint";
    empty.dataset.othersEmpty = "";
    empty.textContent = texts.othersEmpty;
    holder.append(empty);
  }
  const byTable = [...posts].sort((a, b) => a.table - b.table);
  for (const post of byTable) otherTableList(post.table).prepend(otherItem(post));
  if (state.more_other_posts) holder.append(olderControl(() => loadOlderOthers(socketOf)));
}

/** Another table's new input, live (the server sends it only while other tables are shown). */
function addOther(post) {
  if (state.other_posts.some((known) => known.id === post.id)) return;
  state.other_posts.push(post);
  counts.set(post.id, post.likes || 0);
  $("[data-other-tables]").hidden = false;
  for (const empty of root.querySelectorAll("[data-others-empty]")) empty.remove();
  otherTableList(post.table).prepend(otherItem(post, { isNew: true }));
}

/** The page before the oldest other-table input shown, merged in and shown (core/paging.js). */
function loadOlderOthers(socket) {
  return requestOlder(socket, { before: oldestId(state.other_posts), scope: "others" }).then((ack) => {
    socket.keepOlder(ack.posts, "more_other_posts", ack.more);
    for (const post of ack.posts) if (!counts.has(post.id)) counts.set(post.id, post.likes || 0);
    const known = new Set(state.other_posts.map((post) => post.id));
    const merged = [...ack.posts.filter((post) => !known.has(post.id)), ...state.other_posts];
    merged.sort((a, b) => a.table - b.table || a.round - b.round || a.id - b.id);
    state.other_posts = merged;
    state.more_other_posts = Boolean(ack.more);
    renderOthers(state.other_posts);
  });
}

/** The other tables' newest inputs, merged in: what came while the list was folded. */
function refreshOthers(socket) {
  return requestOlder(socket, { before: NEWEST, scope: "others" }).then((ack) => {
    const known = new Set(state.other_posts.map((post) => post.id));
    for (const post of ack.posts) if (!counts.has(post.id)) counts.set(post.id, post.likes || 0);
    state.other_posts = [...state.other_posts, ...ack.posts.filter((post) => !known.has(post.id))];
    state.other_posts.sort((a, b) => a.table - b.table || a.round - b.round || a.id - b.id);
    renderOthers(state.other_posts);
  });
}

/** A number from 0 to 1 from ``seed``, the same every time (mulberry32). */
function seededRandom(seed) {
  let value = seed >>> 0;
  return () => {
    value = (value + 0x6d2b79f5) >>> 0;
    let t = value;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** ``items`` in an order of their own, the same on this phone every time (no first-place bias). */
function shuffled(items, seed) {
  const random = seededRandom(seed);
  const copy = [...items].sort((a, b) => a.id - b.id);
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** "●●○": the dots left filled, the used ones open; the words go to screen readers. */
function showDots(element, left, total) {
  const marks = document.createElement("span");
  marks.className = "dot-marks";
  marks.setAttribute("aria-hidden", "true");
  marks.textContent = "●".repeat(left) + "○".repeat(Math.max(total - left, 0));
  const words = document.createElement("span");
  words.className = "dots-words";
  words.textContent = format(texts.dotsLeftOf, { count: left, total });
  element.replaceChildren(marks, " ", words);
}

function voteItem(socket, post, voting) {
  const item = document.createElement("li");
  item.className = "post vote-item";
  item.dataset.postId = String(post.id);
  const text = document.createElement("p");
  text.className = "post-text";
  text.textContent = post.text;
  const controls = document.createElement("div");
  controls.className = "vote-controls";
  const button = (sign, label) => {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "button vote-button";
    element.textContent = sign;
    element.setAttribute("aria-label", `${label}: ${post.text.slice(0, 60)}`);
    return element;
  };
  const minus = button("−", texts.removeDot);
  const plus = button("+", texts.addDot);
  plus.dataset.addDot = "";
  const count = document.createElement("span");
  count.className = "vote-count";
  count.dataset.myDots = "";
  const show = () => {
    const given = voting.mine.get(post.id) || 0;
    const marks = document.createElement("span");
    marks.setAttribute("aria-hidden", "true");
    marks.textContent = given > 0 ? "●".repeat(given) : "";
    const words = document.createElement("span");
    words.className = "visually-hidden"; // the dots say it; "−" and "+" stay in reach
    words.textContent = format(texts.myDots, { count: given });
    count.replaceChildren(marks, words);
    minus.disabled = given === 0 || !stateShown;
  };
  const cast = (add) => {
    socket.emit(EVENTS.VOTE, { post_id: post.id, add }, (ack) => {
      const errorBox = $("[data-vote-error]");
      const tooFast = rateLimitDelay(ack);
      if (tooFast !== null) {
        // Refused as too fast, so nothing changed: the same dot goes again then.
        errorBox.textContent = ack.error || texts.failed;
        errorBox.hidden = false;
        window.setTimeout(() => {
          if (socket.connected) cast(add);
        }, tooFast);
        return;
      }
      if (ack && ack.ok) {
        voting.mine.set(post.id, ack.post_votes);
        voting.left = ack.dots_left;
        errorBox.hidden = true;
        show();
        voting.changed();
      } else {
        errorBox.textContent = (ack && ack.error) || texts.failed;
        errorBox.hidden = false;
      }
    });
  };
  minus.addEventListener("click", () => cast(false));
  plus.addEventListener("click", () => cast(true));
  show();
  controls.append(minus, count, plus);
  item.append(text, controls);
  return item;
}

function renderVote(socket) {
  const section = $("[data-vote]");
  const open = Boolean(state.voting && state.voting.open);
  section.hidden = !open;
  if (!open) return;
  const voting = {
    mine: new Map(Object.entries(state.voting.mine || {}).map(([id, n]) => [Number(id), n])),
    left: state.voting.dots_left,
    changed: () => {
      showDots($("[data-dots-left]"), voting.left, state.voting.dots);
      for (const plus of section.querySelectorAll("[data-add-dot]")) plus.disabled = voting.left <= 0 || !stateShown;
    },
  };
  const posts = [...state.posts, ...(state.other_posts || [])].filter((p) => !p.status || p.status === "visible");
  const groups = new Map(); // per question, in the order the questions first appear by table
  for (const post of [...posts].sort((a, b) => a.table - b.table || a.round - b.round)) {
    if (!groups.has(post.topic)) groups.set(post.topic, []);
    groups.get(post.topic).push(post);
  }
  const seed = (state.participant && state.participant.id) || 1;
  const holder = $("[data-vote-list]");
  holder.replaceChildren();
  for (const [topic, group] of groups) {
    const heading = document.createElement("h3");
    heading.className = "vote-question";
    heading.textContent = topic;
    const list = document.createElement("ol");
    list.className = "post-list vote-list";
    for (const post of shuffled(group, seed)) list.append(voteItem(socket, post, voting));
    holder.append(heading, list);
  }
  voting.changed();
}

/**
 * Wire likes, sorting and voting under ``root`` to the participant's socket;
 * ``currentTable()`` is the table the phone sits at now (other tables' inputs arrive live).
 */
export function mount(where, { socket, page, currentTable }) {
  root = where;
  state = page;
  socketOf = socket;
  const sortGroup = $("[data-sort]");
  // Sorting means something from two inputs on: before that the buttons only add noise.
  const showSort = () => {
    sortGroup.hidden = root.querySelectorAll("[data-posts] [data-post-id]").length < 2;
  };
  const observer = new MutationObserver(() => {
    showSort();
    for (const item of root.querySelectorAll("[data-posts] [data-post-id], [data-earlier-posts] [data-post-id]")) {
      decorate(item);
    }
    if (sortBy === "likes") {
      observer.disconnect();
      sortLists();
      observe();
    }
  });
  const observe = () => {
    for (const list of root.querySelectorAll("[data-posts], [data-earlier-posts]")) {
      observer.observe(list, { childList: true });
    }
  };

  const apply = (snapshot) => {
    state = snapshot;
    counts.clear();
    liked.clear();
    for (const post of [...(snapshot.posts || []), ...(snapshot.other_posts || [])]) {
      counts.set(post.id, post.likes || 0);
    }
    for (const id of snapshot.liked || []) liked.add(id);
    for (const item of root.querySelectorAll("[data-posts] [data-post-id], [data-earlier-posts] [data-post-id]")) {
      decorate(item);
    }
    repaint();
    renderOthers(snapshot.other_posts || []);
    renderVote(socket);
  };

  root.addEventListener("click", (event) => {
    const button = event.target.closest("[data-like-for]");
    if (!button) return;
    const postId = Number(button.dataset.likeFor);
    const wanted = !liked.has(postId);
    button.disabled = true;
    const sendLike = () => socket.emit(EVENTS.LIKE, { post_id: postId, liked: wanted }, (ack) => {
      const tooFast = rateLimitDelay(ack);
      if (tooFast !== null && socket.connected) {
        // Refused as too fast: the same like (or unlike) goes again when the server says.
        window.setTimeout(sendLike, tooFast);
        return;
      }
      button.disabled = false;
      if (!ack || !ack.ok) return;
      counts.set(ack.post_id, ack.likes);
      if (ack.liked) liked.add(ack.post_id);
      else liked.delete(ack.post_id);
      repaint();
    });
    sendLike();
  });

  showSort();
  for (const button of sortGroup.querySelectorAll("[data-sort-by]")) {
    button.addEventListener("click", () => {
      sortBy = button.dataset.sortBy;
      for (const other of sortGroup.querySelectorAll("[data-sort-by]")) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      }
      observer.disconnect();
      sortLists();
      observe();
    });
  }

  // Open, the other tables' list hears their new inputs live; a (re)connect asks again
  // (the server forgets a socket's rooms when it drops).
  const fold = $("[data-other-fold]");
  const watchOthers = () => socket.emit(EVENTS.WATCH_OTHERS, { watch: fold.open }, (ack) => {
    fold.dataset.watching = String(Boolean(ack && ack.watching)); // the server has it now
  });
  fold.addEventListener("toggle", () => {
    watchOthers();
    if (fold.open) refreshOthers(socket).catch(() => {});
  });

  socket.on(EVENTS.STATE, (snapshot) => {
    stateShown = true;
    apply(snapshot);
    if (fold.open) watchOthers();
  });
  socket.on(EVENTS.POST, (post) => {
    if (post.table !== currentTable() && (!post.status || post.status === "visible")) addOther(post);
  });
  socket.on(EVENTS.HIDE, (data) => {
    // A hidden input leaves the other tables' list and the vote (phone_moderation.js handles the table's lists).
    const id = data && (data.id ?? data.post_id);
    for (const item of root.querySelectorAll(`[data-other-list] [data-post-id="${id}"], [data-vote-list] [data-post-id="${id}"]`)) {
      item.remove();
    }
  });
  socket.on(EVENTS.SETTINGS, (settings) => {
    // The facilitator opened or closed the other tables: the page shows what now applies
    // (the outbox and a half-written input are kept, so reloading loses nothing).
    const hidden = settings.hide_other_tables && !["harvest", "closed"].includes(state.session.status);
    if (typeof settings.hide_other_tables === "boolean" && hidden !== Boolean(state.hide_other_tables)) {
      window.location.reload();
    }
  });
  socket.on(EVENTS.LIKES, (data) => {
    counts.set(data.post_id, data.likes);
    repaint();
  });
  socket.on(EVENTS.ROUND, (info) => {
    // Entering the harvest opens every table and the vote: load the page anew.
    if (info.status && info.status !== state.session.status && info.status === "harvest") {
      window.location.reload();
    }
  });
  apply(page);
  observe();
}
