"""Scheduled and pinned news: a future article waits for its day, a pinned one stays on top."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from selectolax.lexbor import LexborHTMLParser

from build import _parser
from forms.clock import BERLIN
from site_src.mkdocs_preview import PreviewSite
from site_src.quality.serving import serving, static_app
from site_src.search_index import indexed_pages

REPO = Path(__file__).resolve().parents[2]
POSTS = Path("aktuelles/posts")
SCHEDULED_TITLE = "Seilbahn zum Herkules wird geprüft"
SCHEDULED_URL = "aktuelles/2021/06/30/seilbahn-zum-herkules/"
SCHEDULED = f"""---
date: 2021-06-30
title: {SCHEDULED_TITLE}
slug: seilbahn-zum-herkules
description: Eine Studie prüft, ob eine Seilbahn Bergpark und Innenstadt verbinden kann.
categories:
  - Mobilität
---

Die Stadt lässt prüfen, ob eine Seilbahn den Bergpark mit der Innenstadt verbinden kann.
"""
PINNED_TITLE = "Bürgerrat tagt öffentlich"
PINNED = f"""---
date: 2021-06-01
title: {PINNED_TITLE}
description: Alle Sitzungen des Bürgerrats sind öffentlich; so nehmen Sie teil.
categories:
  - Beteiligung
pinned: true
---

