// The facilitator's message to everyone, as a dismissible banner on a phone (the projector
// shows it its own way, pages/projector.js).
import { EVENTS } from "../core/events.js";
import { choose, languageDirection } from "../core/question_choice.js";

const DISMISSED_KEY = "dialogcafe:broadcast-dismissed";

function dismissedAt() {
  try {
    return window.localStorage.getItem(DISMISSED_KEY);
  } catch {
    return null;
  }
}

/** Show the facilitator's message in ``banner`` (role=alert); dismissing hides that message. */
export function mount(banner, { socket, page, question }) {
  if (!banner) return;
  const text = banner.querySelector("[data-broadcast-text]");
  const original = banner.querySelector("[data-broadcast-original]");
  let current = page.broadcast || { text: "", at: null };
  const render = () => {
    // In the phone's question language when the message has it, the original under it.
    const shown = choose(current.text || "", current.translations || {}, question ? question.wanted() : []);
    text.textContent = shown.text;
    text.dir = shown.language ? languageDirection(shown.language) : "auto";
    if (shown.language) text.lang = shown.language;
    else text.removeAttribute("lang");
    if (original) {
      original.hidden = !shown.language;
      original.querySelector("[data-broadcast-original-text]").textContent = shown.language ? current.text : "";
    }
    banner.hidden = !current.text || (current.at !== null && current.at === dismissedAt());
  };
  banner.querySelector("[data-broadcast-dismiss]").addEventListener("click", () => {
    try {
      window.localStorage.setItem(DISMISSED_KEY, current.at || "");
    } catch {
      // Private mode: it is hidden until the next reload, which is fine.
    }
    banner.hidden = true;
  });
  socket.on(EVENTS.STATE, (state) => {
    if (state.broadcast) current = state.broadcast;
    render();
  });
  socket.on(EVENTS.BROADCAST, (info) => {
    current = info;
    render();
  });
  if (question) question.onChange(render);
  render();
}
