// The round's countdown on every screen: the same moment everywhere (the server's clock),
// paused and extended live, with "2 minutes left" / "time is up" said once per round.
// Classes for the looks: is-ending (2 minutes or less), is-paused, is-over.
import { EVENTS } from "../core/events.js";
import { format, texts } from "../core/page.js";

// The server's clock minus this device's, so every screen counts down to the same moment
// even when a phone's clock is wrong (set from ``server_time`` in ``state`` and ``timer``).
let clockOffsetMs = 0;

/** Correct this device's clock by the server's (an ISO time, e.g. ``state.server_time``). */
function syncClock(serverTime) {
  const parsed = serverTime ? Date.parse(serverTime) : NaN;
  if (!Number.isNaN(parsed)) clockOffsetMs = parsed - Date.now();
}

/** "Now" on the server's clock, in milliseconds. */
function serverNow() {
  return Date.now() + clockOffsetMs;
}

function minutesAndSeconds(left) {
  return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
}

const TWO_MINUTES = 120;

/**
 * Keep a countdown element showing the time left in the round.
 *
 * ``getTimer`` returns the end time (an ISO string), or a timer object
 * ``{round, round_ends_at, paused_remaining}`` (the ``timer`` event), or null when no
 * round is timed. A paused timer shows "Paused" and the seconds kept. With a ``signal``
 * element (aria-live polite), crossing "2 minutes left" and "time is up" is announced
 * there once per round, with a short vibration where the phone offers one; no sound.
 */
function startTimer(element, getTimer, { signal = null } = {}) {
  if (!element) return undefined;
  let previous = null;
  let previousRound = null;
  const announce = (text) => {
    if (!signal) return;
    signal.textContent = text;
    signal.hidden = false;
    if (typeof navigator.vibrate === "function") navigator.vibrate(200);
  };
  const tick = () => {
    const raw = getTimer();
    const timer = typeof raw === "string" ? { round_ends_at: raw } : raw;
    const paused = Boolean(timer) && timer.paused_remaining !== null && timer.paused_remaining !== undefined;
    if (!timer || (!timer.round_ends_at && !paused)) {
      element.hidden = true;
      previous = null;
      return;
    }
    if (timer.round !== previousRound) {
      previous = null;
      previousRound = timer.round;
      if (signal) signal.hidden = true;
    }
    element.hidden = false;
    element.classList.toggle("is-paused", paused);
    const left = paused
      ? timer.paused_remaining
      : Math.max(0, Math.ceil((Date.parse(timer.round_ends_at) - serverNow()) / 1000));
    element.classList.toggle("is-over", left <= 0);
    element.classList.toggle("is-ending", !paused && left > 0 && left <= TWO_MINUTES);
    if (paused) {
      element.textContent = `${texts.paused} · ${minutesAndSeconds(left)}`;
    } else if (left <= 0) {
      element.textContent = texts.timeUp;
    } else {
      element.textContent = format(texts.timeLeft, { time: minutesAndSeconds(left) });
    }
    // Given more time (an extension) the "2 minutes left" note no longer holds.
    if (signal && !paused && left > TWO_MINUTES) signal.hidden = true;
    if (!paused && previous !== null) {
      if (previous > TWO_MINUTES && left <= TWO_MINUTES && left > 0) announce(texts.twoMinutesLeft);
      if (previous > 0 && left <= 0) announce(texts.timeUpSignal);
    }
    previous = left;
  };
  tick();
  return window.setInterval(tick, 1000);
}

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
 * Keep ``element`` (the root) counting down to the round's end (server time, so every
 * screen agrees) and announce "2 minutes left" / "time is up" in ``signal``. Returns a
 * getter for the current timer, so a page can read whether it is paused.
 */
export function mount(element, { socket, page, signal = null, onChange = null }) {
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
