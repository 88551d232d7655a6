// The facilitator's projector panel (templates/facilitator/_projector_controls.html): each
// button chooses a view; by fetch (the CSRF token from the form, JSON back) so the page stays,
// and the pressed button follows the answer (and the `projector` event, see ``follow``).
// Without JavaScript the form posts as it is.
import { EVENTS } from "../core/events.js";
import { readJson } from "../core/page.js";

/** Mark ``view`` as the chosen one among the panel's buttons. */
function press(form, view) {
  for (const button of form.querySelectorAll("button[name=view]")) {
    button.setAttribute("aria-pressed", button.value === view ? "true" : "false");
  }
}

export function mount(root) {
  const form = root.querySelector("[data-projector-form]");
  if (!form) return;
  const texts = readJson("projector-controls-data");
  const message = form.querySelector("[data-projector-message]");
  form.addEventListener("submit", async (event) => {
    if (!event.submitter || event.submitter.name !== "view") return;
    event.preventDefault();
    const body = new URLSearchParams(new FormData(form));
    body.set("view", event.submitter.value);
    try {
      const response = await fetch(form.action, {
        method: "POST",
        headers: { "X-CSRFToken": body.get("csrf_token"), Accept: "application/json" },
        body,
        credentials: "same-origin",
      });
      const result = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(result.error || texts.failed);
      press(form, result.view);
      message.textContent = "";
    } catch (error) {
      message.textContent = error.message || texts.failed;
    }
  });
}

mount(document);

/**
 * Keep the pressed button on the view the projector shows when it is chosen elsewhere (the
 * projector's own keys, another tab): the session page passes its socket. Importing this
 * module from the page's script shares the one instance, so the panel is mounted once.
 */
export function follow(socket, root = document) {
  const form = root.querySelector("[data-projector-form]");
  if (form) socket.on(EVENTS.PROJECTOR, (data) => press(form, data.view));
}
