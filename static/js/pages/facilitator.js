// Page entry: the facilitator's cockpit (templates/facilitator/session.html): the bar with
// the round and its clock, every table's question, headcount and inputs in real time, the
// approval queue, and the features it mounts.
//
// Convention (static/js/README.md): every feature module exports
// `mount(root, context)`: `root` is the element it works in (`document` for one spread over
// the page), `context` holds `socket`, `page` and what else it needs. Mount order is the
// order handlers run in.
import { watchUserText } from "../core/direction.js";
import { EVENTS } from "../core/events.js";
import { format, readJson } from "../core/page.js";
import { addPost } from "../core/posts.js";
import { connect } from "../core/socket.js";
import * as approveFirst from "../features/approve_first.js";
import * as harvestQuestions from "../features/harvest_questions.js";
import * as hostingView from "../features/hosting_view.js";
import * as liveModeration from "../features/live_moderation.js";
import * as presence from "../features/presence.js";
import * as projectorControls from "../features/projector_controls.js";
import * as results from "../features/results.js";
import * as roundControls from "../features/round_controls.js";
import * as sharedQuestions from "../features/shared_questions.js";
import * as themes from "../features/themes.js";
import * as timer from "../features/timer.js";
import * as translationRows from "../features/translation_rows.js";

const page = readJson("page-data");
const cockpit = readJson("cockpit-data");
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
  const status = document.querySelector("[data-round-status]");
  if (info.status === "closed") status.textContent = cockpit.closed;
  else if (info.status === "harvest") status.textContent = cockpit.roundsOver;
  else if (info.round < 1) status.textContent = cockpit.notStarted;
  else status.textContent = format(cockpit.roundOf, { round: info.round, total: info.rounds });
  const badge = document.querySelector(".cockpit-head .badge");
  if (badge && cockpit.statusLabels[info.status]) {
    badge.className = `badge badge-${info.status}`;
    badge.textContent = cockpit.statusLabels[info.status];
  }
}

function showModerationError(message) {
  const box = document.querySelector("[data-mod-error]");
  box.textContent = message;
  box.hidden = false;
}

// A link to a folding panel (``data-open-panel="downloads"``) opens it as well as going there.
document.addEventListener("click", (event) => {
  const link = event.target.closest && event.target.closest("a[data-open-panel]");
  const panel = link && document.getElementById(link.dataset.openPanel);
  if (panel && panel.tagName === "DETAILS") panel.open = true;
});

const socket = connect({ session: page.session.id }, document.querySelector("[data-connection]"));
const context = { socket, page, cockpit };
projectorControls.follow(socket);
hostingView.mount(document, context);
harvestQuestions.mount(document.querySelector("[data-harvest-questions]"), context);
liveModeration.mount(document, {
  ...context,
  lists: Array.from(cards.values(), (card) => card.querySelector("[data-posts]")),
  queue: document.querySelector("[data-waiting-queue]"),
  afterChange: () => cards.forEach(updateCount),
  onError: showModerationError,
});
approveFirst.mount(document, { ...context, onError: showModerationError });
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
const currentTimer = timer.mount(document.querySelector("[data-timer]"), {
  ...context,
  signal: document.querySelector("[data-timer-signal]"),
});
roundControls.mount(document, { ...context, getTimer: currentTimer });
presence.mount(document, context);
themes.mount(document, context);
results.mount(document, { ...context, alwaysShown: true });
sharedQuestions.mount(document.querySelector("[data-plan-form]") || document);
translationRows.mount(document);
watchUserText(); // every input, name and question runs its own way (core/direction.js)
