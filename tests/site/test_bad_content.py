"""Each editor mistake stops build.py with exit code 1, one exact message, and site/ unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

POST = "aktuelles/posts/2021-07-01-testmeldung.md"
SHOWN = f"content/{POST}"
VALID = """---
date: 2021-07-01
title: Testmeldung
description: Ein Satz über die Meldung.
categories:
  - Mobilität
---

Ein Absatz mit einem [Link zur Strategie](../../strategie/index.md).
"""


def _write(content: Path, text: str) -> None:
    (content / POST).write_text(text, encoding="utf-8")


@pytest.fixture
def bad_date(content_copy):
    _write(content_copy, VALID.replace("date: 2021-07-01", "date: 2021-13-01"))
    return (
        f"{SHOWN}:2: date: '2021-13-01' ist kein gültiges Datum; "
        "schreiben Sie JJJJ-MM-TT, z. B. 2021-06-18"
    )


@pytest.fixture
def missing_description(content_copy):
    _write(content_copy, VALID.replace("description: Ein Satz über die Meldung.\n", ""))
    return (
        f"{SHOWN}:1: description: fehlt, ist aber Pflicht; "
        "ergänzen Sie einen Satz als Anreißer, z. B. description: Worum es geht."
    )


@pytest.fixture
def unknown_category(content_copy):
    _write(content_copy, VALID.replace("  - Mobilität", "  - Verkehr"))
    return (
        f"{SHOWN}:6: categories: 'Verkehr' ist keine erlaubte Kategorie; erlaubt sind: "
        "Mobilität, Leben & Wohnen, Energie & Umwelt, Beteiligung, Förderung"
    )


@pytest.fixture
def image_without_alt(content_copy):
    (content_copy / "aktuelles/posts/bild.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    _write(content_copy, VALID.replace("categories:", "image: bild.jpg\ncategories:"))
    return (
        f"{SHOWN}:5: image_alt: ist Pflicht, wenn 'image' gesetzt ist; "
        "beschreiben Sie, was das Bild zeigt"
    )


@pytest.fixture
def yaml_syntax_error(content_copy):
    _write(content_copy, VALID.replace("title: Testmeldung", 'title: "Testmeldung'))
    return (
        f"{SHOWN}:3: Kopfbereich: Anführungszeichen wird nicht geschlossen; "
        "setzen Sie es auch am Ende des Werts"
    )


@pytest.fixture
def unclosed_front_matter(content_copy):
    _write(content_copy, VALID.replace("---\n\nEin Absatz", "\nEin Absatz"))
    return (
        f"{SHOWN}:1: Kopfbereich: wird mit '---' geöffnet, aber nie geschlossen; "
        "ergänzen Sie nach der letzten Angabe eine Zeile mit '---'"
    )


@pytest.fixture
def colon_in_value(content_copy):
    _write(content_copy, VALID.replace("title: Testmeldung", "title: Tram: neuer Takt"))
    return (
        f"{SHOWN}:3: Kopfbereich: Doppelpunkt an unerwarteter Stelle; steht im Wert ein "
        "Doppelpunkt, setzen Sie den ganzen Wert in Anführungszeichen; sonst prüfen Sie die "
        "Einrückung"
    )


@pytest.fixture
def tab_indent(content_copy):
    _write(content_copy, VALID.replace("  - Mobilität", "\t- Mobilität"))
    return f"{SHOWN}:6: Kopfbereich: Tabulatorzeichen; rücken Sie nur mit Leerzeichen ein"


@pytest.fixture
def duplicate_key(content_copy):
    _write(content_copy, VALID.replace("title: Testmeldung", "title: Testmeldung\ntitle: Zwei"))
    return f"{SHOWN}:4: title: steht schon in Zeile 3; löschen Sie eine der beiden Zeilen"


@pytest.fixture
def unknown_key(content_copy):
    _write(content_copy, VALID.replace("title: Testmeldung", "title: Testmeldung\nautor: Max"))
    return (
        f"{SHOWN}:4: autor: unbekannter Schlüssel; erlaubt sind categories, date, description, "
        "draft, image, image_alt, pinned, slug, title (Schreibweise prüfen)"
    )


@pytest.fixture
def missing_link_target(content_copy):
    _write(content_copy, VALID.replace("strategie/index.md", "strategie/verkehr.md"))
    return (
        f"{SHOWN}:9: link: '../../strategie/verkehr.md' verweist auf eine Seite, "
        "die es nicht gibt; Dateiname und Ordner prüfen"
    )


@pytest.fixture
def pinned_not_a_boolean(content_copy):
    _write(content_copy, VALID.replace("title: Testmeldung", "title: Testmeldung\npinned: ja"))
    return f"{SHOWN}:4: pinned: muss true oder false sein"


BAD_INPUTS = [
    "bad_date",
    "missing_description",
    "unknown_category",
    "image_without_alt",
    "yaml_syntax_error",
    "unclosed_front_matter",
    "colon_in_value",
    "tab_indent",
    "duplicate_key",
    "unknown_key",
    "missing_link_target",
    "pinned_not_a_boolean",
]


@pytest.mark.parametrize("bad_input", BAD_INPUTS)
def test_bad_input_is_reported_with_file_line_field_and_fix(request, run_build, bad_input):
    expected = request.getfixturevalue(bad_input)
    result = run_build()
    assert result.code == 1
    assert result.stderr.splitlines() == [
        expected,
        "1 Fehler in den Inhalten; nichts wurde geschrieben.",
    ]
    assert [p.name for p in result.site.iterdir()] == ["index.html"]
    assert (result.site / "index.html").read_text(encoding="utf-8") == "previous build"
    assert not [p for p in result.site.parent.iterdir() if p.name.startswith(".site-")]


def test_all_errors_of_a_build_are_reported_together(run_build, content_copy):
    _write(content_copy, VALID.replace("date: 2021-07-01", "date: 2021-13-01"))
    (content_copy / "kontakt.md").write_text(
        "---\nfarbe: blau\n---\n\n# Kontakt\n", encoding="utf-8"
    )
    result = run_build("check")
    assert result.code == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{SHOWN}:2: date: ")
    assert lines[1].startswith("content/kontakt.md:2: farbe: unbekannter Schlüssel")
    assert lines[2] == "2 Fehler in den Inhalten; nichts wurde geschrieben."


def test_valid_content_passes_the_check_without_writing(run_build, content_copy):
    _write(content_copy, VALID)
    result = run_build("check")
    assert result.code == 0, result.stderr
    assert [p.name for p in result.site.iterdir()] == ["index.html"]


USAGE_ERRORS = {
    ("publish",): "build.py: Fehler: 'publish' gibt es nicht als BEFEHL; "
    "möglich sind: build, check, serve, new",
    ("serve", "--port", "acht"): "build.py serve: Fehler: --port braucht eine Zahl, nicht 'acht'",
    ("new",): "build.py new: Fehler: es fehlt: ART, TITEL",
    ("new", "termin", "Fest"): "build.py new: Fehler: 'termin' gibt es nicht als ART; "
    "möglich sind: news",
    ("--farbe",): "build.py: Fehler: unbekannte Angabe: --farbe",
}


@pytest.mark.parametrize("args", USAGE_ERRORS)
def test_usage_errors_are_german_and_exit_with_2(run_build, args):
    result = run_build(*args)
    assert result.code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Aufruf: build.py")
    assert lines[-1] == USAGE_ERRORS[args]


def test_help_is_german(run_build):
    result = run_build("serve", "-h")
    assert result.code == 0
    assert "--port PORT" in result.stdout and "diese Hilfe zeigen" in result.stdout
    assert "usage" not in result.stdout and "show this help" not in result.stdout


def test_draft_articles_are_checked_but_not_published(run_build, content_copy):
    _write(content_copy, VALID.replace("categories:", "draft: true\ncategories:"))
    result = run_build()
    assert result.code == 0, result.stderr
    assert not (result.site / "aktuelles/2021/07/01").exists()
    assert "Testmeldung" not in (result.site / "aktuelles/feed.xml").read_text(encoding="utf-8")
    assert "Testmeldung" not in (result.site / "aktuelles/index.html").read_text(encoding="utf-8")
