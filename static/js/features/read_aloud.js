// Read aloud on the phone, with the browser's own speech synthesis: nothing is sent anywhere.
//
// A ``[data-read-aloud="<selector>"]`` button reads the text of the elements the selector
// names (the question on the table page, the café's title and intro on the join page), in
// their language: the ``lang`` of the closest element that has one, which is <html lang>
// unless the question is shown in a translation. A button shows only while the device has
// a voice for that language (voices load late: ``voiceschanged``). The ``[data-read-inputs]``
// switch adds a "Read aloud" button to every input in the lists (kept on this device).
// Pressing a button again, or another one, stops the reading.

const READ_INPUTS_KEY = "dialogcafe:read-inputs";
const READS_INPUTS_CLASS = "reads-inputs";
const NORWEGIAN = new Set(["nb", "nn", "no"]); // one language for a voice: "no-NO" reads nb

const normal = (tag) => (tag || "").replace(/_/g, "-").toLowerCase();
const primary = (tag) => normal(tag).split("-")[0];
const family = (tag) => (NORWEGIAN.has(primary(tag)) ? "no" : primary(tag));

/** The device's voice for ``lang``: same full tag, else same primary subtag, else nb/nn/no. */
export function voiceFor(voices, lang) {
  const tag = normal(lang);
  if (!tag) return null;
  return (
    voices.find((voice) => normal(voice.lang) === tag) ||
    voices.find((voice) => primary(voice.lang) === primary(tag)) ||
    voices.find((voice) => family(voice.lang) === family(tag)) ||
    null
  );
}

/** The language an element's text is shown in: its own or nearest ``lang``, else the page's. */
export function langOf(element) {
  const holder = element.closest("[lang]");
  return (holder && holder.getAttribute("lang")) || document.documentElement.lang || "";
}

/** One text after another, with a pause between them (a full stop unless one is there). */
function joined(elements) {
  return elements
    .map((element) => element.textContent.trim())
    .filter(Boolean)
    .map((text, index, all) => (index < all.length - 1 && !/[.!?:…]$/.test(text) ? `${text}.` : text))
    .join(" ");
}

function remembered() {
  try {
    return window.localStorage.getItem(READ_INPUTS_KEY) === "on";
  } catch {
    return false;
  }
}

function remember(on) {
  try {
    if (on) window.localStorage.setItem(READ_INPUTS_KEY, "on");
    else window.localStorage.removeItem(READ_INPUTS_KEY);
  } catch {
    // No storage: the switch holds until the page is left.
  }
}

/**
 * Mount read aloud under ``root`` (``document`` on the table and join pages). Needs no
 * context: it uses no socket, and new inputs are noticed as they enter the page's lists.
 */
export function mount(root) {
  const synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return; // buttons stay hidden
  const inputsSwitch = root.querySelector("[data-read-inputs]");
  let reading = null; // { button, utterance } while a text is read
  let voices = [];

  const label = (button, speaking) => {
    button.querySelector("[data-read-label]").textContent = speaking
      ? button.dataset.labelStop
      : button.dataset.labelRead;
    button.classList.toggle("is-reading", speaking);
  };

  const stop = () => {
    if (!reading) return;
    const { button } = reading;
    reading = null;
    synth.cancel();
    label(button, false);
  };

  // What a button reads: its selector's elements, or (for an input's button) the input's text.
  const sourcesOf = (button) => {
    if (button.dataset.readAloud) return Array.from(root.querySelectorAll(button.dataset.readAloud));
    const text = button.closest(".post")?.querySelector(".post-text");
    return text ? [text] : [];
  };

  const read = (button) => {
    const sources = sourcesOf(button);
    const text = joined(sources);
    if (!text) return;
    const lang = langOf(sources[0]);
    const voice = voiceFor(voices, lang);
    if (!voice) return;
    stop(); // one text at a time: the engine would queue a second one after the first
    const utterance = new window.SpeechSynthesisUtterance(text);
    utterance.lang = lang;
    utterance.voice = voice;
    const entry = { button, utterance };
    const finished = () => {
      if (reading !== entry) return;
      reading = null;
      label(button, false);
    };
    utterance.addEventListener("end", finished);
    utterance.addEventListener("error", finished);
    reading = entry;
    label(button, true);
    synth.speak(utterance);
  };

  // Show a button only while the device has a voice for what it would read.
  const refresh = (button) => {
    const sources = sourcesOf(button);
    button.hidden = sources.length === 0 || !voiceFor(voices, langOf(sources[0]));
    if (button.hidden && reading?.button === button) stop();
  };

  const inputButton = () => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "read-button read-post";
    button.dataset.labelRead = inputsSwitch.dataset.labelRead;
    button.dataset.labelStop = inputsSwitch.dataset.labelStop;
    const icon = document.createElement("span");
    icon.className = "read-icon";
    icon.setAttribute("aria-hidden", "true");
    const text = document.createElement("span");
    text.dataset.readLabel = "";
    button.append(icon, text);
    label(button, false);
    return button;
  };

  // Every input in the lists gets its button (hidden by CSS until the switch is on).
  const addInputButtons = () => {
    if (!inputsSwitch) return;
    for (const post of root.querySelectorAll(".post-list > .post")) {
      if (post.querySelector(":scope > .read-post")) continue;
      const button = inputButton();
      post.append(button);
      refresh(button);
    }
  };

  const refreshAll = () => {
    voices = synth.getVoices() || [];
    for (const button of root.querySelectorAll("[data-read-aloud], .read-post")) refresh(button);
    if (inputsSwitch) inputsSwitch.hidden = !voiceFor(voices, langOf(inputsSwitch));
  };

  root.addEventListener("click", (event) => {
    const button = event.target.closest?.("[data-read-aloud], .read-post");
    if (!button) return;
    if (reading?.button === button) stop();
    else read(button);
  });

  if (inputsSwitch) {
    const html = document.documentElement;
    const setInputs = (on) => {
      html.classList.toggle(READS_INPUTS_CLASS, on);
      inputsSwitch.setAttribute("aria-pressed", String(on));
      if (!on && reading?.button.classList.contains("read-post")) stop();
    };
    inputsSwitch.addEventListener("click", () => {
      const on = !html.classList.contains(READS_INPUTS_CLASS);
      setInputs(on);
      remember(on);
    });
    setInputs(remembered());
    addInputButtons();
  }

  // New inputs get their buttons; a question shown in another language (its ``lang``
  // changed) may have a voice or not.
  const live = root.querySelector?.("[data-live-view]") || document.body;
  new MutationObserver(() => {
    addInputButtons();
    for (const button of root.querySelectorAll("[data-read-aloud]")) refresh(button);
  }).observe(live, { childList: true, subtree: true, attributes: true, attributeFilter: ["lang"] });

  synth.addEventListener?.("voiceschanged", refreshAll);
  window.addEventListener("pagehide", stop);
  refreshAll();
}