Die Sitzungen finden im Rathaus statt.
"""
BEFORE, ON_THE_DAY = "2021-06-29", "2021-06-30"


def _build(content: Path, site: Path, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, str(REPO / "build.py"), "--content", str(content)]
    command += ["--site", str(site), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=300)


@pytest.fixture(scope="module")
def as_of(tmp_path_factory) -> dict[str, Path]:
    """The real content plus a scheduled and a pinned article, built the day before and on it."""
    root = tmp_path_factory.mktemp("scheduled")
    content = root / "content"
    shutil.copytree(REPO / "content", content)
    (content / POSTS / "2021-06-30-seilbahn.md").write_text(SCHEDULED, encoding="utf-8")
    (content / POSTS / "2021-06-01-buergerrat-oeffentlich.md").write_text(PINNED, "utf-8")
    sites = {}
    for day in (BEFORE, ON_THE_DAY):
        sites[day] = root / f"site-{day}"
        done = _build(content, sites[day], "--as-of", day)
        assert done.returncode == 0, done.stderr
    return sites


def _page(site: Path, url: str) -> LexborHTMLParser:
    return LexborHTMLParser((site / url / "index.html").read_text(encoding="utf-8"))


def _files_mentioning(site: Path, *needles: str) -> list[str]:
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if any(needle.encode() in data for needle in needles):
                found.append(path.relative_to(site).as_posix())
    return found


def _places(site: Path) -> dict[str, bool]:
    """Where a reader, a feed reader, the search and a crawler could meet the article."""
    feed = ET.parse(site / "aktuelles/feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    search = indexed_pages(site)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")

    def listed(url: str) -> bool:
        return any(a.text() == SCHEDULED_TITLE for a in _page(site, url).css("a"))

    return {
        "article": (site / SCHEDULED_URL / "index.html").is_file(),
        "home": listed(""),
        "news index": listed("aktuelles/"),
        "category": listed("aktuelles/kategorie/mobilitaet/"),
        "archive": listed("aktuelles/archiv/2021/"),
        "feed": any(e.findtext(f"{atom}title") == SCHEDULED_TITLE for e in feed),
        "search": any(page["meta"].get("title") == SCHEDULED_TITLE for page in search),
        "sitemap": SCHEDULED_URL in sitemap,
    }


def test_scheduled_article_is_nowhere_before_its_day(as_of):
    site = as_of[BEFORE]
    assert not any(_places(site).values()), _places(site)
    assert _files_mentioning(site, SCHEDULED_TITLE, "seilbahn-zum-herkules") == []


def test_scheduled_article_is_everywhere_on_its_day(as_of):
    places = _places(as_of[ON_THE_DAY])
    assert all(places.values()), places


def test_pinned_article_stays_on_top_of_news_index_and_home(as_of):
    site = as_of[ON_THE_DAY]
    index = _page(site, "aktuelles/")
    first = index.css_first(".sk-teaser")
    assert first.css_first(".sk-teaser__title a").text() == PINNED_TITLE
    assert "Angeheftet" in first.css_first(".sk-meta").text()
    home_items = _page(site, "").css(".sk-latest .sk-card")
    assert home_items[0].css_first(".sk-card__title a").text() == PINNED_TITLE
    assert home_items[1].css_first(".sk-card__title a").text() == SCHEDULED_TITLE, "then newest"
    assert "Angeheftet" not in home_items[1].text()


def test_pinned_article_keeps_its_date_order_in_feed_and_archive(as_of):
    site = as_of[ON_THE_DAY]
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "aktuelles/feed.xml").getroot()
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert titles[0] == SCHEDULED_TITLE and titles[-1] == PINNED_TITLE
    archive = [a.text() for a in _page(site, "aktuelles/archiv/2021/").css(".sk-teaser__title a")]
    assert archive[-1] == PINNED_TITLE
    assert "Angeheftet" not in _page(site, "aktuelles/archiv/2021/").text()


def test_without_as_of_the_build_follows_today_in_kassel(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    today = dt.datetime.now(BERLIN).date()
    for name, day in (("heute", today), ("morgen", today + dt.timedelta(days=1))):
        text = SCHEDULED.replace("date: 2021-06-30", f"date: {day.isoformat()}")
        text = text.replace("seilbahn-zum-herkules", f"seilbahn-{name}")
        (content / POSTS / f"{day.isoformat()}-seilbahn-{name}.md").write_text(text, "utf-8")
    site = tmp_path / "site"
    done = _build(content, site)
    assert done.returncode == 0, done.stderr
    assert _files_mentioning(site, "seilbahn-heute"), "today's article is published"
    assert _files_mentioning(site, "seilbahn-morgen") == []


def test_link_to_a_scheduled_article_names_its_day(tmp_path):
    done = _build(REPO / "content", tmp_path / "site", "check", "--as-of", "2021-06-20")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "content/strategie/index.md:20: link: "
        "'../aktuelles/posts/2021-06-21-bund-foerdert-smart-city.md' verweist auf eine "
        "Meldung, die erst am 21. Juni 2021 erscheint; setzen Sie den Link erst dann"
    )


@pytest.mark.parametrize("day", ["2021-13-01", "morgen", "2021-06-30T12:00:00"])
def test_as_of_that_is_no_day_is_refused_as_wrong_usage(tmp_path, day):
    done = _build(REPO / "content", tmp_path / "site", "--as-of", day)
    assert done.returncode == 2
    assert done.stderr.startswith(f"--as-of: '{day}' ist kein Tag; schreiben Sie JJJJ-MM-TT")
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "argv",
    [["--as-of", ON_THE_DAY, "serve"], ["serve", "--as-of", ON_THE_DAY]],
)
def test_as_of_reaches_the_preview_before_or_after_the_command(argv):
    assert _parser().parse_args(argv).as_of == ON_THE_DAY


@pytest.mark.browser
def test_reader_finds_the_scheduled_article_on_its_day_below_the_pinned_one(as_of, chromium):
    page = chromium.new_page()
    try:
        with serving(static_app(as_of[BEFORE])) as base:
            url = base + "/"
            page.goto(url)
            assert page.get_by_role("link", name=SCHEDULED_TITLE).count() == 0
            page.goto(url + SCHEDULED_URL)
            assert SCHEDULED_TITLE not in page.content()
        with serving(static_app(as_of[ON_THE_DAY])) as base:
            url = base + "/"
            page.goto(url + "aktuelles/")
            titles = page.locator(".sk-teaser__title a").all_inner_texts()
            assert titles[:2] == [PINNED_TITLE, SCHEDULED_TITLE]
            page.goto(url)
            page.get_by_role("link", name=SCHEDULED_TITLE).first.click()
            page.wait_for_load_state()
            assert page.url == url + SCHEDULED_URL
            assert page.locator("h1").inner_text() == SCHEDULED_TITLE
    finally:
        page.close()


def test_preview_as_of_a_day_publishes_an_article_when_its_date_is_moved_there(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("SITE_AS_OF", BEFORE)
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    post = content / POSTS / "2021-06-30-seilbahn.md"
    post.write_text(SCHEDULED, encoding="utf-8")
    preview = PreviewSite(str(REPO / "mkdocs.yml"), tmp_path / "preview", docs_dir=str(content))
    preview.build()
    assert _files_mentioning(preview.site_dir, SCHEDULED_TITLE) == []

    post.write_text(SCHEDULED.replace("2021-06-30", BEFORE), encoding="utf-8")
    preview.update({(POSTS / post.name).as_posix()})
    preview.wait_for_search()
    shown = _files_mentioning(preview.site_dir, SCHEDULED_TITLE)
    assert "aktuelles/2021/06/29/seilbahn-zum-herkules/index.html" in shown
    assert "aktuelles/index.html" in shown and "aktuelles/feed.xml" in shown

    post.write_text(SCHEDULED, encoding="utf-8")
    preview.update({(POSTS / post.name).as_posix()})
    preview.wait_for_search()
    assert _files_mentioning(preview.site_dir, SCHEDULED_TITLE) == []


def test_scheduled_article_may_link_to_one_that_is_out_by_its_own_day(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / POSTS / "2021-06-30-seilbahn.md").write_text(SCHEDULED, encoding="utf-8")
    follow_up = (
        SCHEDULED.replace("2021-06-30", "2021-07-02")
        .replace("slug: seilbahn-zum-herkules", "slug: seilbahn-ergebnisse")
        .replace("Die Stadt lässt", "Wie [angekündigt](2021-06-30-seilbahn.md) lässt die Stadt")
    )
    (content / POSTS / "2021-07-02-seilbahn-ergebnisse.md").write_text(follow_up, "utf-8")
    earlier = SCHEDULED.replace(
        "Die Stadt lässt", "Mehr [folgt](2021-07-02-seilbahn-ergebnisse.md)."
    )
    (content / POSTS / "2021-06-30-seilbahn.md").write_text(earlier, encoding="utf-8")

    done = _build(content, tmp_path / "site", "check", "--as-of", BEFORE)

    assert done.returncode == 1
    assert done.stderr.splitlines()[:-1] == [
        "content/aktuelles/posts/2021-06-30-seilbahn.md:10: link: "
        "'2021-07-02-seilbahn-ergebnisse.md' verweist auf eine Meldung, die erst am "
        "2. Juli 2021 erscheint; setzen Sie den Link erst dann"
    ], "the later article's link to the earlier one is fine; the other way round is not"
