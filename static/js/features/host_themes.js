// Phone: a table host's themes in the harvest (templates/participant/_host_themes.html).
// Drawn by core/themes_view.js from the `state`'s `themes` (the host's overview), and again
// from each `theme` answer; when `themes` says the list changed elsewhere, or the phone
// becomes host or the harvest starts, it asks for its overview (`theme` `list`).
import { EVENTS } from "../core/events.js";
import { readJson } from "../core/page.js";
import { themesView } from "../core/themes_view.js";

/** The `theme` event a form of the editor stands for. */
function themeEvent(form) {
  const themeId = Number(form.dataset.themeId);
  const name = form.elements.name ? form.elements.name.value.trim() : "";
  switch (form.dataset.themeAction) {
    case "create": {
      const postIds = Array.from(form.querySelectorAll("[name=post_ids]"), (input) => Number(input.value));
      return { action: "create", name, post_ids: postIds };
    }
    case "rename":
      return { action: "rename", theme_id: themeId, name };
    case "delete":
      return { action: "delete", theme_id: themeId };
    case "place": {
      const postId = Number(form.elements.post_id.value);
      const target = form.elements.theme_id.value;
      if (!target) return { action: "unassign", post_id: postId };
      return { action: "move", theme_id: Number(target), post_ids: [postId] };
    }
    default:
      return null;
  }
}

/** Mount the host's themes section under ``root``; ``page`` gives `themes`, `is_host`, `table`. */
export function mount(root, { socket, page }) {
  const section = root.querySelector("[data-host-themes]");
  if (!section) return;
  const t = readJson("host-themes-data").texts;
  const error = section.querySelector("[data-themes-error]");
  const me = page.participant ? page.participant.id : null;
  let table = page.table;
  let isHost = Boolean(page.is_host);
  let harvest = page.round_info && page.round_info.status === "harvest";
  const none = () => "";
  const view = themesView(section, {
    texts: t,
    actions: { create: "", place: "", rename: none, delete: none },
    idPrefix: "host-",
    placeLabel: () => t.moveTo,
    showHost: false,
  });

  function showError(message) {
    error.textContent = message || "";
    error.hidden = !message;
  }

  function show(overview) {
    section.hidden = !overview;
    if (overview) view.render(overview);
  }

  function refresh() {
    if (!isHost || !harvest) {
      show(null);
      return;
    }
    socket.emit(EVENTS.THEME, { action: "list" }, (ack) => {
      if (ack && ack.ok) show(ack);
    });
  }

  section.addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.target;
    const body = themeEvent(form);
    if (!body) return;
    socket.emit(EVENTS.THEME, body, (ack) => {
      if (!(ack && ack.ok)) {
        showError((ack && ack.error) || t.failed);
        return;
      }
      showError("");
      if (form.matches("[data-theme-new]")) form.reset();
      show(ack);
    });
  });
  section.addEventListener("click", (event) => {
    const button = event.target.closest("[data-ignore-suggestion]");
    if (!button) return;
    view.ignore(button.closest("[data-suggestion-key]").dataset.suggestionKey);
    section.querySelector("#host-themes-heading").focus();
  });

  socket.on(EVENTS.STATE, (state) => {
    isHost = Boolean(state.is_host);
    table = state.table;
    harvest = state.round_info && state.round_info.status === "harvest";
    show(state.themes || null);
  });
  socket.on(EVENTS.ROUND, (info) => {
    harvest = info.status === "harvest";
    refresh();
  });
  socket.on(EVENTS.HOST, (info) => {
    if (info.table !== table) return;
    isHost = Boolean(info.host && info.host.id === me);
    refresh();
  });
  socket.on(EVENTS.THEMES, refresh);
  show(page.themes || null);
}
