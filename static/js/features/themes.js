// Facilitator: the harvest's themes section (templates/facilitator/_themes.html). Its forms
// work without a script; here they go by fetch, and the section is drawn again from the
// answer (and from `themes`, when the list changed elsewhere), keeping the focus in place.
import { EVENTS } from "../core/events.js";
import { format, readJson } from "../core/page.js";

/** Make the themes section under ``root`` live; does nothing outside the harvest. */
export function mount(root, { socket }) {
  const section = root.querySelector("[data-themes-root]");
  if (!section) return;
  const data = readJson("themes-data");
  const t = data.texts;
  const ignored = new Set();
  const error = section.querySelector("[data-themes-error]");

  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key in node) node[key] = value;
      else node.setAttribute(key, value);
    }
    node.append(...children);
    return node;
  }

  function facts(count, tables) {
    const inputs = count === 1 ? t.inputOne : format(t.inputMany, { count });
    const where = tables.length ? format(t.tables, { tables: tables.join(", ") }) : t.noTables;
    return `${inputs} · ${where}`;
  }

  function form(action, focusKey, ...fields) {
    return el("form", { method: "post", action, className: "theme-form", dataset: { focusKey } }, ...fields);
  }

  function nameField(id, label, value) {
    return [el("label", { htmlFor: id }, label), el("input", { id, name: "name", value, maxLength: 120, required: true })];
  }

  function suggestionItem(suggestion, index) {
    const key = suggestion.post_ids.join("-");
    const hidden = suggestion.post_ids.map((id) => el("input", { type: "hidden", name: "post_ids", value: String(id) }));
    const ignore = el("button", { type: "button", className: "button", dataset: { ignoreSuggestion: "" } }, t.ignore);
    const item = el(
      "li",
      { className: "theme-suggestion", dataset: { suggestionKey: key } },
      form(
        data.create,
        `suggestion-${key}`,
        ...hidden,
        ...nameField(`suggestion-${index + 1}`, t.name, suggestion.name),
        el("p", { className: "theme-facts" }, facts(suggestion.input_count, suggestion.tables)),
        el("div", { className: "button-row" }, el("button", { type: "submit", className: "button button-primary" }, t.accept), ignore),
      ),
    );
    return item;
  }

  function themeItem(theme) {
    const host = theme.table ? ` · ${format(t.byHost, { table: theme.table })}` : "";
    return el(
      "li",
      { className: "theme-item" },
      el("h4", { className: "theme-name" }, theme.name),
      el("p", { className: "theme-facts" }, facts(theme.input_count, theme.tables) + host),
      form(
        data.rename.replace(/\/0\/rename$/, `/${theme.id}/rename`),
        `rename-${theme.id}`,
        ...nameField(`theme-name-${theme.id}`, t.newName, theme.name),
        el("div", { className: "button-row" }, el("button", { type: "submit", className: "button" }, t.rename)),
      ),
      form(
        data.delete.replace(/\/0\/delete$/, `/${theme.id}/delete`),
        `delete-${theme.id}`,
        el("button", { type: "submit", className: "button button-danger" }, format(t.delete, { name: theme.name })),
      ),
    );
  }

  function inputItem(input, themes) {
    const select = el("select", { id: `place-${input.id}`, name: "theme_id" }, el("option", { value: "" }, t.noTheme));
    for (const theme of themes) {
      select.append(el("option", { value: String(theme.id), selected: input.theme_id === theme.id }, theme.name));
    }
    const place = form(
      data.place,
      `place-${input.id}`,
      el("input", { type: "hidden", name: "post_id", value: String(input.id) }),
      el("label", { htmlFor: `place-${input.id}` }, format(t.tableTheme, { table: input.table })),
      select,
      el("button", { type: "submit", className: "button" }, t.move),
    );
    place.className = "theme-place";
    return el("li", { className: "theme-input" }, el("p", { className: "post-text" }, input.text), place);
  }

  function focusKey(node) {
    const holder = node && node.closest && node.closest("[data-focus-key]");
    if (!holder) return null;
    return { key: holder.dataset.focusKey, name: node.name, type: node.type };
  }

  function restoreFocus(saved) {
    if (!saved) return;
    const holder = section.querySelector(`[data-focus-key="${CSS.escape(saved.key)}"]`);
    const target = holder && (holder.querySelector(`[name="${saved.name}"]`) || holder.querySelector(`[type="${saved.type}"]`));
    (target || section.querySelector("h2")).focus?.();
  }

  function render(overview) {
    const saved = focusKey(document.activeElement);
    const suggestions = section.querySelector("[data-theme-suggestions]");
    if (suggestions) {
      const shown = overview.suggestions.filter((s) => !ignored.has(s.post_ids.join("-")));
      suggestions.replaceChildren(
        ...(shown.length ? shown.map(suggestionItem) : [el("li", { className: "hint" }, t.noSuggestions)]),
      );
    }
    const list = section.querySelector("[data-theme-list]");
    list.replaceChildren(...(overview.themes.length ? overview.themes.map(themeItem) : [el("li", { className: "hint" }, t.noThemes)]));
    const inputs = section.querySelector("[data-theme-inputs]");
    if (inputs) inputs.replaceChildren(...overview.inputs.map((input) => inputItem(input, overview.themes)));
    restoreFocus(saved);
  }

  function showError(message) {
    error.textContent = message || "";
    error.hidden = !message;
  }

  async function refresh() {
    const response = await fetch(data.list, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.ok) render(await response.json());
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
      render(result);
    } catch (failure) {
      showError(failure.message);
    }
  });
  section.addEventListener("click", (event) => {
    const button = event.target.closest("[data-ignore-suggestion]");
    if (!button) return;
    const item = button.closest("[data-suggestion-key]");
    ignored.add(item.dataset.suggestionKey);
    item.remove();
    section.querySelector("[data-theme-suggestions]").focus?.();
  });
  socket.on(EVENTS.THEMES, () => refresh().catch(() => {}));
}
