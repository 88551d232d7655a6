// The moderation actions both facilitator pages use (the moderation page and the live
// view): POSTs by fetch with the CSRF token in a header, answered with JSON.
import { readJson } from "./page.js";

export const modData = readJson("moderation-data");
export const modTexts = modData.texts || {};

/** POST a form-encoded body to a page action and get its JSON (throws on failure). */
async function postForm(url, fields) {
  const body = new URLSearchParams(fields);
  const response = await fetch(url, {
    method: "POST",
    headers: { "X-CSRFToken": modData.csrf, Accept: "application/json" },
    body,
    credentials: "same-origin",
  });
  const result = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(result.error || modTexts.failed);
  return result;
}

/** Hide, unhide or approve one input; resolves to ``{post, previous}``. */
export function moderate(postId, action, reason = "") {
  return postForm(`${modData.actions}${Number(postId)}/${action}`, { reason });
}

/** Turn approve-first on (``"on"``) or off (``"off"``); resolves to ``{approve_first}``. */
export function saveApproveFirst(value) {
  return postForm(modData.settings, { approve_first: value });
}

/**
 * A moderation action's form: ``data-action`` and one submit button (the page's submit
 * handler sends it with ``moderate``). ``fields`` (e.g. a reason's label and box) go first.
 */
export function actionForm(action, label, className, fields = []) {
  const form = document.createElement("form");
  form.dataset.action = action;
  form.append(...fields);
  const button = document.createElement("button");
  button.type = "submit";
  button.className = `button ${className}`;
  button.textContent = label;
  form.append(button);
  return form;
}
