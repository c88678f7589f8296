"""The built site has every page DESIGN.md promises, with news lists generated from the articles."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from selectolax.lexbor import LexborHTMLParser

from site_src.search_index import indexed_pages

REPO = Path(__file__).resolve().parents[2]
POSTS = sorted((REPO / "content/aktuelles/posts").glob("*.md"))
DESIGN_URLS = [
    "/",
    "/aktuelles/",
    "/aktuelles/feed.xml",
    "/strategie/",
    "/strategie/mobilitaet/",
    "/strategie/leben-wohnen/",
    "/strategie/energie-umwelt/",
    "/mitmachen/quiz/",
    "/kontakt/",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    "/leichte-sprache/",
    "/sitemap.xml",
    "/search/search_index.json",
]
LEGAL = {
    "Impressum": "impressum/",
    "Datenschutz": "datenschutz/",
    "Erklärung zur Barrierefreiheit": "barrierefreiheit/",
    "Leichte Sprache": "leichte-sprache/",
}


@pytest.mark.parametrize("url", DESIGN_URLS)
def test_every_promised_url_exists(site, url):
    path = site.root / url.lstrip("/")
    assert (path / "index.html" if url.endswith("/") else path).is_file()


def _teaser_dates(page) -> list[dt.date]:
    return [dt.date.fromisoformat(t.attributes["datetime"]) for t in page.css(".sk-teaser time")]


def test_news_index_lists_every_article_newest_first(site):
    pages = [site.page("/aktuelles/")]
    while link := pages[-1].css_first(".sk-pager a[rel=next]"):
        pages.append(site.page(f"/aktuelles/{link.attributes['href']}"))
    dates = [day for page in pages for day in _teaser_dates(page)]
    assert len(dates) == len(POSTS) == site.summary.articles
    assert dates == sorted(dates, reverse=True)


def test_articles_live_at_dated_addresses_and_stay_out_of_the_navigation(site):
    home = site.page("/")
    nav_links = [a.attributes.get("href", "") for a in home.css("nav.md-nav a")]
    assert not [href for href in nav_links if re.search(r"aktuelles/\d{4}/", href)]
    article = site.page("/aktuelles/2021/06/18/kassel-wird-smart/")
    assert (
        article.css_first("h1").text() == "Kassel wird smart: erfolgreicher Auftakt am Digitaltag"
    )
    meta = article.css_first(".sk-post-meta").text()
    assert "18. Juni 2021" in meta and "Lesezeit" in meta


def test_home_page_shows_the_latest_articles_from_the_posts(site):
    items = site.page("/").css(".sk-latest .sk-card__title a")
    newest = site.page("/aktuelles/").css(".sk-teaser__title a")
    assert [a.text() for a in items] == [a.text() for a in newest[: len(items)]]
    shown = re.search(r"^latest_news: (\d+)$", (REPO / "content/index.md").read_text(), re.M)
    assert len(items) == min(int(shown.group(1)), len(POSTS))


@pytest.mark.parametrize(
    ("url", "category"),
    [
        ("/strategie/mobilitaet/", "Mobilität"),
        ("/strategie/leben-wohnen/", "Leben & Wohnen"),
        ("/strategie/energie-umwelt/", "Energie & Umwelt"),
    ],
)
def test_strategy_pages_link_the_articles_of_their_category(site, url, category):
    expected = [p for p in POSTS if re.search(rf"^  - {re.escape(category)}$", p.read_text(), re.M)]
    links = site.page(url).css(".sk-related li a")
    assert expected and len(links) == min(5, len(expected))
    for link in links:
        article = site.page(url + link.attributes["href"])
        assert category in article.css_first(".sk-post-meta").text()


def test_category_and_year_pages_list_only_their_articles(site):
    page = site.page("/aktuelles/kategorie/foerderung/")
    titles = [a.text() for a in page.css(".sk-teaser__title a")]
    assert titles == ["Hintergrund: Bund fördert Smart City-Projekt in Kassel"]
    assert len(site.page("/aktuelles/archiv/2021/").css(".sk-teaser")) == len(POSTS)


def test_footer_and_feed_link_on_every_page(site):
    for path in site.html_files():
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        base = "/" + path.parent.relative_to(site.root).as_posix() + "/"
        if path.name == "404.html":
            base = "/"  # served at any address, so its links are site-absolute
        footer = {
            a.text(): urljoin(base, a.attributes["href"]) for a in tree.css(".sk-footer__legal a")
        }
        for label, target in LEGAL.items():
            assert footer.get(label) == "/" + target, (path, label)
        feed = tree.css_first('link[rel~=alternate][type="application/atom+xml"]')
        assert feed and urljoin(base, feed.attributes["href"]) == "/aktuelles/feed.xml", path


def test_contact_page_offers_phone_hidden_email_and_chat_hours(site):
    page = site.page("/kontakt/")
    assert page.css_first('a[href="tel:+495617872467"]')
    email = page.css_first(".sk-email")
    assert email.text() == "smart (at) kassel (Punkt) de"
    status = page.css_first("[data-sk-chat]")
    assert status.attributes["data-sk-chat"] == "1 16:00-17:00, 3 10:00-11:00"
    assert "montags von 16 bis 17 Uhr" in status.text()
    for path in site.root.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml"):
            assert "smart@kassel.de" not in path.read_text(encoding="utf-8"), path


def test_pages_that_show_forms_name_their_form(site):
    # The form markup itself comes from the form helpers; the pages must exist and say which form.
    assert "Einsendeschluss" in site.page("/mitmachen/quiz/").text()
    assert "Kontaktformular" in site.page("/kontakt/").text()


def test_legal_pages_say_what_the_law_requires(site):
    impressum = site.page("/impressum/").text()
    assert "§ 5" in impressum and "§ 18 Abs. 2" in impressum
    privacy = site.page("/datenschutz/").text()
    for fact in ("180 Tage", "höchstens 24 Stunden", "niemals die IP-Adresse", "Zwei-Klick-Lösung"):
        assert fact in privacy
    assert "Hessische Beauftragte für Datenschutz und Informationsfreiheit" in privacy
    statement = site.page("/barrierefreiheit/")
    assert statement.css_first('a[href="https://lbit.hessen.de/"]')
    assert statement.css_first('a[href="../kontakt/#kontaktformular"]')


def test_form_definitions_are_never_published(site):
    definitions = list((REPO / "content/forms").glob("*.yml"))
    assert definitions, "content/forms/ holds the form definitions this test guards"
    published = [p for p in site.root.rglob("*") if p.suffix in (".yml", ".yaml")]
    assert published == [site.root / "admin" / "config.yml"], "only the CMS's configuration"
    assert not (site.root / "forms").exists()
    assert not [p["url"] for p in indexed_pages(site.root) if p["url"].startswith("/forms/")]


def test_materials_search_file_holds_only_the_dialogs_settings(site):
    # The dialog fetches it when it opens; Pagefind's chunks hold the pages, so a copy of
    # every page's text here would be downloaded for nothing.
    material = json.loads((site.root / "search/search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []
    assert material["config"]["lang"] == ["de"]
    assert len(indexed_pages(site.root)) > 20, "Pagefind indexed the site's pages"
