// Page entry: the projector (templates/projector.html): the round, the countdown, a live
// wall of inputs and the harvest, on a big screen. It connects as the facilitator (the
// laptop's login) and only listens.
//
// Convention (static/js/README.md): every feature module exports
// `mount(root, context)`: `root` is the element it works in (`document` for one spread over
// the page), `context` holds `socket`, `page` and what else it needs.
import { EVENTS } from "../core/events.js";
import { format, readJson, texts } from "../core/page.js";
import { renderPost } from "../core/posts.js";
import { connect } from "../core/socket.js";
import * as harvestQuestions from "../features/harvest_questions.js";
import * as results from "../features/results.js";
import * as themesBoard from "../features/themes_board.js";
import * as timer from "../features/timer.js";

const page = readJson("page-data");
const $ = (selector) => document.querySelector(selector);
const wall = $("[data-wall]");
const filter = page.table_filter;
// Events other features add; named here too so the page works with or without them.
let round = page.round_info;
const status = page.session.status;

function likesText(count) {
  return format(texts.likes, { count });
}

function wallItem(post) {
  const item = renderPost(post);
  const meta = item.querySelector(".post-meta");
  meta.prepend(`${format(texts.tableN, { number: post.table })} · `);
  const likes = document.createElement("span");
  likes.className = "like-count";
  likes.dataset.likes = "";
  likes.textContent = ` · ${likesText(post.likes || 0)}`;
  meta.append(likes);
  return item;
}

function showPost(post) {
  if (page.wall_hidden || !wall) return;
  if (filter && post.table !== filter) return;
  if (post.status && post.status !== "visible") return;
  if (wall.querySelector(`[data-post-id="${post.id}"]`)) return;
  wall.prepend(wallItem(post));
  while (wall.children.length > 60) wall.lastElementChild.remove();
}

function removePost(data) {
  const id = data && (data.post_id ?? data.id ?? (data.post && data.post.id));
  if (id === undefined || !wall) return;
  const item = wall.querySelector(`[data-post-id="${id}"]`);
  if (item) item.remove();
}

function showLikes(data) {
  if (!wall) return;
  const item = wall.querySelector(`[data-post-id="${data.post_id}"] [data-likes]`);
  if (item) item.textContent = ` · ${likesText(data.likes)}`;
}

function showRound(info) {
  if (info.status && info.status !== status) {
    // A new phase (started, harvest, closed) changes the whole layout: redraw from the server.
    window.location.reload();
    return;
  }
  round = { ...round, ...info };
  const label = $("[data-round-label]");
  if (info.status === "harvest") label.textContent = texts.harvest;
  else if (info.status === "closed") label.textContent = texts.closed;
  else if (info.round >= 1) label.textContent = format(texts.roundOf, { round: info.round, total: info.rounds });
  for (const table of info.tables || []) {
    const card = document.querySelector(`[data-projector-table="${table.table}"] [data-topic]`);
    if (card && table.topic !== undefined) card.textContent = table.topic;
  }
}

function showBroadcast(data) {
  const box = $("[data-broadcast]");
  const text = typeof data === "string" ? data : data && (data.text ?? data.message);
  box.textContent = text || "";
  box.hidden = !text;
}

function showCloud(data) {
  $("[data-cloud-section]").hidden = !data.show_word_cloud;
  const cloud = $("[data-cloud]");
  const list = $("[data-cloud-list]");
  cloud.replaceChildren();
  list.replaceChildren();
  for (const word of data.word_cloud || []) {
    const span = document.createElement("span");
    span.className = `cloud-word cloud-size-${Number(word.size)}`;
    span.textContent = word.word;
    cloud.append(span, " ");
    const item = document.createElement("li");
    item.textContent = `${word.word}: ${word.count}`;
    list.append(item);
  }
}

const select = $("[data-table-filter] select");
if (select) select.addEventListener("change", () => select.form.submit());

const byTime = (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at);
for (const post of [...page.posts].sort(byTime)) showPost(post);

const socket = connect({ session: page.session.id }, $("[data-connection]"));
socket.on(EVENTS.STATE, (state) => {
  if (state.session && state.session.status !== status) {
    window.location.reload();
    return;
  }
  round = state.round_info;
  const counts = new Map();
  for (const table of state.tables) for (const post of table.posts) counts.set(post.id, post);
  // Inputs hidden while we were offline leave the wall; new ones join it.
  for (const item of Array.from(wall ? wall.children : [])) {
    const post = counts.get(Number(item.dataset.postId));
    if (!post || (post.status && post.status !== "visible")) item.remove();
    else showLikes({ post_id: post.id, likes: post.likes || 0 });
  }
  for (const post of [...counts.values()].sort(byTime)) showPost(post);
});
socket.on(EVENTS.POST, showPost);
socket.on(EVENTS.HIDE, removePost);
socket.on(EVENTS.LIKES, showLikes);
socket.on(EVENTS.ROUND, showRound);
socket.on(EVENTS.BROADCAST, showBroadcast);
socket.on(EVENTS.PROJECTOR, showCloud);
socket.on(EVENTS.SETTINGS, (settings) => {
  // "Keep other tables hidden" switched: the wall appears or goes, so redraw from the server.
  if (settings && "hide_other_tables" in settings) {
    const hidden = Boolean(settings.hide_other_tables) && !page.harvest;
    if (hidden !== page.wall_hidden) window.location.reload();
  }
});
timer.mount($("[data-timer]"), { socket, page });
harvestQuestions.mount($("[data-harvest-questions]"), { socket, page });
themesBoard.mount(document, { socket, page });
results.mount(document, { socket, page });
