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
    marked = page.locator(".md-tabs .md-tabs__item--active > a.md-tabs__link")
    assert marked.all_inner_texts() == ["Aktuelles"]
    link_style = "e => getComputedStyle(e).opacity + getComputedStyle(e).color"
    other = page.locator(".md-tabs a.md-tabs__link", has_text="Kontakt").first
    assert marked.evaluate(link_style) != other.evaluate(link_style), "not marked visibly"


@pytest.mark.parametrize("width", [360, 1280])
def test_footer_names_contact_legal_pages_feeds_and_funding(
    page_registry, context, base_url, width
) -> None:
    page = _open(page_registry, context, base_url, "article", width)
    footer = page.locator("footer.sk-footer")
    for text in ["Smart Kassel-Büro", "0561 787-2467", "Gefördert vom Bund, Modellprojekt Smart"]:
        assert text in footer.inner_text()
    legal = footer.locator(".sk-footer__legal a").all_inner_texts()
    assert legal[:4] == [
        "Impressum",
        "Datenschutz",
        "Erklärung zur Barrierefreiheit",
        "Leichte Sprache",
    ]
    feeds = footer.locator("a[href$='feed.xml'], a[href$='feed.json'], a[href$='.ics']")
    assert feeds.count() == 3
    tops = footer.locator(".sk-footer__legal a").evaluate_all(
        "links => links.map(a => Math.round(a.getBoundingClientRect().top))"
    )
    assert (len(set(tops)) == 1) == (width == 1280), f"legal links in rows at {width}: {tops}"


def test_wide_screens_navigate_by_top_tabs_not_a_sidebar(page_registry, context, base_url):
    page = _open(page_registry, context, base_url, "strategy", 1280)
    assert page.locator(".md-tabs").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    tabs = page.locator(".md-tabs__link").all_inner_texts()
    assert tabs[:3] == ["Startseite", "Aktuelles", "Strategie"]


def test_deep_pages_show_breadcrumbs_top_pages_none(page_registry, context, base_url):
    article = _open(page_registry, context, base_url, "article", 360)
    crumbs = article.locator("nav.sk-breadcrumbs li").all_inner_texts()
    assert crumbs[:2] == ["Startseite", "Aktuelles"]
    assert crumbs[-1] == article.locator("h1").inner_text()
    current = article.locator("nav.sk-breadcrumbs [aria-current=page]")
    assert current.evaluate("e => e.closest('a')") is None, "the page links to itself"
    home = _open(page_registry, context, base_url, "news-index", 360)
    assert home.locator("nav.sk-breadcrumbs").count() == 0


@pytest.mark.parametrize("name", ["home", "article"])
def test_the_header_names_the_site_once(page_registry, context, base_url, name):
    page = _open(page_registry, context, base_url, name, 1280)
    header = page.locator(".md-header")
    assert "Smart Kassel" not in header.inner_text(), "the wordmark already names the site"
    assert header.get_by_role("link", name="Smart Kassel").count() == 1


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
