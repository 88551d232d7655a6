// Page entry: the participant's table view (templates/participant/table.html). It shows
// the table's live inputs and the current question, and mounts the features a phone uses.
//
// Convention (static/js/README.md): every feature module exports
// `mount(root, context)`: `root` is the element it works in (`document` for one spread over
// the page), `context` holds `socket`, `page` and what else it needs. Mount order is the
// order handlers run in: moving empties the lists before anything shows a new table's state.
import { EVENTS } from "../core/events.js";
import { format, readJson, texts } from "../core/page.js";
import { addPost } from "../core/posts.js";
import { connect } from "../core/socket.js";
import * as broadcast from "../features/broadcast.js";
import * as compose from "../features/compose.js";
import * as harvestQuestions from "../features/harvest_questions.js";
import * as hosting from "../features/hosting.js";
import * as hostThemes from "../features/host_themes.js";
import * as moving from "../features/moving.js";
import * as older from "../features/older.js";
import * as phoneModeration from "../features/phone_moderation.js";
import * as reactions from "../features/reactions.js";
import * as results from "../features/results.js";
import * as timer from "../features/timer.js";

const page = readJson("page-data");
const $ = (selector) => document.querySelector(selector);
const list = $("[data-posts]");
const earlierList = $("[data-earlier-posts]");
const form = $("[data-compose]");
let round = page.round_info;

function updateEmpty() {
  $("[data-empty]").hidden = list.children.length > 0;
}

function applyRound(info) {
  const changed = info.round !== round.round;
  round = info;
  $("[data-topic]").textContent = info.topic;
  const label = $("[data-round-label]");
  const open = info.status === "running" && info.round >= 1;
  if (info.status === "closed") label.textContent = texts.closed;
  else if (info.status === "harvest") label.textContent = texts.harvestPhase;
  else if (info.round < 1) label.textContent = texts.waiting;
  else label.textContent = format(texts.roundOf, { round: info.round, total: info.rounds });
  form.hidden = !open;
  $("[data-compose-closed]").hidden = open;
  if (info.status === "harvest") $("[data-compose-closed]").textContent = texts.harvestNoInputs;
  if (changed && info.round >= 1) {
    for (const item of Array.from(list.children)) {
      if (!item.classList.contains("is-pending")) earlierList.prepend(item);
    }
    $("[data-earlier]").hidden = earlierList.children.length === 0;
    updateEmpty();
    const alert = $("[data-round-alert]");
    alert.textContent = page.session.rotation === "people" ? texts.newRoundPeople : texts.newQuestion;
    alert.hidden = false;
  }
}

function showState(state) {
  applyRound(state.round_info);
  for (const post of state.posts) {
    const target = post.round === state.round ? list : earlierList;
    addPost(target, post);
  }
  $("[data-earlier]").hidden = earlierList.children.length === 0;
  updateEmpty();
}

const socket = connect({ token: page.token }, $("[data-connection]"));
const context = { socket, page };
moving.mount(document, context); // before the "state" handler below: a move empties the lists first
phoneModeration.mount(document, context);
socket.on(EVENTS.STATE, showState);
socket.on(EVENTS.POST, (post) => {
  if (post.round === round.round) addPost(list, post, { isNew: true });
  else if (post.late) { // stored late in an earlier round: with that round's inputs
    addPost(earlierList, post);
    $("[data-earlier]").hidden = false;
  }
  updateEmpty();
});
socket.on(EVENTS.ROUND, applyRound);
// Just after the state is shown: the outbox goes again.
compose.mount(document, { ...context, list, currentRound: () => round.round, updateEmpty });
reactions.mount(document, context);
harvestQuestions.mount(document.querySelector("[data-harvest-questions]"), context);
results.mount(document, context);
timer.mount($("[data-timer]"), { ...context, signal: $("[data-timer-signal]") });
broadcast.mount($("[data-broadcast]"), context);
hosting.mount(document, context);
hostThemes.mount(document, context);
older.mount(document, { ...context, current: list, earlier: earlierList, currentRound: () => round.round });
