// The harvest's themes editor, drawn from an overview (docs/protocol.md, "Themes across
// tables"): suggestions to accept or ignore, the themes to rename or delete, the inputs with
// a theme to move each to. Shared by the facilitator's section (features/themes.js, forms
// sent by fetch) and a table host's phone (features/host_themes.js, sent as `theme` events).
// Every form carries `data-theme-action` ("create", "rename", "delete", "place") and, for a
// theme's own forms, `data-theme-id`, so the page decides how to send it.
import { format } from "./page.js";

/** An element with ``props`` (properties, attributes, ``dataset``) and ``children``. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key in node) node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/** The key a suggestion is known by (its inputs), for "Ignore". */
export function suggestionKey(suggestion) {
  return suggestion.post_ids.join("-");
}

/**
 * A themes editor drawn into ``section`` (which holds `[data-theme-suggestions]`,
 * `[data-theme-list]`, `[data-theme-inputs]`). Options:
 * - ``texts``: the translated texts (templates/_themes_texts.html);
 * - ``actions``: ``{create, place, rename(id), delete(id)}``, each form's URL ("" when the
 *   page sends by socket);
 * - ``idPrefix``: put before every element id (the phone has other forms on its page);
 * - ``placeLabel(input)``: the label of an input's theme select;
 * - ``showHost``: say which table's host made a theme.
 * Returns ``{render(overview), ignore(key)}``; ``render`` keeps the focus where it was.
 */
