// The harvest by question (templates/_harvest_questions.html): likes re-order a question's
// inputs, and a synthesis saved in the harvest joins the question it is about.
import { EVENTS } from "../core/events.js";
import { format } from "../core/page.js";

function showLikes(root, data) {
  const item = root.querySelector(`[data-harvest-inputs] [data-post-id="${data.post_id}"]`);
  if (!item) return;
  item.dataset.likes = String(data.likes);
  item.querySelector("[data-like-count]").textContent = format(root.dataset.textLikes, { count: data.likes });
  const list = item.parentElement;
  const items = Array.from(list.children);
  // Most liked first; equal ones keep their order (the oldest first, as the server sent them).
  items.sort((a, b) => Number(b.dataset.likes) - Number(a.dataset.likes));
  list.replaceChildren(...items);
}

function showSynthesis(root, synthesis) {
  const question = root.querySelector(`[data-harvest-question="${synthesis.question}"]`);
  if (!question) return;
  const list = question.querySelector("[data-harvest-syntheses]");
  const key = `${synthesis.table}-${synthesis.round}`;
  let item = list.querySelector(`[data-synthesis-key="${key}"]`);
  if (!item) {
    item = document.createElement("li");
    item.className = "synthesis";
    item.dataset.synthesisKey = key;
    const meta = document.createElement("p");
    meta.className = "post-meta";
    meta.textContent = format(root.dataset.textFrom, { table: synthesis.table, round: synthesis.round });
    const text = document.createElement("p");
    text.className = "synthesis-text";
    item.append(meta, text);
    list.append(item);
  }
  item.querySelector(".synthesis-text").textContent = synthesis.text;
  question.querySelector("[data-harvest-no-syntheses]").hidden = true;
}

/** Keep the by-question harvest under ``root`` (``[data-harvest-questions]``) current. */
export function mount(root, { socket }) {
  if (!root) return;
  socket.on(EVENTS.LIKES, (data) => showLikes(root, data));
  socket.on(EVENTS.SYNTHESIS, (synthesis) => showSynthesis(root, synthesis));
}
