// People move: the big "Go to table 4" screen at a round change, and "I stay at my table".
// A socket joins its table room at connect, so after a move the phone reconnects and the
// server puts it in the new table's room (from the database) and sends a fresh "state".
import { EVENTS } from "../core/events.js";
import { format, texts } from "../core/page.js";
import { choose } from "../core/question_choice.js";

/** The number stays with the word before it ("table\u00a03"): a big title never leaves "3" alone on a line. */
function keepLastWordWith(text) {
  return text.replace(/ (\S+)$/, "\u00a0$1");
}

function showMoveScreen($, move, question) {
  const screen = $("[data-move-screen]");
  if (!screen) return;
  $("[data-move-title]").textContent = keepLastWordWith(format(texts.goToTable, { number: move.table }));
  // The new table's question in this phone's question language, when the café has it.
  const topic = question ? choose(move.topic || "", move.topic_translations || {}, question.wanted()).text : move.topic;
  $("[data-move-topic]").textContent = topic ? format(texts.moveTopic, { topic }) : "";
  $("[data-move-done]").textContent = keepLastWordWith(format(texts.atTable, { number: move.table }));
  screen.hidden = false;
  document.body.classList.add("is-moving");
  $("[data-move-title]").focus();
}

function hideMoveScreen($) {
  $("[data-move-screen]").hidden = true;
  document.body.classList.remove("is-moving");
  const heading = $("#table-heading");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}

/** Empty the post lists when a fresh state is for another table (call before other state handlers). */
function followTable(root, state, shown) {
  const $ = (selector) => root.querySelector(selector);
  if (state.table === shown.table) return;
  shown.table = state.table;
  const heading = $("#table-heading");
  if (heading) heading.textContent = format(texts.tableN, { number: state.table });
  for (const list of root.querySelectorAll("[data-posts], [data-earlier-posts]")) list.replaceChildren();
  const earlier = $("[data-earlier]");
  if (earlier) earlier.hidden = true;
}

function setUpStaySeated($, socket, page) {
  const box = $("[data-stay-seated]");
  const status = $("[data-stay-status]");
  if (!box) return;
  box.checked = Boolean(page.stay_seated);
  box.addEventListener("change", () => {
    const value = box.checked;
    socket.emit(EVENTS.STAY_SEATED, { value }, (ack) => {
      if (ack && ack.ok) {
        status.textContent = value ? texts.staySaved : texts.moveSaved;
      } else {
        box.checked = !value;
        status.textContent = (ack && ack.error) || texts.failed;
      }
    });
  });
  socket.on(EVENTS.STATE, (state) => {
    if (typeof state.stay_seated === "boolean") box.checked = state.stay_seated;
  });
}

/** Wire the move screen under ``root`` to ``socket``; mount before the page's own "state" handler. */
export function mount(root, { socket, page, question }) {
  const $ = (selector) => root.querySelector(selector);
  const shown = { table: page.table };
  socket.on(EVENTS.STATE, (state) => followTable(root, state, shown));
  socket.on(EVENTS.MOVE, (move) => {
    showMoveScreen($, move, question);
    socket.disconnect();
    socket.connect();
  });
  const done = $("[data-move-done]");
  if (done) done.addEventListener("click", () => hideMoveScreen($));
  setUpStaySeated($, socket, page);
}
