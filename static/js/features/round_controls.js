// The facilitator's round, timer, harvest and broadcast controls without page reloads:
// each shows only in the phases it fits, and its form goes by fetch. The confirmations
// (``<details data-confirm>``) close with Escape, focus back on their button.
import { EVENTS } from "../core/events.js";
import { format, texts } from "../core/page.js";

/**
 * Show each control only in the phases (``data-phase="draft running"``) and timer states it
 * fits: pause while the clock runs (not once the time is up), resume while paused, more
 * minutes always in a round.
 */
function updateControls(root, status, paused, over) {
  for (const element of root.querySelectorAll("[data-phase]")) {
    element.hidden = !element.dataset.phase.split(" ").includes(status);
    if (element.hidden && element.open) element.open = false;
  }
  for (const element of root.querySelectorAll("[data-timer-control]")) {
    const kind = element.dataset.timerControl;
    const fits = kind === "extend" || (kind === "pause" ? !paused && !over : paused);
    element.hidden = status !== "running" || !fits;
  }
}

/**
 * A round started elsewhere (the API, another tab): the next step names the round after
 * it, and after the last one it is ending the rounds (moved into the bar from its panel).
 */
function followRound(root, info, cockpit) {
  const next = root.querySelector("[data-next-round]");
  if (!next || !cockpit || info.status !== "running") return;
  if (info.round >= info.rounds) {
    next.remove();
    const harvest = root.querySelector("[data-harvest-confirm]");
    const place = root.querySelector(".bar-next");
    if (!harvest || !place || place.contains(harvest)) return;
    const summary = harvest.querySelector("summary");
    summary.classList.add("button-primary");
    summary.textContent = `${cockpit.endRounds}…`;
    place.prepend(harvest);
    return;
  }
  const round = info.round + 1;
  next.querySelector("summary").textContent = `${format(cockpit.startRound, { round })}…`;
  next.querySelector("[data-next-note]").textContent = cockpit.nextRoundNote;
  next.querySelector("button[type=submit]").textContent = format(cockpit.yesStartRound, { round });
}

/**
 * Forms marked ``data-async`` under ``root`` are sent with ``fetch`` (their CSRF token
 * travels in the form data), so the page stays put; the socket events then update it.
 * Without JavaScript the same forms post and redirect. ``getTimer`` (the timer feature's
 * getter) says whether the round is paused. Returns a function that redraws the controls.
 */
export function mount(root, { socket, page, getTimer, cockpit = null }) {
  const feedback = root.querySelector("[data-control-feedback]");
  let status = page.round_info ? page.round_info.status : page.session.status;
  const clock = root.querySelector("[data-timer]");
  const refresh = () => {
    const timer = getTimer();
    const paused = Boolean(timer) && timer.paused_remaining !== null && timer.paused_remaining !== undefined;
    const over = Boolean(clock) && clock.classList.contains("is-over") && !paused;
    updateControls(root, status, paused, over);
  };
  // The clock runs out between events: timer.js marks it ``is-over`` (and unmarks it after
  // an extension), and the buttons follow.
  if (clock) new MutationObserver(refresh).observe(clock, { attributes: true, attributeFilter: ["class"] });
  socket.on(EVENTS.STATE, (state) => {
    status = state.round_info.status;
    refresh();
  });
  socket.on(EVENTS.ROUND, (info) => {
    status = info.status;
    followRound(root, info, cockpit);
    refresh();
  });
  socket.on(EVENTS.TIMER, refresh);
  for (const form of root.querySelectorAll("form[data-async]")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(form);
      if (event.submitter && event.submitter.name) data.set(event.submitter.name, event.submitter.value);
      if (feedback) feedback.textContent = "";
      try {
        const response = await fetch(form.action, {
          method: "POST",
          body: data,
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        });
        if (!response.ok) {
          const body = await response.json().catch(() => ({}));
          if (feedback) feedback.textContent = body.error || texts.actionFailed;
          return;
        }
        if (form.dataset.async === "reset") form.reset();
        const confirm = form.closest("details[data-confirm]");
        if (confirm) confirm.open = false;
      } catch {
        if (feedback) feedback.textContent = texts.actionFailed;
      }
    });
  }
  root.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const confirm = event.target.closest && event.target.closest("details[data-confirm][open]");
    if (!confirm) return;
    confirm.open = false;
    confirm.querySelector("summary").focus();
  });
  refresh();
  return refresh;
}
