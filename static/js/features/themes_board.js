// Projector: the harvest's themes across tables (templates/_themes_projector.html), each
// with how many inputs and tables it gathers, redrawn on every `themes` event.
import { EVENTS } from "../core/events.js";
import { format, readJson } from "../core/page.js";

/** Follow `themes` in the board under ``root``; does nothing before the harvest. */
export function mount(root, { socket }) {
  const board = root.querySelector("[data-themes-board]");
  if (!board) return;
  const t = readJson("themes-board-data");
  const list = board.querySelector("[data-themes-board-list]");
  const count = (n, one, many) => (n === 1 ? one : format(many, { count: n }));

  socket.on(EVENTS.THEMES, ({ themes }) => {
    list.replaceChildren(
      ...themes.map((theme) => {
        const item = document.createElement("li");
        item.className = "projector-theme";
        const name = document.createElement("span");
        name.className = "projector-theme-name";
        name.textContent = theme.name;
        const facts = document.createElement("span");
        facts.className = "projector-theme-facts";
        facts.textContent = `${count(theme.input_count, t.inputOne, t.inputMany)} · ${count(theme.tables.length, t.tableOne, t.tableMany)}`;
        item.append(name, " ", facts);
        return item;
      }),
    );
    board.hidden = themes.length === 0;
  });
}
