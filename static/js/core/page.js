// What the server rendered into the page for its scripts: JSON data blocks (no inline
// scripts: strict CSP) and the translated texts, with their "{name}" placeholders.

/** Parse a JSON data block the server rendered into the page. */
export function readJson(id) {
  const element = document.getElementById(id);
  return element ? JSON.parse(element.textContent) : {};
}

export const texts = readJson("i18n-data");

/** Fill "{name}" placeholders in a translated text. */
export function format(template, values) {
  return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
}
