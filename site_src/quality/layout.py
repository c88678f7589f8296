"""Layout facts a visitor sees, read from a rendered page: overflow, the fold, grids, shifts.

Each function returns a list of problems in words (empty: fine), so tests can show all of them.
"""

from __future__ import annotations

import itertools
from typing import Any

# The smallest common phone screen (CSS pixels) a front page's hero must fit on.
PHONE = {"width": 360, "height": 640}
# Measured once every finite CSS transition and animation has ended: a page resized while the
# search overlay grows is wide for a few frames only, which no visitor scrolls to.
OVERFLOW = """async () => {
  const finite = document.getAnimations().filter(
    (animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
  await Promise.race([Promise.allSettled(finite.map((animation) => animation.finished)),
                      new Promise((resolve) => setTimeout(resolve, 2000))]);
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const root = document.documentElement;
  const wide = [...document.querySelectorAll("body *")].filter((element) => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.right > root.clientWidth + 1 && !element.closest("[hidden]");
  });
  return {scroll: root.scrollWidth, client: root.clientWidth,
          culprits: wide.slice(0, 5).map((e) => e.tagName.toLowerCase() + "." + e.className)};
}"""
BOX = """(selector) => [...document.querySelectorAll(selector)].map((element) => {
  const box = element.getBoundingClientRect();
  return {top: Math.round(box.top + scrollY), bottom: Math.round(box.bottom + scrollY),
          left: Math.round(box.left), width: Math.round(box.width)};
})"""
# Sum of layout shifts without recent input (the CLS of the whole visit so far).
SHIFTS = """() => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


def horizontal_overflow(page: Any, where: str) -> list[str]:
    """Content wider than the window makes a visitor scroll sideways to read it."""
    found = page.evaluate(OVERFLOW)
    if found["scroll"] <= found["client"]:
        return []
    culprits = ", ".join(found["culprits"]) or "?"
    return [f"{where}: {found['scroll']}px wide in a {found['client']}px window ({culprits})"]


def boxes(page: Any, selector: str) -> list[dict]:
    """Where each element matching `selector` stands on the page (top relative to the page)."""
    return page.evaluate(BOX, selector)


def above_the_fold(page: Any, selector: str, where: str) -> list[str]:
    """The element ends within the first screen, without scrolling."""
    found = boxes(page, selector)
    if not found:
        return [f"{where}: no {selector} on the page"]
    height = page.viewport_size["height"]
    bottom = found[0]["bottom"]
    return [] if bottom <= height else [f"{where}: {selector} ends at {bottom}px > {height}px"]


def in_a_grid(page: Any, selector: str, where: str) -> list[str]:
    """Several items side by side in the first row."""
    found = boxes(page, selector)
    if len(found) < 2:
        return [f"{where}: fewer than two {selector} to lay out"]
    first_row = [box for box in found if box["top"] == found[0]["top"]]
    if len(first_row) < 2:
        return [f"{where}: {selector} stand one below the other, not side by side"]
    return []


def in_one_column(page: Any, selector: str, where: str) -> list[str]:
    """Items one below the other, each as wide as the first."""
    found = boxes(page, selector)
    if len(found) < 2:
        return [f"{where}: fewer than two {selector} to lay out"]
    problems = []
    for above, below in itertools.pairwise(found):
        if below["top"] < above["bottom"] or below["left"] != found[0]["left"]:
            problems.append(f"{where}: {selector} not in one column ({above} then {below})")
    return problems


def layout_shift(page: Any) -> float:
    """The cumulative layout shift of the visit so far, after scrolling it all into view."""
    height = page.evaluate("document.documentElement.scrollHeight")
    step = page.viewport_size["height"]
    for top in range(0, height + step, step):
        page.evaluate(f"window.scrollTo(0, {top})")
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    return page.evaluate(SHIFTS)
