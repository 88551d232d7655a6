// Facilitator: the harvest's themes section (templates/facilitator/_themes.html). Its forms
// work without a script; here they go by fetch, and the section is drawn again from the
// answer (and from `themes`, when the list changed elsewhere) by core/themes_view.js.
import { EVENTS } from "../core/events.js";
import { format, readJson } from "../core/page.js";
import { themesView } from "../core/themes_view.js";

/** Make the themes section under ``root`` live; does nothing outside the harvest. */
export function mount(root, { socket }) {
  const section = root.querySelector("[data-themes-root]");
  if (!section) return;
  const data = readJson("themes-data");
  const t = data.texts;
  const error = section.querySelector("[data-themes-error]");
  const view = themesView(section, {
    texts: t,
    actions: {
      create: data.create,
      place: data.place,
      rename: (id) => data.rename.replace(/\/0\/rename$/, `/${id}/rename`),
      delete: (id) => data.delete.replace(/\/0\/delete$/, `/${id}/delete`),
    },
    placeLabel: (input) => format(t.tableTheme, { table: input.table }),
  });

  function showError(message) {
    error.textContent = message || "";
    error.hidden = !message;
  }

  async function refresh() {
    const response = await fetch(data.list, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.ok) view.render(await response.json());
  }

  for (const button of section.querySelectorAll("[data-ignore-suggestion]")) button.hidden = false;

  section.addEventListener("submit", async (event) => {
    event.preventDefault();
    const target = event.target;
    try {
      const response = await fetch(target.action, {
        method: "POST",
        headers: { "X-CSRFToken": data.csrf, Accept: "application/json" },
        body: new URLSearchParams(new FormData(target)),
        credentials: "same-origin",
      });
      const result = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(result.error || t.failed);
      showError("");
      if (target.matches("[data-theme-new]")) target.reset();
      view.render(result);
    } catch (failure) {
      showError(failure.message);
    }
  });
  section.addEventListener("click", (event) => {
    const button = event.target.closest("[data-ignore-suggestion]");
    if (!button) return;
    view.ignore(button.closest("[data-suggestion-key]").dataset.suggestionKey);
    section.querySelector("[data-theme-suggestions]").focus?.();
  });
  socket.on(EVENTS.THEMES, () => refresh().catch(() => {}));
}
