"""Walk a page with the Tab key: the skip link comes first, and focus is visible at every stop."""

from __future__ import annotations

from typing import Any

# How many Tab presses the walk follows from the top of a page.
TAB_STOPS = 20
# The focused element's look, and that of its labels and parent (custom checkboxes and radios
# show focus on their label).
LOOK = """el => [el, el.parentElement, ...(el.labels || [])].filter(Boolean).map(e => {
  const s = getComputedStyle(e);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
          s.color, s.textDecorationLine, s.borderColor, s.opacity, s.transform].join("|");
}).join(" / ")"""
_FOCUSED = f"""() => {{
  const el = document.activeElement;
  const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " " +
    (el.getAttribute("href") || el.getAttribute("name") || "") + " " +
    (el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 30);
  const box = el.getBoundingClientRect();
  const visible = box.width > 0 && box.bottom > 0 && box.right > 0 &&
    box.left < window.innerWidth && getComputedStyle(el).visibility !== "hidden";
  return {{name, look: ({LOOK})(el), visible, href: el.getAttribute("href") || ""}};
}}"""
UNFOCUSED_LOOK = f"""() => {{
  const el = document.activeElement;
  el.blur();
  const look = ({LOOK})(el);
  el.focus({{focusVisible: true}});
  return look;
}}"""
_SKIP_TARGET_IN_MAIN = """id => {
  const target = document.getElementById(id);
  return !!target && !!target.closest("main, [role=main]");
}"""


def settle(page: Any) -> None:
    """Switch off transitions, so checks see each state's final look, not a frame of a fade."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")


def start_at_top(page: Any) -> None:
    """Put the keyboard's starting point before everything, as on a fresh load."""
    page.evaluate(
        """() => {
          const start = document.createElement("span");
          start.tabIndex = -1;
          document.body.prepend(start);
          start.focus();
          window.scrollTo(0, 0);
        }"""
    )


def walk(page: Any, where: str) -> tuple[list[str], list[str]]:
    """Tab through the page; return (skip link problems, focus visibility problems)."""
    start_at_top(page)
    skip_problems: list[str] = []
    focus_problems: list[str] = []
    seen: set[str] = set()
    for stop in range(TAB_STOPS):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUSED)
        if focused["name"] in seen or focused["name"].startswith("body"):
            break
        seen.add(focused["name"])
        if stop == 0:
            skip_problems = _skip_link_problems(page, focused, where)
        elif not focused["visible"]:
            focus_problems.append(f"{where}: focus moved to <{focused['name']}>, off screen")
        if focused["look"] == page.evaluate(UNFOCUSED_LOOK):
            focus_problems.append(f"{where}: focus on <{focused['name']}> is not visible")
    if not seen:
        focus_problems.append(f"{where}: the Tab key reaches no element")
    return skip_problems, focus_problems


def _skip_link_problems(page: Any, focused: dict, where: str) -> list[str]:
    href = focused["href"]
    if not href.startswith("#"):
        return [f"{where}: the first Tab stop <{focused['name']}> is not a skip link"]
    problems = []
    if not focused["visible"]:
        problems.append(f"{where}: the focused skip link is not visible")
    if not page.evaluate(_SKIP_TARGET_IN_MAIN, href[1:]):
        problems.append(f"{where}: the skip link's target {href!r} is not in the main content")
    return problems
