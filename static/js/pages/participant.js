// Page entry: the participant's table view (templates/participant/table.html). It shows
// the table's live inputs and the current question, and mounts the features a phone uses.
//
// One task at a time: the body's data-phase (waiting, round, harvest, closed) says what
// the phone is for now, and static/css/phone.css shows only that.
//
// Convention (static/js/README.md): every feature module exports
// `mount(root, context)`: `root` is the element it works in (`document` for one spread over
// the page), `context` holds `socket`, `page` and what else it needs. Mount order is the
// order handlers run in: moving empties the lists before anything shows a new table's state.
import { watchUserText } from "../core/direction.js";
import { EVENTS } from "../core/events.js";
import { format, readJson, texts } from "../core/page.js";
import { addPost } from "../core/posts.js";
import { connect } from "../core/socket.js";
import * as broadcast from "../features/broadcast.js";
import * as compose from "../features/compose.js";
import * as display from "../features/display.js";
import * as harvestQuestions from "../features/harvest_questions.js";
import * as hostThemes from "../features/host_themes.js";
import * as hosting from "../features/hosting.js";
import * as moving from "../features/moving.js";
import * as older from "../features/older.js";
import * as phoneModeration from "../features/phone_moderation.js";
import * as readAloud from "../features/read_aloud.js";
import * as questionLanguage from "../features/question_language.js";
import * as reactions from "../features/reactions.js";
import * as results from "../features/results.js";
import * as timer from "../features/timer.js";

const page = readJson("page-data");
const $ = (selector) => document.querySelector(selector);
const list = $("[data-posts]");
const earlierList = $("[data-earlier-posts]");
const form = $("[data-compose]");
let round = page.round_info;
let table = page.table;
let movedTo = null; // the table a "move" sent this phone to, until its round is announced
const mine = new Set(page.mine || []); // this phone's own inputs: first, right below the box
const question = questionLanguage.mount(document, { page }); // in the phone's question language

function updateEmpty() {
  $("[data-empty]").hidden = list.children.length > 0;
}

function phaseOf(info) {
  if (info.status === "closed") return "closed";
  if (info.status === "harvest") return "harvest";
  return info.status === "running" && info.round >= 1 ? "round" : "waiting";
}

/** What changed at a round change, worded for this phone: round 1, moved, or stayed. */
function roundNews(info, previousTopic) {
  if (info.round === 1) return format(texts.roundStarted, { round: 1 });
  if (movedTo !== null) return format(texts.nowAtTable, { number: movedTo });
  const sameQuestion = info.topic === previousTopic;
  if (page.session.rotation === "people") {
    const stay = format(texts.stayAtTable, { number: table });
    return `${stay} ${sameQuestion ? texts.sameQuestion : texts.newQuestionHere}`;
  }
  return `${format(texts.roundStarted, { round: info.round })} ${sameQuestion ? texts.sameQuestion : texts.newQuestionHere}`;
}

function applyRound(info) {
  const changed = info.round !== round.round;
  const previousTopic = round.topic;
  round = info;
  question.show(info.topic, info.topic_translations);
  const label = $("[data-round-label]");
  const phase = phaseOf(info);
  const phaseChanged = document.body.dataset.phase !== phase;
  document.body.dataset.phase = phase;
  if (phase === "closed") label.textContent = texts.phoneClosed;
  else if (phase === "harvest") label.textContent = texts.phoneHarvest;
  else if (phase === "waiting") label.textContent = texts.phoneWaiting;
  else label.textContent = format(texts.roundOf, { round: info.round, total: info.rounds });
  form.hidden = phase !== "round";
  $("[data-compose-closed]").hidden = phase === "round";
  if (phase === "harvest") $("[data-compose-closed]").textContent = texts.harvestNoInputs;
  const alert = $("[data-round-alert]");
  if (phase !== "round") alert.hidden = true;
  if (phaseChanged && phase === "closed") $("#closed-heading").focus();
  if (changed && info.round >= 1 && phase === "round") {
    for (const item of Array.from(list.children)) {
      if (!item.classList.contains("is-pending")) earlierList.prepend(item);
    }
    $("[data-earlier]").hidden = earlierList.children.length === 0;
    updateEmpty();
    $("[data-sent]").textContent = ""; // "Sent ✓" was about the round that ended
    alert.textContent = roundNews(info, previousTopic);
    alert.hidden = false;
    movedTo = null;
  }
}

/** Own inputs stay on top (newest first); a neighbour's new input goes just below them. */
function placeAtTable(post) {
  const item = addPost(list, post, { isNew: true });
  if (!item) return;
  if (mine.has(post.id)) {
    item.classList.add("is-mine");
    return;
  }
  const lastMine = Array.from(list.children).filter((li) => li.classList.contains("is-mine")).pop();
  if (lastMine) lastMine.after(item);
}

function markMine() {
  for (const item of list.querySelectorAll("[data-post-id]")) {
    item.classList.toggle("is-mine", mine.has(Number(item.dataset.postId)));
  }
  for (const item of Array.from(list.querySelectorAll(".is-mine")).reverse()) list.prepend(item);
}

function showState(state) {
  table = state.table;
  for (const id of state.mine || []) mine.add(id);
  applyRound(state.round_info);
  for (const post of state.posts) {
    const target = post.round === state.round ? list : earlierList;
    addPost(target, post);
  }
  markMine();
  $("[data-earlier]").hidden = earlierList.children.length === 0;
  updateEmpty();
}

const socket = connect({ token: page.token }, $("[data-connection]"));
const context = { socket, page, question };
moving.mount(document, context); // before the "state" handler below: a move empties the lists first
phoneModeration.mount(document, context);
socket.on(EVENTS.STATE, showState);
socket.on(EVENTS.MOVE, (move) => {
  movedTo = move.table;
});
socket.on(EVENTS.POST, (post) => {
  if (post.table !== table) return; // another table's input: features/reactions.js shows it
  if (post.round === round.round) placeAtTable(post);
  else if (post.late) { // stored late in an earlier round: with that round's inputs
    addPost(earlierList, post);
    $("[data-earlier]").hidden = false;
  }
  updateEmpty();
});
socket.on(EVENTS.ROUND, applyRound);
// Just after the state is shown: the outbox goes again.
compose.mount(document, {
  ...context,
  list,
  currentRound: () => round.round,
  updateEmpty,
  stored: (post) => {
    mine.add(post.id);
    $("[data-round-alert]").hidden = true; // the round's news is read: the task is writing
  },
});
reactions.mount(document, { ...context, currentTable: () => table });
harvestQuestions.mount(document.querySelector("[data-harvest-questions]"), context);
results.mount(document, context);
timer.mount($("[data-timer]"), { ...context, signal: $("[data-timer-signal]") });
broadcast.mount($("[data-broadcast]"), context);
hosting.mount(document, context);
hostThemes.mount(document, context);
older.mount(document, { ...context, current: list, earlier: earlierList, currentRound: () => round.round });
display.mount(document);
readAloud.mount(document); // after the lists are filled: every input gets its button
markMine();
watchUserText(); // every input, name and question runs its own way (core/direction.js)
// Everything is wired: Send works from here on, before the connection is live too (the
// outbox keeps what is sent and the connection sends it). bench/slow_link.py waits for this.
document.body.dataset.ready = "true";
