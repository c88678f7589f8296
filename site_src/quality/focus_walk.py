"""Tab through a whole page as a keyboard user does and report every stop they could not follow.

A stop fails when the focused element has no size, is not in the viewport once the browser has
scrolled to it, is covered by another element at its centre, looks the same focused and
unfocused, or comes before the previous stop in the reading order: within one part of the page
(header, navigation, content, table of contents, footer) from top to bottom and, on a line,
from left to right; the parts in the order a reader meets them on screen.
"""

from __future__ import annotations

from typing import Any

from site_src.quality.keyboard import LOOK, UNFOCUSED_LOOK, start_at_top

# A page with more stops than this is cut off and reported: nobody tabs further.
MAX_STOPS = 300
# Rounding of layout positions, in CSS pixels.
SLACK = 2

# The parts of the page, as the theme lays them out; the service's pages use plain landmarks.
_REGIONS = [
    ".md-header",
    ".md-sidebar--primary",
    ".md-content",
    ".md-sidebar--secondary",
    ".md-footer",
    "body > header",
    "body > main",
    "body > footer",
]

_STOP = f"""([regions, slack]) => {{
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  window.__skSeen = window.__skSeen || [];
  const repeated = window.__skSeen.includes(el);
  window.__skSeen.push(el);
  const describe = node => node.tagName.toLowerCase() + (node.id ? "#" + node.id : "") +
    (typeof node.className === "string" && node.className.trim()
      ? "." + node.className.trim().split(/\\s+/)[0] : "");
  const text = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim();
  const name = describe(el) + (el.getAttribute("href") ? " " + el.getAttribute("href") : "") +
    " " + JSON.stringify(text.replace(/\\s+/g, " ").slice(0, 30));
  const box = el.getBoundingClientRect();
  const problems = [];
  if (box.width < 1 || box.height < 1) {{
    problems.push(`has no size (${{box.width}}x${{box.height}})`);
  }}
  // A link that wraps has a box per line: the stop is seen when one of them is.
  const parts = [...el.getClientRects()].map(r => ({{
    left: Math.max(r.left, 0), right: Math.min(r.right, innerWidth),
    top: Math.max(r.top, 0), bottom: Math.min(r.bottom, innerHeight),
  }})).filter(r => r.right - r.left >= 1 && r.bottom - r.top >= 1);
  if (problems.length === 0 && parts.length === 0) {{
    problems.push("is outside the viewport");
  }} else if (problems.length === 0) {{
    const hits = parts.map(r =>
      document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2));
    const own = hit =>
      hit && (el.contains(hit) || [...(el.labels || [])].some(l => l.contains(hit)));
    if (!hits.some(own)) {{
      problems.push(`is covered by <${{hits[0] ? describe(hits[0]) : "nothing"}}>`);
    }}
  }}
  // Visibility is inherited (a visible child of a hidden parent shows); opacity is not.
  let transparent = getComputedStyle(el).visibility !== "visible";
  for (let node = el; node && !transparent; node = node.parentElement) {{
    transparent = getComputedStyle(node).opacity === "0";
  }}
  if (transparent) problems.push("is transparent or hidden");
  const region = regions.findIndex(selector => el.closest(selector));
  const regionBox = region >= 0 ? el.closest(regions[region]).getBoundingClientRect() : box;
  const previous = window.__skPrevious;
  let order = "";
  if (previous && previous.isConnected && previous !== el &&
      !(previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) {{
    order = "comes before the previous stop in the document";
  }}
  window.__skPrevious = el;
  // Where a wrapped link starts: its first line.
  const line = el.getClientRects()[0] || box;
  return {{
    name, repeated, problems, order, look: ({LOOK})(el),
    region,
    regionTop: Math.round(regionBox.top + scrollY),
    regionLeft: Math.round(regionBox.left + scrollX),
    top: line.top + scrollY,
    bottom: line.bottom + scrollY,
    left: line.left + scrollX,
  }};
}}"""


def tab_walk(page: Any, where: str, within: str | None = None) -> list[str]:
    """Tab from the top of the page until focus leaves it; return what a keyboard user misses.

    With `within` (a selector), start from the current focus and follow it while it stays in
    that part of the page, e.g. an opened navigation drawer.
    """
    if within is None:
        start_at_top(page)
    page.evaluate("() => { window.__skSeen = []; window.__skPrevious = null; }")
    problems: list[str] = []
    stops: list[dict] = []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        stop = page.evaluate(_STOP, [_REGIONS, SLACK])
        if stop is None or stop["repeated"]:
            break
        if within and not page.evaluate("s => !!document.activeElement.closest(s)", within):
            break
        number = len(stops) + 1
        for problem in stop["problems"]:
            problems.append(f"{where}: Tab stop {number} <{stop['name']}> {problem}")
        if stop["look"] == page.evaluate(UNFOCUSED_LOOK):
            problems.append(f"{where}: Tab stop {number} <{stop['name']}> shows no focus indicator")
        if stop["order"]:
            problems.append(f"{where}: Tab stop {number} <{stop['name']}> {stop['order']}")
        elif stops:
            problems += _reading_order(stops[-1], stop, number, where)
        stops.append(stop)
        _wait_for_scrolling(page)
    else:
        problems.append(f"{where}: more than {MAX_STOPS} Tab stops")
    if not stops:
        problems.append(f"{where}: the Tab key reaches no element")
    return problems


def _reading_order(previous: dict, stop: dict, number: int, where: str) -> list[str]:
    """Compare a stop with the one before: same part top-down and left-right, parts in order."""
    what = f"{where}: Tab stop {number} <{stop['name']}>"
    if stop["region"] != previous["region"]:
        here = (stop["regionTop"], stop["regionLeft"])
        before = (previous["regionTop"], previous["regionLeft"])
        same_row = abs(here[0] - before[0]) <= SLACK
        backwards = here[1] < before[1] - SLACK if same_row else here[0] < before[0] - SLACK
        if backwards and stop["region"] >= 0 and previous["region"] >= 0:
            return [f"{what} jumps back to a part of the page before <{previous['name']}>"]
        return []
    if stop["bottom"] <= previous["top"] + SLACK:
        return [f"{what} is above the previous stop <{previous['name']}>"]
    same_line = (
        stop["top"] < previous["bottom"] - SLACK and previous["top"] < stop["bottom"] - SLACK
    )
    if (
        same_line
        and stop["left"] < previous["left"] - SLACK
        and stop["top"] < previous["top"] + SLACK
    ):
        return [f"{what} is left of the previous stop <{previous['name']}> on its line"]
    return []


# The theme locks the page's scrolling while the search or the drawer is open, and releases it
# about 100 ms after either closes (a Tab out of the search closes it). A person's next Tab
# comes later than that; the walk waits the same, or it would report the theme's closing
# animation as lost focus.
_SCROLLING_RELEASED = """() => !document.body.hasAttribute("data-md-scrolllock")
  || ["__search", "__drawer"].some(id => document.getElementById(id)?.checked)"""


def _wait_for_scrolling(page: Any) -> None:
    page.wait_for_function(_SCROLLING_RELEASED, timeout=2_000)
