(minTarget) => {
  const doc = document.documentElement;
  const locked = [document.body, doc].some((element) => {
    const style = getComputedStyle(element);
    return ["hidden", "clip"].includes(style.overflowY) || ["hidden", "clip"].includes(style.overflow);
  });
  const problems = [];
  const controls = document.querySelectorAll("button, summary, a.button, textarea, select, input:not([type=hidden])");
  for (const control of controls) {
    const box = control.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue; // not rendered, or visually hidden
    if (control.closest(".skip-link, [hidden]")) continue;
    const folded = control.closest("details:not([open])");
    if (folded && control !== folded.querySelector(":scope > summary")) continue; // folded away
    const place = `[${Math.round(box.left)},${Math.round(box.top + window.scrollY)} ${Math.round(box.width)}×${Math.round(box.height)}]`;
    const name = `${place} ${control.outerHTML.slice(0, 90)}`;
    const fixed = (() => {
      for (let e = control; e; e = e.parentElement) if (getComputedStyle(e).position === "fixed") return true;
      return false;
    })();
    const top = box.top + window.scrollY;
    if (box.left < -1 || box.right > doc.clientWidth + 1) problems.push(`beside the viewport: ${name}`);
    else if (fixed || locked) {
      if (box.top < 0 || box.bottom > window.innerHeight) problems.push(`out of view, no scrolling: ${name}`);
    } else if (top < 0 || top + box.height > doc.scrollHeight + 1) problems.push(`out of the page: ${name}`);
    const tappable = control.matches("button, summary, a.button");
    if (tappable && box.height < minTarget - 0.5) problems.push(`${Math.round(box.height)} px high: ${name}`);
  }
  return { scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth, problems };
}
