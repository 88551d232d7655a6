// The facilitator's view of who is connected: each table card's headcount, live.
import { EVENTS } from "../core/events.js";

/** "N connected" on each table card (``[data-table]`` under ``root``), live. */
export function mount(root, { socket }) {
  socket.on(EVENTS.PRESENCE, (info) => {
    for (const entry of info.tables) {
      const card = root.querySelector(`[data-table="${entry.table}"]`);
      const target = card && card.querySelector("[data-connected]");
      if (target) target.textContent = String(entry.connected);
    }
  });
}
