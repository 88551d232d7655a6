// The translations forms (templates/facilitator/_translations.html): without JavaScript a
// form shows one empty row per text and an emptied text removes its language; here each
// group gets "Add a language" and each row "Remove", so nobody has to empty a field.
import { texts } from "../core/page.js";

const MAX_ROWS = 20;

function renumber(row, index) {
  for (const field of row.querySelectorAll("input, textarea")) {
    const id = field.id.replace(/-\d+$/, `-${index}`);
    const label = row.querySelector(`label[for="${field.id}"]`);
    field.id = id;
    if (label) label.htmlFor = id;
  }
}

function addRemove(row) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button translation-remove";
  button.textContent = texts.removeLanguage;
  button.addEventListener("click", () => {
    const group = row.closest("[data-translation-group]");
    row.remove();
    group.querySelector("[data-add-language]")?.removeAttribute("hidden");
    group.querySelector("[data-add-language]")?.focus();
  });
  row.append(button);
}

function mountGroup(group) {
  const rows = () => group.querySelectorAll("[data-translation-row]");
  const template = rows()[rows().length - 1];
  if (!template) return;
  const blank = template.cloneNode(true);
  for (const row of rows()) addRemove(row);
  const add = document.createElement("button");
  add.type = "button";
  add.className = "button translation-add";
  add.dataset.addLanguage = "";
  add.textContent = texts.addLanguage;
  add.addEventListener("click", () => {
    const row = blank.cloneNode(true);
    const count = rows().length + 1;
    renumber(row, count);
    for (const field of row.querySelectorAll("input, textarea")) field.value = "";
    addRemove(row);
    add.before(row);
    row.querySelector("input").focus();
    add.hidden = count >= MAX_ROWS;
  });
  const last = rows()[rows().length - 1];
  last.after(add);
}

/** Give every translation group under ``root`` its add and remove buttons. */
export function mount(root) {
  for (const group of root.querySelectorAll("[data-translations-form] [data-translation-group]")) {
    mountGroup(group);
  }
}
