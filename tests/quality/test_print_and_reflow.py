"""Print (no navigation, link addresses shown), reflow at 320 px and text at 200 % zoom."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

CHROME = ".md-header, .md-tabs, .md-sidebar--primary, .md-path, .md-footer"


def _open(page_registry, context, base_url, name: str, width: int = 1280):
    entry = page_registry[name]
    assert not isinstance(entry, str), f"page type {name!r} is missing: {entry}"
    return entry.open(context, base_url, width)


@pytest.mark.parametrize("name", ["article", "quiz-closed", "datenschutz"])
def test_printed_pages_show_text_and_link_addresses_without_navigation(
    page_registry, context, base_url, name
):
    page = _open(page_registry, context, base_url, name)
    page.emulate_media(media="print")
    shown = page.locator(CHROME).evaluate_all(
        "els => els.filter(e => e.getClientRects().length > 0).map(e => e.className)"
    )
    assert shown == []
    assert page.locator("article h1").is_visible()
    addresses = page.locator(".md-content a[href]:not([href^='#'])").evaluate_all(
        """links => links.filter(a => a.getClientRects().length > 0)
             .map(a => [a.href, a.textContent + getComputedStyle(a, '::after').content])"""
    )
    assert addresses, "no link to print"
    for href, printed in addresses:
        assert href.replace("mailto:", "").replace("tel:", "") in printed, (href, printed)
    page.emulate_media(media="screen")
    assert page.locator(".md-header").is_visible(), "print styles leak onto the screen"


@pytest.mark.parametrize("name", ["home", "article", "strategy", "quiz-open", "datenschutz"])
def test_no_horizontal_scrolling_at_320_px(page_registry, context, base_url, name):
    page = _open(page_registry, context, base_url, name, 320)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow} px wider than the screen"


@pytest.mark.parametrize("name", ["article", "quiz-open", "contact"])
def test_text_stays_readable_at_200_percent_zoom(page_registry, context, base_url, name):
    """200 % zoom of a 1280 px window is a 640 px viewport at twice the size (WCAG 1.4.4)."""
    page = _open(page_registry, context, base_url, name, 640)
    page.evaluate("document.documentElement.style.fontSize = '250%'")  # Material's 125 % doubled
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{overflow} px wider than the screen"
    clipped = page.locator(".md-content p, .md-content li, .md-content h1, .md-content h2")
    bad = clipped.evaluate_all(
        """els => els
             .filter(e => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1)
             .map(e => e.textContent.trim().slice(0, 40))"""
    )
    assert bad == [], f"text cut off: {bad}"
    assert page.locator("h1").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 40
