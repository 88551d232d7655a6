// The harvest by question (templates/_harvest_questions.html): likes re-order a question's
// inputs (in the harvest a `likes` event carries the question's new top five, so an input
// from below the fifth moves in), and a synthesis saved in the harvest joins its question.
import { EVENTS } from "../core/events.js";
import { format } from "../core/page.js";

/** Likes as a heart and a count after the table and round; nothing while there are none. */
function likesText(count) {
  return count > 0 ? ` · ♥ ${count}` : "";
}

function inputItem(root, post) {
  const item = document.createElement("li");
  item.className = "harvest-input";
  item.dataset.postId = String(post.id);
  const text = document.createElement("span");
  text.className = "post-text";
  text.textContent = post.text;
  const meta = document.createElement("span");
  meta.className = "post-meta";
  const count = document.createElement("span");
  count.dataset.likeCount = "";
  meta.append(format(root.dataset.textFrom, { table: post.table, round: post.round }), count);
  item.append(text, " ", meta);
  return item;
}

/** The question's new top list (``question_top`` {question, posts}): reuse what is shown, add the rest. */
function showTop(root, top) {
  const list = root.querySelector(`[data-harvest-question="${top.question}"] [data-harvest-inputs]`);
  if (!list) return;
  const items = top.posts.map((post) => {
    const item = list.querySelector(`[data-post-id="${post.id}"]`) || inputItem(root, post);
    item.dataset.likes = String(post.likes);
    item.querySelector("[data-like-count]").textContent = likesText(post.likes);
    return item;
  });
  list.replaceChildren(...items);
}

function showLikes(root, data) {
  if (data.question_top && Array.isArray(data.question_top.posts)) {
    showTop(root, data.question_top);
    return;
  }
  const item = root.querySelector(`[data-harvest-inputs] [data-post-id="${data.post_id}"]`);
  if (!item) return;
  item.dataset.likes = String(data.likes);
  item.querySelector("[data-like-count]").textContent = likesText(data.likes);
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
