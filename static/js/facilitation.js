// Running the café on every screen: the shared countdown, the facilitator's broadcast,
// who is connected, and the facilitator's timer / harvest buttons without page reloads.
import { EVENTS } from "./events.js";
import { startTimer, syncClock, texts } from "./live.js";

/** The timer as the server last told it; a new round always starts running. */
function timerFromRound(info) {
  if (!info) return null;
  return {
    round: info.round,
    status: info.status,
    round_ends_at: info.round_ends_at,
    paused_remaining: null,
    seq: info.seq,
  };
}

/**
 * Keep ``element`` counting down to the round's end (server time, so every screen agrees)
 * and announce "2 minutes left" / "time is up" in ``signal``. Returns a getter for the
 * current timer, so a page can read whether it is paused.
 */
export function trackTimer(socket, page, { element, signal = null, onChange = null }) {
  syncClock(page.server_time);
  let timer = page.timer || timerFromRound(page.round_info);
  const changed = () => {
    if (onChange) onChange(timer);
  };
  socket.on(EVENTS.STATE, (state) => {
    syncClock(state.server_time);
    timer = state.timer || timerFromRound(state.round_info);
    changed();
  });
  socket.on(EVENTS.TIMER, (info) => {
    syncClock(info.server_time);
    timer = info;
    changed();
  });
  socket.on(EVENTS.ROUND, (info) => {
    // A pause or extension made after this round change (its event overtook this one) stays.
    if (timer && typeof timer.seq === "number" && typeof info.seq === "number" && info.seq < timer.seq) return;
    timer = timerFromRound(info);
    changed();
  });
  startTimer(element, () => (timer && timer.status === "running" && timer.round >= 1 ? timer : null), { signal });
  changed();
  return () => timer;
}

const DISMISSED_KEY = "dialogcafe:broadcast-dismissed";

function dismissedAt() {
  try {
    return window.localStorage.getItem(DISMISSED_KEY);
  } catch {
    return null;
  }
}

/** Show the facilitator's message in ``banner`` (role=alert); dismissing hides that message. */
export function showBroadcasts(socket, page, banner) {
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

/** Facilitator view: "N connected" on each table card, live. */
export function showPresence(socket, cards) {
  socket.on(EVENTS.PRESENCE, (info) => {
    for (const entry of info.tables) {
      const card = cards.get(entry.table);
      const target = card && card.querySelector("[data-connected]");
      if (target) target.textContent = String(entry.connected);
    }
  });
}

/** Show each control only in the phases (``data-phase="draft running"``) and timer states it fits. */
function updateControls(status, paused) {
  for (const element of document.querySelectorAll("[data-phase]")) {
    element.hidden = !element.dataset.phase.split(" ").includes(status);
  }
  for (const element of document.querySelectorAll("[data-timer-control]")) {
    const kind = element.dataset.timerControl;
    const fits = kind === "extend" || (kind === "pause" ? !paused : paused);
    element.hidden = status !== "running" || !fits;
  }
}

/**
 * Facilitator view: forms marked ``data-async`` are sent with ``fetch`` (their CSRF token
 * travels in the form data), so the page stays put; the socket events then update it.
 * Without JavaScript the same forms post and redirect.
 */
export function enhanceControls(socket, page, getTimer) {
  const feedback = document.querySelector("[data-control-feedback]");
  let status = page.round_info ? page.round_info.status : page.session.status;
  const refresh = () => {
    const timer = getTimer();
    updateControls(status, Boolean(timer) && timer.paused_remaining !== null && timer.paused_remaining !== undefined);
  };
  socket.on(EVENTS.STATE, (state) => {
    status = state.round_info.status;
    refresh();
  });
  socket.on(EVENTS.ROUND, (info) => {
    status = info.status;
    refresh();
  });
  socket.on(EVENTS.TIMER, refresh);
  for (const form of document.querySelectorAll("form[data-async]")) {
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
      } catch {
        if (feedback) feedback.textContent = texts.actionFailed;
      }
    });
  }
  refresh();
  return refresh;
}
