// The phone's "Large text" setting, applied before the page is drawn (no flash of small
// text). A classic script loaded in <head> by templates/participant/_display_head.html:
// a module would run only after the page is parsed, and the CSP forbids inline scripts.
// features/display.js owns the switch; the storage key and class are the same there.
(function applyDisplay() {
  try {
    if (window.localStorage.getItem("dialogcafe:large-text") === "on") {
      document.documentElement.classList.add("large-text");
    }
  } catch (error) {
    // No storage (private mode, blocked): the page keeps its normal size.
  }
})();
