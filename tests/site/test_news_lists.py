"""News lists stay short and linear: ten articles a page, archives and categories paginated too."""

from __future__ import annotations

import dataclasses
import datetime as dt

from selectolax.lexbor import LexborHTMLParser

from site_src.listings import index_block, latest_block, news_pages
from site_src.news import Post, newest_first
from site_src.settings import SiteSettings
from site_src.text import german_date, reading_minutes, slugify

SETTINGS = SiteSettings()


def _posts(count: int) -> list[Post]:
    start = dt.date(2021, 6, 1)
    posts = [
        Post(
            src=f"aktuelles/posts/p{i}.md",
            title=f"Meldung {i}",
            date=start + dt.timedelta(days=i * 20),
            slug=f"meldung-{i}",
            description=f"Anreißer {i}",
            categories=("Mobilität",) if i % 2 else ("Beteiligung", "Förderung"),
            minutes=1,
        )
        for i in range(count)
    ]
    return newest_first(posts)


def _titles(markdown: str) -> list[str]:
    return [a.text() for a in LexborHTMLParser(markdown).css(".sk-teaser__title a")]


def test_index_pages_hold_ten_articles_each_and_chain_with_prev_next():
    posts = _posts(25)
    pages = {page.url: page.markdown for page in news_pages(posts, SETTINGS)}
    first = _titles(index_block(posts, "aktuelles/", SETTINGS))
    second = _titles(pages["aktuelles/seite/2/"])
    third = _titles(pages["aktuelles/seite/3/"])
    assert first + second + third == [post.title for post in posts]
    assert (len(first), len(second), len(third)) == (10, 10, 5)
    pager = LexborHTMLParser(pages["aktuelles/seite/2/"]).css_first(".sk-pager")
    assert pager.css_first("a[rel=prev]").attributes["href"] == "../../"
    assert pager.css_first("a[rel=next]").attributes["href"] == "../3/"
    assert "aktuelles/seite/4/" not in pages


def test_year_archives_and_categories_are_paginated_and_complete():
    posts = _posts(40)
    pages = {page.url: page.markdown for page in news_pages(posts, SETTINGS)}
    by_year = {}
    for post in posts:
        by_year.setdefault(post.date.year, []).append(post.title)
    for year, titles in by_year.items():
        listed = []
        for url, markdown in pages.items():
            if url.startswith(f"aktuelles/archiv/{year}/"):
                listed += _titles(markdown)
        assert sorted(listed) == sorted(titles)
    mobility = [url for url in pages if url.startswith("aktuelles/kategorie/mobilitaet/")]
    assert len(mobility) == 2  # 20 articles, 10 a page
    assert max(len(_titles(markdown)) for markdown in pages.values()) == 10


def test_generated_output_grows_linearly_with_the_number_of_articles():
    small = sum(len(p.markdown) for p in news_pages(_posts(100), SETTINGS))
    large = sum(len(p.markdown) for p in news_pages(_posts(400), SETTINGS))
    assert large < small * 4.5


def test_slugs_dates_and_reading_time_are_german_friendly():
    assert slugify("Straßenbahn im Takt") == "strassenbahn-im-takt"
    assert slugify("Ökologie & Übermorgen: Äpfel!") == "oekologie-uebermorgen-aepfel"
    assert german_date(dt.date(2021, 3, 1)) == "1. März 2021"
    assert reading_minutes("wort " * 1000) == 5
    assert reading_minutes("kurz") == 1


def test_pinned_article_leads_the_index_and_the_home_list_and_appears_once():
    posts = _posts(25)
    oldest = dataclasses.replace(posts[-1], pinned=True)
    posts = [*posts[:-1], oldest]
    pages = {page.url: page.markdown for page in news_pages(posts, SETTINGS)}
    first = _titles(index_block(posts, "aktuelles/", SETTINGS))
    rest = _titles(pages["aktuelles/seite/2/"]) + _titles(pages["aktuelles/seite/3/"])
    assert first[0] == oldest.title
    assert first + rest == [oldest.title] + [post.title for post in posts[:-1]]
    home = LexborHTMLParser(latest_block(posts, "", 3, SETTINGS))
    assert [a.text() for a in home.css("li a")] == [oldest.title, posts[0].title, posts[1].title]
