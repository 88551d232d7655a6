// Page entry: the projector (templates/projector.html). One view at a time — join, round,
// wall, syntheses, results, cloud — the one the facilitator chose (`projector` event); no
// controls on screen. It connects as the facilitator (the laptop's login) and listens; a
// facilitator at that laptop may switch views with single keys ("?" shows them).
//
// Convention (static/js/README.md): every feature module exports
// `mount(root, context)`: `root` is the element it works in (`document` for one spread over
// the page), `context` holds `socket`, `page` and what else it needs.
import { watchUserText } from "../core/direction.js";
import { EVENTS } from "../core/events.js";
import { format, readJson } from "../core/page.js";
import { connect } from "../core/socket.js";
import * as results from "../features/results.js";
import * as themesBoard from "../features/themes_board.js";
import * as timer from "../features/timer.js";

const page = readJson("page-data");
const t = readJson("projector-texts");
const resultsTexts = readJson("results-texts");
const $ = (selector) => document.querySelector(selector);
const root = $("[data-projector]");
const status = page.session.status;

const CYCLE_MS = 12000; // a page of the wall, the main points or the results stays this long
const WALL_PER_PAGE = 6;
const WALL_PAGES = 8; // the newest 48 inputs cycle; older ones are in the report
const RESULTS_PER_PAGE = 2;
const TABLES_PER_PAGE = 6;
const KEYS = { j: "join", r: "round", w: "wall", s: "syntheses", e: "results", c: "cloud", a: "auto" };

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function chunks(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Pages of one view: each page a list of elements shown together. ``show`` hides the rest and
 * writes "2 / 5" into the view's indicator; the active view's pages turn every CYCLE_MS.
 */
function slides(view) {
  const indicator = document.querySelector(`[data-pages="${view}"]`);
  let pages = [];
  let index = 0;
  const show = (i) => {
    index = pages.length ? (i + pages.length) % pages.length : 0;
    pages.forEach((nodes, k) => nodes.forEach((node) => (node.hidden = k !== index)));
    fitLines();
    if (indicator) indicator.textContent = pages.length > 1 ? format(t.pageOf, { page: index + 1, pages: pages.length }) : "";
  };
  return {
    set(newPages, at = index) {
      pages = newPages;
      show(at);
    },
    step(by) {
      show(index + by);
    },
    get count() {
      return pages.length;
    },
  };
}

const pagers = { round: slides("round"), wall: slides("wall"), syntheses: slides("syntheses"), results: slides("results") };
let shown = root.dataset.shown;
let cycle = null;

function restartCycle() {
  clearInterval(cycle);
  cycle = setInterval(() => {
    const pager = pagers[shown];
    if (pager && pager.count > 1) pager.step(1);
  }, CYCLE_MS);
}

function showView(view) {
  shown = view;
  root.dataset.shown = view;
  for (const section of document.querySelectorAll("[data-view]")) section.hidden = section.dataset.view !== view;
  if (view === "cloud") fitCloud();
  if (view === "syntheses") drawSyntheses();
  fitLines();
  restartCycle();
}

/**
 * Clamp each visible card's text to the whole lines its card has room for, so the last line
 * ends in "…" instead of being cut through (a banner or a smaller screen leaves less room).
 */
function fitLines() {
  const texts = document.querySelectorAll(".projector-card-text, .projector-table .projector-question");
  for (const text of texts) text.style.webkitLineClamp = "";
  for (const text of texts) {
    if (!text.getClientRects().length || text.scrollHeight <= text.clientHeight + 1) continue;
    const line = parseFloat(getComputedStyle(text).lineHeight);
    text.style.webkitLineClamp = String(Math.max(1, Math.floor(text.clientHeight / line)));
  }
}

// --- Round: one card per table, six to a page -------------------------------------------

function layoutTables() {
  const list = $("[data-table-list]");
  if (!list) return;
  const cards = [...list.children];
  const perPage = Math.min(cards.length, TABLES_PER_PAGE);
  // 1–2 side by side, 4 as 2 × 2, otherwise three across.
  list.style.setProperty("--p-cols", String(perPage <= 2 ? perPage : perPage === 4 ? 2 : 3));
  list.classList.toggle("is-few", perPage <= 4); // cards as tall as their question, centred
  list.classList.toggle("is-one-row", perPage <= 3); // and one row has room for bigger type
  pagers.round.set(chunks(cards, TABLES_PER_PAGE), 0);
}

function showRound(info) {
  // A new phase or a new round changes the questions and the layout: redraw from the server.
  if ((info.status && info.status !== status) || (info.round !== undefined && info.round !== page.round_info.round)) {
    window.location.reload();
  }
}

// --- Wall: the newest inputs, six to a page; a new one shows the first page ------------------

const wall = $("[data-wall]");
const posts = new Map();

function heart(count) {
  // "♥ 3" for the room (nothing at 0); the words for a screen reader.
  const span = element("span", "projector-heart");
  if (!count) return span;
  span.append(element("span", "", `♥ ${count}`));
  span.firstChild.setAttribute("aria-hidden", "true");
  span.append(element("span", "visually-hidden", format(t.likes, { count })));
  return span;
}

function wallCard(post) {
  const card = element("li", "post projector-card");
  card.dataset.postId = String(post.id);
  const meta = element("p", "projector-card-meta", `${format(t.tableN, { number: post.table })} `);
  if (post.likes) meta.append("· ", heart(post.likes));
  card.append(element("p", "post-text projector-card-text clamp", post.text), meta);
  return card;
}

function drawWall({ newest = false } = {}) {
  if (!wall) return;
  const sorted = [...posts.values()].sort((a, b) => b.id - a.id).slice(0, WALL_PER_PAGE * WALL_PAGES);
  const cards = sorted.map(wallCard);
  wall.replaceChildren(...cards);
  $("[data-wall-empty]").hidden = cards.length > 0;
  pagers.wall.set(chunks(cards, WALL_PER_PAGE), newest ? 0 : undefined);
  if (newest && shown === "wall") restartCycle();
}

function showPost(post) {
  if (page.wall_hidden || (post.status && post.status !== "visible")) return;
  if (posts.has(post.id)) return;
  posts.set(post.id, post);
  drawWall({ newest: true });
}

function removePost(data) {
  const id = data && (data.post_id ?? data.id ?? (data.post && data.post.id));
  if (posts.delete(Number(id))) drawWall();
}

function showLikes(data) {
  const post = posts.get(data.post_id);
  if (!post) return;
  post.likes = data.likes;
  const card = wall.querySelector(`[data-post-id="${Number(data.post_id)}"]`);
  if (card) card.replaceWith(Object.assign(wallCard(post), { hidden: card.hidden }));
}

// --- The tables' main points: as many cards as fit, grouped by question -------------------

const synthesesBox = $("[data-syntheses]");
const syntheses = new Map(); // "table:round" → synthesis

function synthesisCard(item) {
  const card = element("li", "projector-card");
  card.append(
    element("p", "projector-card-text clamp", item.text),
    element("p", "projector-card-meta", format(t.tableRound, { table: item.table, round: item.round })),
  );
  return card;
}

/**
 * Lay the main points out in pages that fit the screen: each question's heading and a grid of
 * its cards, question after question, a new page only when the next card does not fit. It
 * measures, so it runs while the view is shown (showView draws again when it comes up).
 */
function drawSyntheses(focus = null) {
  if (!synthesesBox) return;
  const sorted = [...syntheses.values()].sort((a, b) => a.question - b.question || a.round - b.round || a.table - b.table);
  $("[data-syntheses-empty]").hidden = sorted.length > 0;
  synthesesBox.replaceChildren();
  if (shown !== "syntheses" || !sorted.length) {
    pagers.syntheses.set([]);
    return;
  }
  const pages = [];
  let focusPage = null;
  let pageBox = null;
  let grid = null;
  let question = null;
  const overflows = () => synthesesBox.scrollHeight > synthesesBox.clientHeight + 1;
  const newPage = () => {
    if (pageBox) pageBox.hidden = true;
    pageBox = element("div", "projector-syntheses-screen");
    synthesesBox.append(pageBox);
    pages.push([pageBox]);
    question = null;
  };
  const newGroup = (item) => {
    // A question's heading and cards; questions with few cards sit side by side.
    const group = element("section", "projector-syntheses-group");
    grid = element("ol", "projector-syntheses-page");
    group.append(element("h3", "projector-syntheses-question clamp", item.topic), grid);
    pageBox.append(group);
    question = item.question;
  };
  const place = (card) => {
    grid.append(card);
    grid.parentElement.style.setProperty("--p-cards", String(Math.min(grid.children.length, 3)));
  };
  newPage();
  for (const item of sorted) {
    const card = synthesisCard(item);
    if (question !== item.question) newGroup(item);
    place(card);
    if (overflows() && pageBox.querySelectorAll(".projector-card").length > 1) {
      card.remove();
      if (grid.children.length) grid.parentElement.style.setProperty("--p-cards", String(Math.min(grid.children.length, 3)));
      else grid.parentElement.remove(); // the question's heading, alone at the page's foot
      newPage();
      newGroup(item);
      place(card);
    }
    if (focus && item.table === focus.table && item.round === focus.round) focusPage = pages.length - 1;
  }
  // A single main point takes the width and bigger type.
  synthesesBox.classList.toggle("is-single", sorted.length === 1);
  pagers.syntheses.set(pages, focusPage ?? undefined);
  if (focusPage !== null) restartCycle();
}

function showSynthesis(item) {
  if (page.wall_hidden || !item || item.question === undefined) return;
  const key = `${item.table}:${item.round}`;
  if ((item.text || "").trim()) syntheses.set(key, item);
  else syntheses.delete(key);
  drawSyntheses(item);
}

// --- Results: two questions to a page --------------------------------------------------------

function paginateResults(section) {
  const visible = !section.hidden;
  // The room sees what got dots: an input with none (only likes) is no result; say so instead.
  for (const list of section.querySelectorAll(".results-list")) {
    for (const item of list.querySelectorAll('.results-item[data-dots="0"]')) item.remove();
    if (list.children.length) continue;
    list.parentElement.querySelector(".results-more")?.remove(); // "the 4 with the most dots of 9"
    list.replaceWith(element("p", "results-more", resultsTexts.noDots));
  }
  $("[data-results-waiting]").hidden = visible;
  const questions = [...section.querySelectorAll(".results-question")];
  pagers.results.set(visible ? chunks(questions, RESULTS_PER_PAGE) : [], 0);
}

// --- Word cloud: words sized by how often they are used; the rarest go until it fits ----------

const cloud = $("[data-cloud]");
let cloudWords = page.word_cloud || [];

function drawCloud(words) {
  cloudWords = words || [];
  const list = $("[data-cloud-list]");
  list.replaceChildren(...cloudWords.map((word) => element("li", "", `${word.word}: ${word.count}`)));
  $("[data-cloud-empty]").hidden = cloudWords.length > 0;
  fitCloud();
}

/** The ``count`` most used words, the biggest in the middle and smaller ones to both sides. */
function cloudOrder(count) {
  const order = [];
  cloudWords.slice(0, count).forEach((word, i) => (i % 2 ? order.unshift(word) : order.push(word)));
  return order;
}

// New or hidden inputs change the words: count again, at most every few seconds.
const CLOUD_REFRESH_MS = 3000;
let cloudRefresh = null;

function refreshCloud() {
  if (shown !== "cloud" || cloudRefresh) return;
  cloudRefresh = setTimeout(async () => {
    cloudRefresh = null;
    try {
      const response = await fetch(page.state_url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (response.ok) applyProjector(await response.json());
    } catch {
      // Offline: the next input (or the reconnect's reload of the cloud view) tries again.
    }
  }, CLOUD_REFRESH_MS);
}

const CLOUD_MIN_PX = 24; // the smallest word still readable from the back
const CLOUD_MAX_PX = 96;

function fitCloud() {
  // The most words that fit at the smallest type (the rarest go first), then the type as big
  // as still fits, so the cloud fills the screen instead of a thin band.
  const fits = (base) => {
    cloud.style.fontSize = `${base}px`;
    return cloud.scrollHeight <= cloud.clientHeight + 1 && cloud.scrollWidth <= cloud.clientWidth + 1;
  };
  for (let count = cloudWords.length; count >= 0; count -= 1) {
    cloud.replaceChildren(
      ...cloudOrder(count).map((word) => element("span", `cloud-word cloud-size-${Number(word.size)}`, word.word)),
    );
    if (shown !== "cloud") return;
    if (fits(CLOUD_MIN_PX)) break;
  }
  let low = CLOUD_MIN_PX;
  let high = CLOUD_MAX_PX;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle;
  }
  fits(low);
}

// --- Broadcast ------------------------------------------------------------------------------

function showBroadcast(data) {
  const box = $("[data-broadcast]");
  const text = typeof data === "string" ? data : data && (data.text ?? data.message);
  box.textContent = text || "";
  box.hidden = !text; // an empty message (the next round, closing) takes the banner down
  if (shown === "syntheses") drawSyntheses();
  fitLines(); // the banner takes room from the view, or gives it back
  if (shown === "cloud") fitCloud();
}

// --- The projector's own keys (the facilitator at the projector laptop) ----------------------

async function chooseView(view) {
  const response = await fetch(page.view_url, {
    method: "POST",
    headers: { "X-CSRFToken": page.csrf, Accept: "application/json" },
    body: new URLSearchParams({ view }),
    credentials: "same-origin",
  });
  if (response.ok) applyProjector(await response.json());
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen();
  else document.documentElement.requestFullscreen().catch(() => {});
}

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const hint = $("[data-keys-hint]");
  const key = event.key.toLowerCase();
  if (key === "?") hint.hidden = !hint.hidden;
  else if (key === "escape") hint.hidden = true;
  else if (key === "f") toggleFullscreen();
  else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
    const pager = pagers[shown];
    if (pager) pager.step(event.key === "ArrowRight" ? 1 : -1);
    restartCycle();
  } else if (KEYS[key]) chooseView(KEYS[key]).catch(() => {});
  else return;
  event.preventDefault();
}