export function themesView(section, { texts: t, actions, idPrefix = "", placeLabel, showHost = true }) {
  const ignored = new Set();
  const id = (name) => `${idPrefix}${name}`;

  function facts(count, tables) {
    const inputs = count === 1 ? t.inputOne : format(t.inputMany, { count });
    const where = tables.length ? format(t.tables, { tables: tables.join(", ") }) : t.noTables;
    return `${inputs} · ${where}`;
  }

  function form(action, focusKey, themeAction, ...fields) {
    const props = { method: "post", className: "theme-form", dataset: { focusKey, themeAction } };
    if (action) props.action = action;
    return el("form", props, ...fields);
  }

  function nameField(fieldId, label, value) {
    return [
      el("label", { htmlFor: fieldId }, label),
      el("input", { id: fieldId, name: "name", value, maxLength: 120, required: true, autocomplete: "off", dataset: { initial: value } }),
    ];
  }

  function suggestionItem(suggestion, index) {
    const key = suggestionKey(suggestion);
    const hidden = suggestion.post_ids.map((postId) => el("input", { type: "hidden", name: "post_ids", value: String(postId) }));
    const ignore = el("button", { type: "button", className: "button", dataset: { ignoreSuggestion: "" } }, t.ignore);
    return el(
      "li",
      { className: "theme-suggestion", dataset: { suggestionKey: key } },
      form(
        actions.create,
        `suggestion-${key}`,
        "create",
        ...hidden,
        ...nameField(id(`suggestion-${index + 1}`), t.name, suggestion.name),
        el("p", { className: "theme-facts" }, facts(suggestion.input_count, suggestion.tables)),
        el("div", { className: "button-row" }, el("button", { type: "submit", className: "button button-primary" }, t.accept), ignore),
      ),
    );
  }

  function themeItem(theme) {
    const host = showHost && theme.table ? ` · ${format(t.byHost, { table: theme.table })}` : "";
    const rename = form(
      actions.rename(theme.id),
      `rename-${theme.id}`,
      "rename",
      ...nameField(id(`theme-name-${theme.id}`), t.newName, theme.name),
      el("div", { className: "button-row" }, el("button", { type: "submit", className: "button" }, t.rename)),
    );
    const remove = form(
      actions.delete(theme.id),
      `delete-${theme.id}`,
      "delete",
      el("button", { type: "submit", className: "button button-danger" }, format(t.delete, { name: theme.name })),
    );
    rename.dataset.themeId = remove.dataset.themeId = String(theme.id);
    return el(
      "li",
      { className: "theme-item" },
      el("h4", { className: "theme-name" }, theme.name),
      el("p", { className: "theme-facts" }, facts(theme.input_count, theme.tables) + host),
      rename,
      remove,
    );
  }

  function inputItem(input, themes) {
    const selectId = id(`place-${input.id}`);
    const textId = id(`theme-input-${input.id}`);
    const initial = input.theme_id == null ? "" : String(input.theme_id);
    const select = el("select", { id: selectId, name: "theme_id", dataset: { initial } }, el("option", { value: "" }, t.noTheme));
    select.setAttribute("aria-describedby", textId);
    for (const theme of themes) {
      select.append(el("option", { value: String(theme.id), selected: input.theme_id === theme.id }, theme.name));
    }
    const place = form(
      actions.place,
      `place-${input.id}`,
      "place",
      el("input", { type: "hidden", name: "post_id", value: String(input.id) }),
      el("label", { htmlFor: selectId }, placeLabel(input)),
      select,
      el("button", { type: "submit", className: "button" }, t.move),
    );
    place.className = "theme-place";
    return el("li", { className: "theme-input" }, el("p", { className: "post-text", id: textId }, input.text), place);
  }

  function savedFocus(node) {
    const holder = node && node.closest && node.closest("[data-focus-key]");
    if (!holder || !section.contains(holder)) return null;
    return { key: holder.dataset.focusKey, name: node.name, type: node.type };
  }

  function restoreFocus(saved) {
    if (!saved) return;
    const holder = section.querySelector(`[data-focus-key="${CSS.escape(saved.key)}"]`);
    const target = holder && (holder.querySelector(`[name="${saved.name}"]`) || holder.querySelector(`[type="${saved.type}"]`));
    (target || section.querySelector("h2")).focus?.();
  }

  // What the user chose or typed and has not sent yet (a name, a theme to move to), so a
  // redraw for someone else's change does not undo it.
  function unsent() {
    const kept = new Map();
    for (const field of section.querySelectorAll("[data-focus-key] [data-initial]")) {
      if (field.value !== field.dataset.initial) {
        kept.set(`${field.closest("[data-focus-key]").dataset.focusKey} ${field.name}`, field.value);
      }
    }
    return kept;
  }

  function restoreUnsent(kept) {
    for (const field of section.querySelectorAll("[data-focus-key] [data-initial]")) {
      const value = kept.get(`${field.closest("[data-focus-key]").dataset.focusKey} ${field.name}`);
      if (value === undefined) continue;
      if (field.tagName !== "SELECT" || Array.from(field.options).some((option) => option.value === value)) {
        field.value = value;
      }
    }
  }

  function render(overview) {
    const saved = savedFocus(document.activeElement);
    const kept = unsent();
    const suggestions = section.querySelector("[data-theme-suggestions]");
    if (suggestions) {
      const shown = overview.suggestions.filter((s) => !ignored.has(suggestionKey(s)));
      suggestions.replaceChildren(
        ...(shown.length ? shown.map(suggestionItem) : [el("li", { className: "hint" }, t.noSuggestions)]),
      );
    }
    const list = section.querySelector("[data-theme-list]");
    list.replaceChildren(...(overview.themes.length ? overview.themes.map(themeItem) : [el("li", { className: "hint" }, t.noThemes)]));
    const inputs = section.querySelector("[data-theme-inputs]");
    if (inputs) inputs.replaceChildren(...overview.inputs.map((input) => inputItem(input, overview.themes)));
    restoreUnsent(kept);
    restoreFocus(saved);
  }

  function ignore(key) {
    ignored.add(key);
    const item = section.querySelector(`[data-suggestion-key="${CSS.escape(key)}"]`);
    if (item) item.remove();
    const list = section.querySelector("[data-theme-suggestions]");
    if (list && !list.children.length) list.append(el("li", { className: "hint" }, t.noSuggestions));
  }

  return { render, ignore };
}
