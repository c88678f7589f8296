"""`build.py new news "Titel"` gives editors a draft that builds, and `check` keeps its sample text
off the site."""

from __future__ import annotations

import datetime as dt

import pytest

from site_src.scaffold import ScaffoldError, new_news

TITLE = "Straßenbahn im Takt"
SLUG = "strassenbahn-im-takt"


def _created(run_build):
    created = run_build("new", "news", TITLE)
    assert created.code == 0, created.stderr
    today = dt.date.today()
    return today, created.content / f"aktuelles/posts/{today.isoformat()}-{SLUG}.md"


def test_new_news_starts_as_a_draft_that_builds_but_stays_off_the_site(run_build):
    today, path = _created(run_build)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f'---\ndate: {today.isoformat()}\ntitle: "{TITLE}"\n')
    assert "\ndraft: true\n" in text

    assert run_build("check").code == 0
    built = run_build()
    assert built.code == 0, built.stderr
    assert not (built.site / f"aktuelles/{today:%Y/%m/%d}/{SLUG}").exists()
    assert TITLE not in (built.site / "aktuelles/index.html").read_text(encoding="utf-8")


def test_check_refuses_to_publish_the_placeholder_text(run_build):
    _today, path = _created(run_build)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    published = "".join(line for line in lines if not line.startswith(("draft:", "# Entwurf")))
    path.write_text(published, encoding="utf-8")

    result = run_build("check")
    assert result.code == 1
    shown = f"content/aktuelles/posts/{path.name}"
    hint = "ersetzen Sie den Platzhaltertext der Vorlage, bevor Sie 'draft: true' entfernen"
    body_line = 1 + next(
        number for number, line in enumerate(published.splitlines()) if "Hier steht" in line
    )
    assert result.stderr.splitlines() == [
        f"{shown}:4: description: ist noch der Platzhalter; {hint}",
        f"{shown}:{body_line}: text: enthält noch den Platzhalter; {hint}",
        "2 Fehler in den Inhalten; nichts wurde geschrieben.",
    ]


def test_a_finished_article_is_published(run_build):
    today, path = _created(run_build)
    text = path.read_text(encoding="utf-8").replace("draft: true\n", "")
    text = text.replace("Ein Satz, der sagt, worum es geht.", "Die Tram fährt öfter.")
    text = text.replace("Hier steht der Text der Meldung.", "Ab Montag fährt die Linie 1 öfter.")
    path.write_text(text, encoding="utf-8")

    built = run_build()
    assert built.code == 0, built.stderr
    page = built.site / f"aktuelles/{today:%Y/%m/%d}/{SLUG}/index.html"
    assert TITLE in page.read_text(encoding="utf-8")
    index = (built.site / "aktuelles/index.html").read_text(encoding="utf-8")
    assert f"{today:%Y/%m/%d}/{SLUG}/" in index


def test_new_news_refuses_to_overwrite_an_existing_article(tmp_path):
    day = dt.date(2021, 6, 18)
    new_news(tmp_path, TITLE, today=day)
    with pytest.raises(ScaffoldError):
        new_news(tmp_path, TITLE, today=day)


def test_new_news_needs_a_title_with_letters(tmp_path):
    with pytest.raises(ScaffoldError):
        new_news(tmp_path, " – ")
