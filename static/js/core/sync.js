// Reconnect resync (docs/protocol.md, "Reconnecting without losing anything"): every live
// page's socket goes through here, so the page's own handlers never see an event twice,
// never see one older than what they show, and always get a whole `state`.
//
// The server numbers every change of a session (`seq`). This module
// - remembers the `seq` of the last `state` and sends it as `auth.since` when the socket
//   reconnects; the server then answers with a delta (`full: false`): only the posts
//   changed after it, plus `removed` ({id, seq}) for those this client may no longer see;
// - keeps the posts of the last `state`, updated by events, so it can turn a delta back
//   into a whole `state` (posts, other_posts, tables[].posts) before any handler runs;
// - holds events that arrive before this connection's `state` (the server joins the
//   room before reading the snapshot, so an event can overtake it) and lets them through
//   just after it, unless the state already holds them;
// - drops an event whose `seq` is not newer than what is shown for the same thing (a post,
//   the round, the timer, the broadcast): a late or reordered event cannot undo a newer one.
// - keeps the older pages a page fetched (`older_posts`, via `socket.keepOlder`) and the
//   whole state's `more_posts` / `more_other_posts`, so a delta still shows them.
import { EVENTS } from "./events.js";

/** What an event changes: events about the same thing must be applied in `seq` order. */
const SEQUENCED = Object.freeze({
  [EVENTS.POST]: (data) => `post:${data.id}`,
  [EVENTS.POST_PENDING]: (data) => `post:${data.id}`,
  [EVENTS.POST_STATUS]: (data) => `post:${data.id}`,
  [EVENTS.HIDE]: (data) => `post:${data.id}`,
  [EVENTS.LIKES]: (data) => `post:${data.post_id}`,
  [EVENTS.ROUND]: () => "round",
  [EVENTS.TIMER]: () => "timer",
  [EVENTS.BROADCAST]: () => "broadcast",
});

/** A whole state's paging flags (a delta has none: the last whole state's, kept, apply). */
const PAGING_FLAGS = ["more_posts", "more_other_posts"];

const hasSeq = (data) => Boolean(data) && typeof data === "object" && typeof data.seq === "number";

/** Table, round, time, id: the order the server lists posts in. */
function byTableAndTime(a, b) {
  return (
    a.table - b.table ||
    a.round - b.round ||
    (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0) ||
    a.id - b.id
  );
}

/** Every post list a state holds (a phone's table and the others; a facilitator's tables). */
function postsOf(state) {
  if (Array.isArray(state.tables) && state.role !== "participant") {
    return state.tables.flatMap((table) => table.posts || []);
  }
  return [...(state.posts || []), ...(state.other_posts || [])];
}

export class Resync {
  constructor() {
    this.since = null; // seq of the last state: sent as auth.since on the next connect
    this.floor = null; // seq of this connection's state; null while waiting for it
    // what an event changes -> { seq, events }: the newest change applied, and the events
    // that brought it (one change can come as two events, e.g. `hide` and `post_status`)
    this.newest = new Map();
    this.posts = new Map(); // post id -> post, as the last state plus later events show it
    this.held = []; // [event, data] that came before this connection's state
    this.skip = new WeakSet(); // payloads the page's handlers must not see (yet)
    this.more = {}; // paging flags of the last whole state, as older pages changed them
    this.gone = new Set(); // ids of posts hidden after they were shown: older pages skip them
  }

  /** The socket's `auth`, with `since` once a state has been received. */
  auth(base) {
    return this.since === null ? { ...base } : { ...base, since: this.since };
  }

  /**
   * The connection ended: the next one's events wait for its state. (Not on "connect":
   * the server sends the state from its connect handler, and the client library hands
   * out such early events before it fires "connect".)
   */
  disconnected() {
    this.floor = null;
  }

  /** True if the event is newer than what is shown (it is then recorded and applied). */
  accept(event, data) {
    const key = SEQUENCED[event](data);
    const newest = this.newest.get(key);
    if (data.seq <= this.floor) return false;
    if (newest && (data.seq < newest.seq || (data.seq === newest.seq && newest.events.has(event)))) {
      return false;
    }
    if (newest && data.seq === newest.seq) newest.events.add(event);
    else this.newest.set(key, { seq: data.seq, events: new Set([event]) });
    this.remember(event, data);
    return true;
  }

