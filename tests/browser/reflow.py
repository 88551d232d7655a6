"""Checks a person at 200 % zoom (320 CSS px, WCAG 1.4.10 reflow) would make by eye.

``assert_reflows``: no sideways scrolling, and every visible control is either in the
viewport or reachable by scrolling the page (never stuck above it, beside it, or below a
page that cannot scroll), and big enough to tap. ``contrast_of``: the contrast ratio of an
element's text against the first opaque background behind it, computed from the browser's
own styles (for states axe does not judge well, such as a pill on a coloured banner).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

MIN_TARGET_PX = 44  # WCAG 2.5.5's 44 × 44 CSS px, what the app promises on phones

_REFLOW_SCRIPT = (Path(__file__).parent / "reflow.js").read_text(encoding="utf-8")

_CONTRAST_SCRIPT = """(element) => {
  const channels = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const linear = [r, g, b].map((c) => {
      const v = c / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2];
  };
  const color = channels(getComputedStyle(element).color);
  let background = [255, 255, 255];
  for (let e = element; e; e = e.parentElement) {
    const value = channels(getComputedStyle(e).backgroundColor);
    if (value.length >= 3 && (value.length === 3 || value[3] >= 0.99)) {
      background = value.slice(0, 3);
      break;
    }
  }
  const [light, dark] = [luminance(color), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}"""


def reflow_problems(page: Page) -> list[str]:
    """What breaks reflow on the page as it is now (empty when nothing does)."""
    found: dict[str, Any] = page.evaluate(_REFLOW_SCRIPT, MIN_TARGET_PX)
    problems: list[str] = list(found["problems"])
    if found["scrollWidth"] > found["clientWidth"]:
        problems.insert(0, f"scrolls sideways: {found['scrollWidth']} > {found['clientWidth']} px")
    return problems


def assert_reflows(page: Page, where: str) -> None:
    """Fail with the list of what a person at this width could not see, reach or tap."""
    problems = reflow_problems(page)
    assert not problems, f"{where}: reflow problems\n  " + "\n  ".join(problems)


def contrast_of(element: Locator) -> float:
    """The contrast ratio (1–21) of ``element``'s text on the opaque background behind it."""
    ratio: float = element.evaluate(_CONTRAST_SCRIPT)
    return ratio
