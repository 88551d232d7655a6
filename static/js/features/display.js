// The phone's "Aa" switch: larger type and stronger contrast (static/css/display.css), kept
// on this device only. head/display.js applies the stored choice before the page draws;
// this module shows the switch (it does nothing without JavaScript) and flips it.

export const STORAGE_KEY = "dialogcafe:large-text"; // the same key as head/display.js
export const CLASS_NAME = "large-text";

function remember(on) {
  try {
    if (on) window.localStorage.setItem(STORAGE_KEY, "on");
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // No storage: the setting holds until the page is left, which is fine.
  }
}

/** Show the ``[data-display-toggle]`` button under ``root`` and make it switch large text. */
export function mount(root) {
  const button = root.querySelector("[data-display-toggle]");
  if (!button) return;
  const html = document.documentElement;
  const show = () => button.setAttribute("aria-pressed", String(html.classList.contains(CLASS_NAME)));
  button.addEventListener("click", () => {
    const on = !html.classList.contains(CLASS_NAME);
    html.classList.toggle(CLASS_NAME, on);
    remember(on);
    show();
  });
  show();
  button.hidden = false;
}
