// The vote's results (templates/_results.html): redrawn from every `results` event (and the
// `results` of each `state`). The facilitator's panel always shows them; the projector and
// the phones only while the facilitator shows them (`show_results`). On the facilitator's
// page the switch (templates/facilitator/_results_panel.html) goes by fetch.
import { EVENTS } from "../core/events.js";
import { format, readJson, texts as pageTexts } from "../core/page.js";

const texts = readJson("results-texts");
const switchTexts = readJson("results-switch-texts");

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** "♥ 3" (nothing at 0 likes), with the words for a screen reader. */
function likesMark(count) {
  const mark = element("span", "results-likes");
  const heart = element("span", "", `♥ ${count}`);
  heart.setAttribute("aria-hidden", "true");
  mark.append(heart, element("span", "visually-hidden", format(texts.likes, { count })));
  return mark;
}

function resultItem(post, top) {
  const item = element("li", "results-item");
  item.dataset.postId = String(post.id);
  item.dataset.dots = String(post.dots);
  const meta = element("p", "results-meta");
  const bar = element("meter", "results-bar");
  bar.min = 0;
  bar.max = Math.max(top, 1);
  bar.value = post.dots;
  bar.setAttribute("aria-hidden", "true");
  const where = element("span", "", [format(texts.table, { number: post.table }), format(texts.round, { round: post.round })].join(" · "));
  if (post.likes) where.prepend(likesMark(post.likes), " · ");
  meta.append(element("span", "results-dots", format(texts.dots, { count: post.dots })), " ", bar, " ", where);
  item.append(element("p", "results-text", post.text), meta);
  return item;
}

function questionSection(question) {
  const section = element("section", "results-question");
  const heading = element("h3");
  heading.append(element("span", "results-number", format(texts.question, { number: question.number })), ` ${question.topic}`);
  section.append(heading);
  if (question.posts.length === 0) {
    // Only inputs with a dot are listed: none yet, or no inputs at all.
    section.append(element("p", "results-more", question.count > 0 ? texts.noDots : texts.none));
    return section;
  }
  const top = Math.max(...question.posts.map((post) => post.dots));
  const list = element("ol", "results-list");
  for (const post of question.posts) list.append(resultItem(post, top));
  section.append(list);
  if (question.count > question.posts.length) {
    section.append(element("p", "results-more", format(texts.more, { shown: question.posts.length, count: question.count })));
  }
  return section;
}

function draw(section, results) {
  section.querySelector("[data-results-totals]").textContent = format(texts.totals, {
    dots: results.dots_given,
    voters: results.voters,
  });
  section.querySelector("[data-results-questions]").replaceChildren(...results.questions.map(questionSection));
}

function showSwitch(root, on) {
  const form = root.querySelector("[data-results-switch]");
  if (!form) return;
  form.querySelector("[data-results-value]").value = on ? "off" : "on";
  form.querySelector("[data-results-button]").setAttribute("aria-checked", on ? "true" : "false");
  form.querySelector("[data-results-state]").textContent = on ? switchTexts.on : switchTexts.off;
}

function mountSwitch(root) {
  const form = root.querySelector("[data-results-switch]");
  if (!form) return;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.error || pageTexts.actionFailed);
      showSwitch(root, body.show_results);
    } catch (error) {
      form.querySelector("[data-results-state]").textContent = error.message || pageTexts.actionFailed;
    }
  });
}

/**
 * Keep the results under ``root`` current. ``alwaysShown``: the facilitator's panel, which
 * shows them whatever ``show_results`` says (and holds the switch). ``onChange(section)``
 * after every redraw or show/hide (the projector pages the questions).
 */
export function mount(root, { socket, alwaysShown = false, onChange = () => {} }) {
  const section = root.querySelector("[data-results]");
  if (!section) return;
  const apply = (results) => {
    if (results) draw(section, results);
    section.hidden = !alwaysShown && !(results && results.show_results);
    onChange(section);
  };
  socket.on(EVENTS.STATE, (state) => apply(state.results));
  socket.on(EVENTS.RESULTS, apply);
  socket.on(EVENTS.SETTINGS, (settings) => {
    if (!("show_results" in settings)) return;
    showSwitch(root, settings.show_results);
    if (!settings.show_results && !alwaysShown) section.hidden = true;
    onChange(section);
  });
  socket.on(EVENTS.HIDE, (data) => {
    // A hidden input leaves at once; the next `results` ranks without it.
    const item = section.querySelector(`[data-post-id="${Number(data.id)}"]`);
    if (item) item.remove();
  });
  mountSwitch(root);
}
