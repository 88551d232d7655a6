// templates/admin/link.html: a "Copy the link" button for the reset or invitation link.
// Without JavaScript (or a clipboard) the link stays selectable in its text box.

const button = document.querySelector("[data-copy]");
const box = button && document.getElementById(button.dataset.copy);
const status = document.querySelector("[data-copy-status]");

async function copy() {
  box.select();
  try {
    await navigator.clipboard.writeText(box.value);
  } catch {
    // Plain http on a local network has no clipboard API: the old way still works.
    if (!document.execCommand("copy")) return;
  }
  status.textContent = button.dataset.copied;
}

if (button && box && status) {
  button.hidden = false;
  button.addEventListener("click", copy);
  box.addEventListener("focus", () => box.select());
}
