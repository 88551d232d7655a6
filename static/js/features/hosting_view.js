// The facilitator's view of table hosts and moving people: who hosts each table, the
// hosts' syntheses as they are saved, and how the last people-move round change went.
import { EVENTS } from "../core/events.js";
import { format, texts } from "../core/page.js";

function card(root, table) {
  return root.querySelector(`[data-table="${table}"]`);
}

function showHost(root, info) {
  const element = card(root, info.table)?.querySelector("[data-host-name]");
  if (!element) return;
  element.textContent = info.host ? info.host.nickname || texts.anonymous : texts.noHost;
}

function showSynthesis(root, synthesis) {
  const list = card(root, synthesis.table)?.querySelector("[data-table-syntheses]");
  if (!list) return;
  let item = list.querySelector(`[data-synthesis-round="${synthesis.round}"]`);
  if (!item) {
    item = document.createElement("li");
    item.className = "synthesis";
    item.dataset.synthesisRound = String(synthesis.round);
    const meta = document.createElement("p");
    meta.className = "post-meta";
    meta.textContent = format(texts.synthesisRound, { round: synthesis.round });
    const text = document.createElement("p");
    text.className = "synthesis-text";
    item.append(meta, text);
    list.append(item);
  }
  item.querySelector(".synthesis-text").textContent = synthesis.text;
}

// The "Make host" choice lists who sits at the table now; it follows joins and moves.
function showPeople(root, info) {
  for (const table of info.tables || []) {
    const form = card(root, table.table)?.querySelector("[data-host-form]");
    if (!form || !Array.isArray(table.people)) continue;
    const select = form.querySelector("select");
    const chosen = select.value;
    const options = table.people.map((person) => {
      const option = document.createElement("option");
      option.value = String(person.id);
      option.textContent = `${person.nickname || texts.anonymous} (#${person.id})`;
      option.selected = person.host;
      return option;
    });
    select.replaceChildren(...options);
    if (chosen && options.some((option) => option.value === chosen)) select.value = chosen;
    form.hidden = options.length === 0;
  }
}

function showSeating(root, info) {
  const element = root.querySelector("[data-seating]");
  if (!element || typeof info.moved !== "number") return;
  element.textContent = format(texts.seatingFigures, {
    moved: info.moved,
    repeats: info.repeat_encounters,
  });
}

/** Follow hosts, syntheses, who sits where and the seating figures on the table cards under ``root``. */
export function mount(root, { socket }) {
  socket.on(EVENTS.HOST, (info) => showHost(root, info));
  socket.on(EVENTS.SYNTHESIS, (synthesis) => showSynthesis(root, synthesis));
  socket.on(EVENTS.ROUND, (info) => showSeating(root, info));
  socket.on(EVENTS.PEOPLE, (info) => showPeople(root, info));
  socket.on(EVENTS.STATE, (state) => {
    if (state.seating) showSeating(root, state.seating);
    for (const [table, info] of Object.entries(state.table_hosting || {})) {
      showHost(root, { table: Number(table), host: info.host });
      for (const synthesis of info.syntheses) showSynthesis(root, synthesis);
    }
  });
}
