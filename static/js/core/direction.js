// Text people typed runs its own way: an Arabic input right to left, a Norwegian one left
// to right, a nickname or number beside it not garbled. The server marks what it renders
// (templates/_macros.html: user_text, text_dir); this marks what scripts add later, in one
// place for every list, with dir="auto" (the browser decides by the first strong letter).

/** Classes of elements that hold only user text (inputs, names, questions, themes). */
export const USER_TEXT = [
  ".post-text",
  ".post-author",
  ".results-text",
  ".synthesis-text",
  ".theme-name",
  ".projector-theme-name",
  ".projector-card-text",
  ".projector-question",
  ".projector-syntheses-question",
  ".projector-broadcast",
  ".table-topic",
  ".move-topic",
  ".cafe-title",
].join(", ");

function mark(element) {
  if (!element.hasAttribute("dir")) element.dir = "auto";
}

/** Mark every user text under ``root`` (and ``root`` itself) with dir="auto". */
export function markUserText(root) {
  if (root.matches?.(USER_TEXT)) mark(root);
  for (const element of root.querySelectorAll?.(USER_TEXT) ?? []) mark(element);
}

/** Mark what is there now and whatever scripts add under ``root`` later. */
export function watchUserText(root = document.body) {
  markUserText(root);
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (node.nodeType === Node.ELEMENT_NODE) markUserText(node);
      }
    }
  }).observe(root, { childList: true, subtree: true });
}
