// A half-written input survives a reload, a closed tab or a page the server asked to
// reload (entering the harvest, other tables opened): it is kept in localStorage as it is
// typed and cleared once it has gone into the outbox.

export function keepDraft(textarea, key) {
  const store = (value) => {
    try {
      if (value) window.localStorage.setItem(key, value);
      else window.localStorage.removeItem(key);
    } catch {
      // Private mode or a full quota: typing still works, the draft just is not kept.
    }
  };
  try {
    const saved = window.localStorage.getItem(key);
    if (saved && !textarea.value) textarea.value = saved;
  } catch {
    // As above: nothing was kept.
  }
  textarea.addEventListener("input", () => store(textarea.value));
  return { clear: () => store("") };
}
