// The phone's question language (templates/participant/_question.html): which translation
// of the question (and of the message to everyone) it shows, with the original under it.
// The same rules as dialogcafe/domain/translations.py: the phone's own choice, else the
// languages the server read from the request (page.question_choice.wanted); the exact tag,
// then the same main language, else the original. The choice is a cookie the server reads
// too, so a reload (or a phone without JavaScript) shows the same; the interface language
// stays as it is.

import { choose, languageDirection } from "../core/question_choice.js";

const COOKIE = "dialogcafe_qlang";

function storedChoice() {
  const found = document.cookie.split("; ").find((part) => part.startsWith(`${COOKIE}=`));
  return found ? decodeURIComponent(found.slice(COOKIE.length + 1)) : "";
}

function storeChoice(value) {
  const secure = window.location.protocol === "https:" ? "; secure" : "";
  document.cookie = value
    ? `${COOKIE}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=lax${secure}`
    : `${COOKIE}=; path=/; max-age=0; samesite=lax${secure}`;
}

/** Show ``text`` in ``element`` with the language and direction it is written in. */
function showIn(element, text, language, originalLanguage) {
  element.textContent = text;
  element.lang = language || originalLanguage;
  element.dir = language ? languageDirection(language) : "auto";
}

/**
 * Keep the question (``[data-topic]`` and its original) and the choice list live; returns
 * ``{ show(topic, translations), wanted() }`` for the page and the broadcast banner.
 */
export function mount(root, { page }) {
  const choice = page.question_choice || { wanted: [], offered: [], original_language: "" };
  const requested = choice.wanted.filter((tag) => tag !== choice.chosen);
  let current = { topic: page.topic || "", translations: (page.round_info || {}).topic_translations || {} };
  const listeners = [];
  const wanted = () => {
    const own = storedChoice();
    return own ? [own] : requested;
  };
  const render = () => {
    const question = root.querySelector("[data-topic]");
    if (question) {
      const shown = choose(current.topic, current.translations, wanted());
      showIn(question, shown.text, shown.language, choice.original_language);
      const original = root.querySelector("[data-topic-original]");
      original.hidden = !shown.language;
      original.querySelector("[data-topic-original-text]").textContent = shown.language ? current.topic : "";
    }
    for (const listener of listeners) listener();
  };
  for (const form of root.querySelectorAll("[data-question-language]")) {
    form.querySelector("[data-question-language-submit]").hidden = true;
    form.querySelector("[data-question-language-select]").addEventListener("change", (event) => {
      storeChoice(event.target.value);
      render();
    });
  }
  return {
    show(topic, translations) {
      current = { topic: topic || "", translations: translations || {} };
      render();
    },
    wanted,
    onChange(listener) {
      listeners.push(listener);
    },
    originalLanguage: choice.original_language,
  };
}
