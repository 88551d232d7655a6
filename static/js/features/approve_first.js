// The approve-first switch (templates/facilitator/_approve_first.html): a plain form
// without JavaScript; here it works without a reload and follows changes made elsewhere.
import { EVENTS } from "../core/events.js";
import { modTexts, saveApproveFirst } from "../core/moderation_api.js";

/** Show whether approve-first is on, on every switch under ``root``. */
function showApproveFirst(root, on) {
  for (const form of root.querySelectorAll("[data-approve-first-form]")) {
    form.querySelector("[data-approve-first-value]").value = on ? "off" : "on";
    form.querySelector("[data-approve-first-state]").textContent = on ? modTexts.approveOn : modTexts.approveOff;
    form.querySelector("[data-approve-first-button]").textContent = on ? modTexts.turnOff : modTexts.turnOn;
  }
}

/** Make the switches under ``root`` work by fetch and follow `settings`; ``onError`` shows a message. */
export function mount(root, { socket, onError }) {
  socket.on(EVENTS.SETTINGS, (settings) => {
    if ("approve_first" in settings) showApproveFirst(root, settings.approve_first);
  });
  for (const form of root.querySelectorAll("[data-approve-first-form]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const value = form.querySelector("[data-approve-first-value]").value;
      try {
        const result = await saveApproveFirst(value);
        showApproveFirst(root, result.approve_first);
      } catch (error) {
        onError(error.message);
      }
    });
  }
}
