// The facilitator's view of table hosts and moving people: who hosts each table, the
// tables' main points as hosts save them, and how the last people-move round change went.
// The card's "Host:" line and the "Make host" choice always name the same person, the
// same way: the nickname, or "Person 2" (the second to join that table) without one.
import { EVENTS } from "../core/events.js";
import { format, texts } from "../core/page.js";

// Who sits at each table, as the server last said (for the labels of people without a name).
const seated = new Map();

function card(root, table) {
  return root.querySelector(`[data-table="${table}"]`);
}

function label(cockpit, person, people) {
  if (person.nickname) return person.nickname;
  const index = people.findIndex((other) => other.id === person.id);
  return index < 0 ? texts.anonymous : format(cockpit.personN, { number: index + 1 });
}

/**
 * The card's host choice folds behind "Change" once the table has a host, and stays open
 * while it has none; a host chosen just now folds it again.
 */
function foldHostChoice(table, hasHost) {
  const details = table.querySelector("[data-host-change]");
  if (!details) return;
  const had = details.classList.contains("has-host");
  details.classList.toggle("has-host", hasHost);
  if (!hasHost) details.open = true;
  else if (!had) details.open = false;
}

function showHost(root, cockpit, info) {
  const table = card(root, info.table);
  const element = table?.querySelector("[data-host-name]");
  if (!element) return;
  const people = seated.get(info.table) || [];
  element.textContent = info.host ? label(cockpit, info.host, people) : texts.noHost;
  const select = table.querySelector("[data-host-form] select");
  if (select && info.host && select.querySelector(`option[value="${info.host.id}"]`)) {
    select.value = String(info.host.id);
  }
  foldHostChoice(table, Boolean(info.host));
}

function showSynthesis(root, cockpit, synthesis) {
  const list = card(root, synthesis.table)?.querySelector("[data-table-syntheses]");
  if (!list) return;
  let item = list.querySelector(`[data-synthesis-round="${synthesis.round}"]`);
  if (!item) {
    item = document.createElement("li");
    item.className = "synthesis";
    item.dataset.synthesisRound = String(synthesis.round);
    const meta = document.createElement("p");
    meta.className = "post-meta";
    meta.textContent = format(cockpit.mainPointsRound, { round: synthesis.round });
    const text = document.createElement("p");
    text.className = "synthesis-text";
    item.append(meta, text);
    list.append(item);
  }
  item.querySelector(".synthesis-text").textContent = synthesis.text;
}

// The "Make host" choice lists who sits at the table now; it follows joins and moves, and
// shows the table's host as chosen (the card's "Host:" line says the same).
function showPeople(root, cockpit, info) {
  for (const table of info.tables || []) {
    if (!Array.isArray(table.people)) continue;
    seated.set(table.table, table.people);
    const form = card(root, table.table)?.querySelector("[data-host-form]");
    if (!form) continue;
    const select = form.querySelector("select");
    const host = table.people.find((person) => person.host);
    const options = table.people.map((person) => {
      const option = document.createElement("option");
      option.value = String(person.id);
      option.textContent = label(cockpit, person, table.people);
      option.selected = person.host;
      return option;
    });
    select.replaceChildren(...options);
    if (host) select.value = String(host.id);
    form.hidden = options.length === 0;
    const name = card(root, table.table).querySelector("[data-host-name]");
    if (host && name) name.textContent = label(cockpit, host, table.people);
    foldHostChoice(card(root, table.table), Boolean(host));
  }
}

function showSeating(root, cockpit, info) {
  const element = root.querySelector("[data-seating]");
  if (!element || typeof info.moved !== "number") return;
  const moved = info.moved === 1 ? cockpit.movedOne : format(cockpit.movedMany, { num: info.moved });
  const repeats = info.repeat_encounters;
  let together = cockpit.repeatsNone;
  if (repeats === 1) together = cockpit.repeatsOne;
  else if (repeats > 1) together = format(cockpit.repeatsMany, { num: repeats });
  element.textContent = `${moved} ${together}`;
}

/** Follow hosts, main points, who sits where and the seating figures on the cards under ``root``. */
export function mount(root, { socket, page, cockpit }) {
  for (const [table, info] of Object.entries(page.table_hosting || {})) {
    seated.set(Number(table), info.people || []);
  }
  for (const details of root.querySelectorAll("[data-host-change]")) {
    // Without a host there is nothing to fold the choice behind.
    details.addEventListener("toggle", () => {
      if (!details.open && !details.classList.contains("has-host")) details.open = true;
    });
  }
  socket.on(EVENTS.HOST, (info) => showHost(root, cockpit, info));
  socket.on(EVENTS.SYNTHESIS, (synthesis) => showSynthesis(root, cockpit, synthesis));
  socket.on(EVENTS.ROUND, (info) => showSeating(root, cockpit, info));
  socket.on(EVENTS.PEOPLE, (info) => showPeople(root, cockpit, info));
  socket.on(EVENTS.STATE, (state) => {
    if (state.seating) showSeating(root, cockpit, state.seating);
    for (const [table, info] of Object.entries(state.table_hosting || {})) {
      if (Array.isArray(info.people)) seated.set(Number(table), info.people);
      showHost(root, cockpit, { table: Number(table), host: info.host });
      for (const synthesis of info.syntheses) showSynthesis(root, cockpit, synthesis);
    }
  });
}
