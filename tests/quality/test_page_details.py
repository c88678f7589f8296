"""Details a visitor notices at once: titles, the marked section, the footer, chapter links."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def _open(page_registry, context, base_url, name: str, width: int = 1280):
    entry = page_registry[name]
    assert not isinstance(entry, str), f"page type {name!r} is missing: {entry}"
    return entry.open(context, base_url, width)


def test_home_page_title_names_the_site_once(page_registry, context, base_url) -> None:
    page = _open(page_registry, context, base_url, "home")
    assert page.title() == "Smart Kassel"


def test_article_marks_aktuelles_as_its_section(page_registry, context, base_url) -> None:
    page = _open(page_registry, context, base_url, "article")
    marked = page.locator(".md-sidebar--primary .md-nav__item--active > a.md-nav__link")
    assert marked.all_inner_texts() == ["Aktuelles"]
    link_colour = "e => getComputedStyle(e).color"
    other = page.locator(".md-sidebar--primary a.md-nav__link", has_text="Kontakt").first
    assert marked.evaluate(link_colour) != other.evaluate(link_colour), "not marked visibly"


def test_footer_links_stand_in_one_row_aligned_with_the_copyright(
    page_registry, context, base_url
) -> None:
    page = _open(page_registry, context, base_url, "contact")
    links = page.locator(".sk-footer__legal a").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect()).map(r => [r.left, r.top])"
    )
    copyright_left = page.locator(".md-copyright__highlight").evaluate(
        "e => e.getBoundingClientRect().left"
    )
    assert len({round(top) for _, top in links}) == 1, f"footer links in several rows: {links}"
    assert abs(links[0][0] - copyright_left) < 1, "footer links indented against the copyright"


def test_chapter_links_start_with_their_time_not_an_underlined_space(
    page_registry, context, base_url
) -> None:
    page = _open(page_registry, context, base_url, "recording")
    links = page.locator(".sk-chapters__link")
    assert links.count() > 0, "the recording page lists no chapters"
    gaps = links.evaluate_all(
        """links => links.map(link => {
          const text = [...link.childNodes].find(n => n.nodeType === 3 && n.data.trim());
          const space = document.createRange();
          space.setStart(text, 0);
          space.setEnd(text, 1);
          return [...space.getClientRects()].reduce((width, r) => width + r.width, 0);
        })"""
    )
    assert all(width == 0 for width in gaps), f"a space is drawn (and underlined): {gaps}"
