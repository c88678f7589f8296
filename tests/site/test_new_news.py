"""`build.py new news "Titel"` gives editors an article that builds as it is."""

from __future__ import annotations

import datetime as dt

import pytest

from site_src.scaffold import ScaffoldError, new_news


def test_new_news_creates_an_article_that_builds(run_build):
    created = run_build("new", "news", "Straßenbahn im Takt")
    assert created.code == 0, created.stderr
    today = dt.date.today()
    path = created.content / f"aktuelles/posts/{today.isoformat()}-strassenbahn-im-takt.md"
    assert path.is_file()
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f'---\ndate: {today.isoformat()}\ntitle: "Straßenbahn im Takt"\n')

    built = run_build()
    assert built.code == 0, built.stderr
    assert built.stdout.startswith("Website gebaut: ")
    page = built.site / f"aktuelles/{today:%Y/%m/%d}/strassenbahn-im-takt/index.html"
    assert "Straßenbahn im Takt" in page.read_text(encoding="utf-8")
    index = (built.site / "aktuelles/index.html").read_text(encoding="utf-8")
    assert f"{today:%Y/%m/%d}/strassenbahn-im-takt/" in index


def test_new_news_refuses_to_overwrite_an_existing_article(tmp_path):
    day = dt.date(2021, 6, 18)
    new_news(tmp_path, "Straßenbahn im Takt", today=day)
    with pytest.raises(ScaffoldError):
        new_news(tmp_path, "Straßenbahn im Takt", today=day)


def test_new_news_needs_a_title_with_letters(tmp_path):
    with pytest.raises(ScaffoldError):
        new_news(tmp_path, " – ")
