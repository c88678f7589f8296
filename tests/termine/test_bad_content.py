"""Editors get every mistake in a date's file at once, as `file:line: field: message` in German."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from site_src.settings import SiteSettings
from site_src.termine.schema import read_event

REPO = Path(__file__).resolve().parents[2]
GOOD = """\
---
title: Werkstatt
description: Ein Satz.
start: 2021-07-01 18:00
end: 2021-07-01 20:00
place:
  name: Stadtteilzentrum
  street: Beispielstraße 1
  postal_code: "34125"
  stadtteil: Wesertor
accessibility:
  step_free: true
  hearing_loop: false
  sign_language: false
registration:
  form: werkstatt
  capacity: 20
  deadline: 2021-06-30 12:00
---
Text.
"""


def _errors(tmp_path: Path, text: str, name: str = "werkstatt.md") -> list[str]:
    folder = tmp_path / "termine"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    event, _draft, errors = read_event(path, tmp_path, SiteSettings())
    assert (event is None) == bool(errors)
    return [str(error) for error in errors]


def test_a_complete_date_passes(tmp_path):
    assert _errors(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "end: 2021-07-01 20:00",
            "end: 2021-07-01 17:00",
            "content/termine/werkstatt.md:5: end: liegt vor dem Beginn (2021-07-01 18:00)",
        ),
        (
            "stadtteil: Wesertor",
            "stadtteil: Kassel-Ost",
            "content/termine/werkstatt.md:10: place.stadtteil: 'Kassel-Ost' ist kein Stadtteil",
        ),
        (
            "deadline: 2021-06-30 12:00",
            "deadline: 2021-07-02 12:00",
            "content/termine/werkstatt.md:18: registration.deadline: liegt nach dem Beginn",
        ),
        (
            "start: 2021-07-01 18:00",
            "start: 2021-03-28 02:30",
            "content/termine/werkstatt.md:4: start: '2021-03-28 02:30' gibt es in Kassel nicht",
        ),
        (
            "start: 2021-07-01 18:00",
            "start: 2021-07-01 18:00\nend_time: 20:00",
            "content/termine/werkstatt.md:5: end_time: unbekannter Schlüssel",
        ),
        (
            "start: 2021-07-01 18:00",
            "start: 2021-07-01",
            "content/termine/werkstatt.md:5: end: muss wie start geschrieben sein",
        ),
        (
            "  hearing_loop: false\n",
            "",
            "content/termine/werkstatt.md:11: accessibility.hearing_loop: fehlt",
        ),
        (
            "  capacity: 20",
            "  capacity: zwanzig",
            "content/termine/werkstatt.md:17: registration.capacity: muss eine ganze Zahl",
        ),
        (
            'postal_code: "34125"',
            'postal_code: "3412"',
            "content/termine/werkstatt.md:9: place.postal_code: '3412' ist keine Postleitzahl",
        ),
        (
            "description: Ein Satz.\n",
            "description: Ein Satz.\nfocus: [bildung]\n",
            "content/termine/werkstatt.md:4: focus[1]: 'bildung' ist kein Handlungsfeld",
        ),
        (
            "description: Ein Satz.\n",
            "description: Ein Satz.\nonline: www.example.org\n",
            "content/termine/werkstatt.md:4: online: 'www.example.org' ist kein Link",
        ),
    ],
)
def test_each_mistake_is_named_with_file_line_and_field(tmp_path, old, new, expected):
    assert old in GOOD
    errors = _errors(tmp_path, GOOD.replace(old, new, 1))
    assert any(error.startswith(expected) for error in errors), errors


def test_an_in_person_date_without_accessibility_is_refused(tmp_path):
    text = GOOD.replace(
        "accessibility:\n  step_free: true\n  hearing_loop: false\n  sign_language: false\n", ""
    )
    errors = _errors(tmp_path, text)
    assert any(": accessibility: fehlt, ist bei Terminen vor Ort aber Pflicht" in e for e in errors)


def test_a_date_without_place_or_link_is_refused(tmp_path):
    start, end = GOOD.index("place:"), GOOD.index("registration:")
    errors = _errors(tmp_path, GOOD[:start] + GOOD[end:])
    assert any(": place: fehlt: geben Sie einen Ort" in error for error in errors), errors


def test_a_file_name_that_is_no_address_is_refused(tmp_path):
    errors = _errors(tmp_path, GOOD, "Werkstatt im Mai.md")
    assert any("file name: 'Werkstatt im Mai.md' darf nur a-z" in error for error in errors)


def test_every_error_of_a_file_comes_at_once(tmp_path):
    text = (
        GOOD.replace("end: 2021-07-01 20:00", "end: 2021-07-01 17:00")
        .replace("stadtteil: Wesertor", "stadtteil: Atlantis")
        .replace("deadline: 2021-06-30 12:00", "deadline: 2021-07-05 09:00")
    )
    fields = [error.split(": ")[1] for error in _errors(tmp_path, text)]
    assert {"end", "place.stadtteil", "registration.deadline"} <= set(fields)


def test_build_check_reports_bad_dates_and_writes_nothing(tmp_path, content_copy):
    bad = GOOD.replace("stadtteil: Wesertor", "stadtteil: Atlantis").replace(
        "end: 2021-07-01 20:00", "end: 2021-06-30 20:00"
    )
    (content_copy / "termine" / "kaputt.md").write_text(bad, encoding="utf-8")
    (content_copy / "termine" / "auch-kaputt.md").write_text(
        GOOD.replace("capacity: 20", "capacity: 0"), encoding="utf-8"
    )
    site = tmp_path / "site"
    command = [sys.executable, "build.py", "--content", str(content_copy), "--site", str(site)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert (
        "content/termine/kaputt.md:5: end: liegt vor dem Beginn (2021-07-01 18:00); Ende prüfen"
        in lines
    )
    assert any(
        line.startswith("content/termine/kaputt.md:10: place.stadtteil: 'Atlantis'")
        for line in lines
    )
    assert any(
        line.startswith("content/termine/auch-kaputt.md:17: registration.capacity:")
        for line in lines
    )
    # Named in the same run although the file has another error (there is no form 'werkstatt').
    assert any(
        line.startswith(
            "content/termine/auch-kaputt.md:16: registration.form: kein Anmeldeformular"
        )
        for line in lines
    )
    assert lines[-1] == "5 Fehler in den Inhalten; nichts wurde geschrieben."  # 2 forms
    assert not site.exists()


@pytest.mark.parametrize("key", ["next_events: 50", "events_focus: bildung"])
def test_page_keys_for_date_lists_are_checked(content_copy, key):
    from site_src.validate import validate_content

    page = content_copy / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("next_events: 3", key), encoding="utf-8"
    )
    _content, errors = validate_content(content_copy, SiteSettings())
    assert any(
        error.path == "content/index.md" and error.field == key.split(":")[0] for error in errors
    )


def test_a_registration_needs_its_form_and_must_agree_with_it(content_copy):
    import site_src.mkdocs_adapter  # noqa: F401  (registers the dates' checks)
    from site_src.validate import validate_content

    (content_copy / "termine" / "werkstatt.md").write_text(GOOD, encoding="utf-8")
    workshop = content_copy / "termine" / "werkstatt-nachbarschafts-app.md"
    workshop.write_text(
        workshop.read_text(encoding="utf-8")
        .replace("capacity: 20", "capacity: 25")
        .replace("deadline: 2021-08-30 12:00", "deadline: 2021-08-31 12:00"),
        encoding="utf-8",
    )
    _content, errors = validate_content(content_copy, SiteSettings())
    found = {(e.path, e.field): (e.line, e.message) for e in errors}
    line, message = found[("content/termine/werkstatt.md", "registration.form")]
    assert line == GOOD.splitlines().index("  form: werkstatt") + 1
    assert "kein Anmeldeformular 'werkstatt'" in message
    path = "content/termine/werkstatt-nachbarschafts-app.md"
    assert (
        "25 Plätze, aber content/forms/werkstatt-nachbarschafts-app.yml sagt 20"
        in (found[(path, "registration.capacity")][1])
    )
    assert "closes" in found[(path, "registration.deadline")][1]


def test_a_file_saved_with_a_byte_order_mark_reads_like_any_other(tmp_path):
    """Windows editors may start UTF-8 files with U+FEFF; fields must not read as missing."""
    assert _errors(tmp_path, "\ufeff" + GOOD) == []
    late_end = "\ufeff" + GOOD.replace("end: 2021-07-01 20:00", "end: 2021-07-01 17:00")
    [error] = _errors(tmp_path, late_end)  # the line counts as without the mark
    assert error.startswith("content/termine/werkstatt.md:5: end: liegt vor dem Beginn")


def test_news_and_pages_with_a_byte_order_mark_keep_their_title():
    from site_src.frontmatter import parse

    page = parse("\ufeff---\ntitle: Neu\n---\nText.\n", "content/aktuelles/posts/neu.md")
    assert page.meta == {"title": "Neu"} and page.body == "Text.\n"


def test_a_broken_header_in_a_date_is_reported_once(content_copy):
    """A date is read as a date and as a page; the editor must not see each mistake twice."""
    import site_src.mkdocs_adapter  # noqa: F401  (registers the dates' checks)
    from site_src.validate import validate_content

    (content_copy / "termine" / "doppelt.md").write_text(
        "---\ntitle: Werkstatt: Ideen\n---\nText.\n", encoding="utf-8"
    )
    _content, errors = validate_content(content_copy, SiteSettings())
    mine = [str(error) for error in errors if error.path == "content/termine/doppelt.md"]
    assert len(mine) == 1 and mine[0].startswith("content/termine/doppelt.md:2: Kopfbereich:")


def test_check_takes_the_content_folder_after_the_command_too(content_copy):
    """`build.py check --content DIR` is how editors type it; it must check DIR, not refuse."""
    (content_copy / "termine" / "kaputt.md").write_text(
        GOOD.replace("stadtteil: Wesertor", "stadtteil: Atlantis"), encoding="utf-8"
    )
    command = [sys.executable, "build.py", "check", "--content", str(content_copy)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert "content/termine/kaputt.md:10: place.stadtteil: 'Atlantis'" in done.stderr


def test_a_missing_image_text_points_at_the_image_line(tmp_path):
    text = GOOD.replace("registration:", "image: bilder/werkstatt.jpg\nregistration:")
    line = text.splitlines().index("image: bilder/werkstatt.jpg") + 1
    errors = [error for error in _errors(tmp_path, text) if ": image_alt: " in error]
    assert errors == [
        f"content/termine/werkstatt.md:{line}: image_alt: ist Pflicht, wenn 'image' gesetzt ist; "
        "was zeigt das Bild?"
    ]


def test_the_example_for_a_missing_end_comes_after_the_start(tmp_path):
    """Copying the suggested fix must not lead straight to 'end before start'."""
    [error] = _errors(tmp_path, GOOD.replace("end: 2021-07-01 20:00\n", ""))
    assert error.startswith("content/termine/werkstatt.md:1: end: fehlt")
    assert "'end: 2021-07-01 20:00'" in error
