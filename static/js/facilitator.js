// The facilitator's live view: every table's question, headcount and inputs, in real time.
import { EVENTS } from "./events.js";
import { enableLiveModeration } from "./moderation_controls.js";
import { setUpHostingView } from "./hosting_view.js";
import { addPost, connect, format, readJson, texts } from "./live.js";
import { enhanceControls, showPresence, trackTimer } from "./facilitation.js";

const page = readJson("page-data");
let round = page.round_info;
const cards = new Map(
  Array.from(document.querySelectorAll("[data-table]"), (card) => [Number(card.dataset.table), card]),
);

function updateCount(card) {
  // A state holds only the café's newest inputs: the others count too (data-unshown).
  const count = card.querySelector("[data-count]");
  const shown = card.querySelector("[data-posts]").children.length;
  count.textContent = String(shown + Number(count.dataset.unshown || 0));
}

function showPost(post, isNew) {
  const card = cards.get(post.table);
  if (!card) return;
  addPost(card.querySelector("[data-posts]"), post, { isNew });
  updateCount(card);
}

function showTables(tables) {
  for (const table of tables) {
    const card = cards.get(table.table);
    if (!card) continue;
    if (table.topic !== undefined) card.querySelector("[data-topic]").textContent = table.topic;
    if (table.participants !== undefined) {
      card.querySelector("[data-people]").textContent = String(table.participants);
    }
  }
}

function showRound(info) {
  round = info;
  const status = document.querySelector("[data-round-status]");
  if (info.status === "closed") status.textContent = texts.closed;
  else if (info.status === "harvest") status.textContent = texts.harvestPhase;
  else if (info.round < 1) status.textContent = texts.notStarted;
  else status.textContent = format(texts.roundOf, { round: info.round, total: info.rounds });
}

const socket = connect({ session: page.session.id }, document.querySelector("[data-connection]"));
setUpHostingView(socket);
enableLiveModeration(
  socket,
  Array.from(cards.values(), (card) => card.querySelector("[data-posts]")),
  () => cards.forEach(updateCount),
  (message) => {
    const box = document.querySelector("[data-mod-error]");
    box.textContent = message;
    box.hidden = false;
  },
);
socket.on(EVENTS.STATE, (state) => {
  showRound(state.round_info);
  showTables(state.tables);
  for (const table of state.tables) for (const post of table.posts) showPost(post, false);
  for (const table of state.tables) {
    const card = cards.get(table.table);
    if (!card || typeof table.post_count !== "number") continue;
    const shown = card.querySelector("[data-posts]").children.length;
    card.querySelector("[data-count]").dataset.unshown = String(Math.max(0, table.post_count - shown));
    updateCount(card);
  }
});
socket.on(EVENTS.POST, (post) => showPost(post, true));
socket.on(EVENTS.PEOPLE, (info) => showTables(info.tables));
socket.on(EVENTS.ROUND, (info) => {
  showRound(info);
  showTables(info.tables);
});
const currentTimer = trackTimer(socket, page, {
  element: document.querySelector("[data-timer]"),
  signal: document.querySelector("[data-timer-signal]"),
});
enhanceControls(socket, page, currentTimer);
showPresence(socket, cards);
