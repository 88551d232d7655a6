// The facilitator's message to everyone, as a dismissible banner on a phone (the projector
// shows it its own way, pages/projector.js).
import { EVENTS } from "../core/events.js";

const DISMISSED_KEY = "dialogcafe:broadcast-dismissed";

function dismissedAt() {
  try {
    return window.localStorage.getItem(DISMISSED_KEY);
  } catch {
    return null;
  }
}

/** Show the facilitator's message in ``banner`` (role=alert); dismissing hides that message. */
export function mount(banner, { socket, page }) {
  if (!banner) return;
  const text = banner.querySelector("[data-broadcast-text]");
  let current = page.broadcast || { text: "", at: null };
  const render = () => {
    text.textContent = current.text || "";
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
  render();
}