// --- Wiring ---------------------------------------------------------------------------------

function applyProjector(data) {
  if (!data || !data.shown) return;
  page.view = data.view;
  if (data.word_cloud) cloudWords = data.word_cloud;
  if (data.shown === "cloud") drawCloud(data.word_cloud);
  if (data.shown !== shown) showView(data.shown);
}

for (const post of page.posts) if (!page.wall_hidden && (!post.status || post.status === "visible")) posts.set(post.id, post);
for (const group of page.syntheses || []) for (const item of group.syntheses) syntheses.set(`${item.table}:${item.round}`, item);
layoutTables();
drawWall();
drawSyntheses();
drawCloud(cloudWords);
paginateResults($("[data-results]"));
showView(shown);
document.addEventListener("keydown", onKey);
window.addEventListener("resize", () => {
  if (shown === "syntheses") drawSyntheses();
  fitLines();
  if (shown === "cloud") fitCloud();
});

const socket = connect({ session: page.session.id }, $("[data-connection]"));
socket.on(EVENTS.STATE, (state) => {
  if (state.session && state.session.status !== status) {
    window.location.reload();
    return;
  }
  // Inputs hidden while we were offline leave the wall; new ones join it.
  posts.clear();
  for (const table of state.tables) {
    for (const post of table.posts) if (!page.wall_hidden && (!post.status || post.status === "visible")) posts.set(post.id, post);
  }
  drawWall();
});
socket.on(EVENTS.POST, (post) => {
  showPost(post);
  refreshCloud();
});
socket.on(EVENTS.HIDE, (data) => {
  removePost(data);
  refreshCloud();
});
socket.on(EVENTS.LIKES, showLikes);
socket.on(EVENTS.ROUND, showRound);
socket.on(EVENTS.BROADCAST, showBroadcast);
socket.on(EVENTS.SYNTHESIS, showSynthesis);
socket.on(EVENTS.PROJECTOR, applyProjector);
socket.on(EVENTS.SETTINGS, (settings) => {
  // "Keep other tables hidden" switched: the wall appears or goes, so redraw from the server.
  if (settings && "hide_other_tables" in settings) {
    const hidden = Boolean(settings.hide_other_tables) && !page.harvest;
    if (hidden !== page.wall_hidden) window.location.reload();
  }
  // In "auto" after the rounds, showing the results switches between results and main points.
  const resultsShown = Boolean(page.results && page.results.show_results);
  if (settings && "show_results" in settings && Boolean(settings.show_results) !== resultsShown && page.view === "auto" && page.harvest) {
    window.location.reload();
  }
});
for (const clock of document.querySelectorAll("[data-timer]")) timer.mount(clock, { socket, page });
themesBoard.mount(document, { socket, page });
results.mount(document, { socket, page, onChange: paginateResults });
watchUserText(); // every input, name and question runs its own way (core/direction.js)