  remember(event, data) {
    if (event === EVENTS.POST) {
      this.posts.set(data.id, data);
      this.gone.delete(data.id);
    } else if (event === EVENTS.POST_STATUS) {
      if (data.status === "hidden") this.forget(data.id);
      else this.posts.set(data.id, data);
    } else if (event === EVENTS.HIDE) this.forget(Number(data.id));
    else if (event === EVENTS.LIKES) {
      const post = this.posts.get(data.post_id);
      if (post) this.posts.set(post.id, { ...post, likes: data.likes });
    }
    // post_pending: a facilitator's state lists visible inputs only, so nothing to keep.
  }

  forget(id) {
    this.posts.delete(id);
    this.gone.add(id);
  }

  /** An older page (an `older_posts` ack) the page shows: kept, so a later delta has it. */
  addOlder(posts, flag, more) {
    for (const post of posts) {
      if (this.gone.has(post.id) || this.posts.has(post.id)) continue;
      this.posts.set(post.id, post);
      this.bump(`post:${post.id}`, post.seq);
    }
    if (PAGING_FLAGS.includes(flag)) this.more[flag] = Boolean(more);
  }

  /** Merge a state (whole or delta) and rewrite its post lists whole, in place. */
  applyState(state) {
    if (!hasSeq(state)) return;
    if (state.full !== false) {
      this.posts.clear();
      this.gone.clear();
      this.more = {};
      for (const flag of PAGING_FLAGS) if (flag in state) this.more[flag] = state[flag];
    }
    for (const post of postsOf(state)) {
      this.posts.set(post.id, post);
      this.gone.delete(post.id);
    }
    for (const gone of state.removed || []) this.forget(gone.id);
    for (const post of postsOf(state)) this.bump(`post:${post.id}`, post.seq);
    for (const gone of state.removed || []) this.bump(`post:${gone.id}`, gone.seq);
    if (state.full === false) {
      this.rewrite(state);
      Object.assign(state, this.more);
    }
    this.floor = state.seq;
    this.since = state.seq;
  }

  bump(key, seq) {
    if (typeof seq !== "number") return;
    const newest = this.newest.get(key);
    if (!newest || seq > newest.seq) this.newest.set(key, { seq, events: new Set() });
  }

  rewrite(state) {
    const all = [...this.posts.values()].sort(byTableAndTime);
    if (state.role === "participant") {
      state.posts = all.filter((post) => post.table === state.table);
      state.other_posts = state.hide_other_tables ? [] : all.filter((post) => post.table !== state.table);
    } else if (Array.isArray(state.tables)) {
      for (const table of state.tables) table.posts = all.filter((post) => post.table === table.table);
    }
  }
}

/**
 * Put ``socket`` (made with ``auth: (cb) => cb(resync.auth(base))``) under ``resync``:
 * call once, before any page handler is registered.
 */
export function guard(socket, resync) {
  const rawOn = socket.on.bind(socket);
  const release = () => {
    if (resync.floor === null || resync.held.length === 0) return;
    const waiting = resync.held;
    resync.held = [];
    for (const [event, data] of waiting) {
      resync.skip.delete(data);
      if (!resync.accept(event, data)) continue;
      for (const listener of socket.listeners(event)) listener(data);
    }
  };
  rawOn("disconnect", () => resync.disconnected());
  // A page that fetched older posts hands them over: `flag` is the state key they page.
  socket.keepOlder = (posts, flag, more) => resync.addOlder(posts, flag, more);
  socket.onAny((event, data) => {
    if (event === EVENTS.STATE) {
      resync.applyState(data);
      // Held events go just after the page's state handlers: before the next event, or
      // once this task's handlers are done.
      queueMicrotask(release);
      return;
    }
    if (!SEQUENCED[event] || !hasSeq(data)) return;
    release();
    if (resync.floor === null) {
      resync.held.push([event, data]);
      resync.skip.add(data);
    } else if (!resync.accept(event, data)) {
      resync.skip.add(data);
    }
  });
  // The page's handlers of sequenced events skip what the guard held back or dropped.
  socket.on = (event, handler) => {
    if (!SEQUENCED[event]) return rawOn(event, handler);
    return rawOn(event, (data, ...rest) => {
      if (hasSeq(data) && resync.skip.has(data)) return;
      handler(data, ...rest);
    });
  };
  return socket;
}
