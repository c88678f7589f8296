"""Look at one loaded page the way the checks need it: traffic, storage, axe and keyboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from site_src.quality.accessibility import axe_violations
from site_src.quality.keyboard import settle, walk

WIDE, NARROW = 1280, 360
LOCAL_STORAGE = "() => Object.fromEntries(Object.entries(localStorage))"


@dataclass
class Visit:
    """What one first visit of a page showed: requests, storage, axe and keyboard findings."""

    requests: list[str]
    cookies: list[dict]
    local_storage: dict[str, str]
    axe: dict[int, list[str]]
    skip_link_problems: list[str]
    focus_problems: list[str]


def inspect(page: Any, requests: list[str], where: str) -> Visit:
    """Collect every finding from a page opened at the wide width in a fresh context."""
    page.wait_for_load_state("networkidle")
    cookies = page.context.cookies()
    stored = page.evaluate(LOCAL_STORAGE)
    settle(page)
    axe = {}
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": 800})
        axe[width] = axe_violations(page, f"{where} at {width}px")
    page.set_viewport_size({"width": WIDE, "height": 800})
    skip, focus = walk(page, where)
    return Visit(list(requests), cookies, stored, axe, skip, focus)
