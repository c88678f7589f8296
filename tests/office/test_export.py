"""`export` writes CSV that German Excel opens as is and that cannot smuggle in formulas."""

import csv
from datetime import datetime

import pytest

from forms.office.export import neutralise

from .conftest import BERLIN

QUIZ_HEADER = [
    "Referenz",
    "Eingegangen",
    "Status",
    "Bestätigt",
    "Losnummer",
    "Vorname",
    "E-Mail-Adresse",
    "Verlosung: ein Platz im Bürgerinnen- und Bürgerrat Smart Kassel",
    "Verlosung: eines von 20 Tickets für das Auebad",
]


def _read(path):
    raw = path.read_bytes()
    with path.open(encoding="utf-8-sig", newline="") as file:
        return raw, list(csv.reader(file, delimiter=";"))


def test_quiz_export_has_bom_semicolons_and_definition_order(runner, add_entry, tmp_path):
    ref_a = add_entry(email="a@beispiel.de", first_name="Jürgen", raffles=["auebad"])
    ref_b = add_entry(
        email="b@beispiel.de", correct=False, first_name='=HYPERLINK("x")', verified=False
    )
    out = tmp_path / "quiz.csv"
    result = runner.invoke(args=["export", "smart-kassel-quiz", "--out", str(out)])
    assert result.exit_code == 0, result.output
    raw, rows = _read(out)
    assert raw.startswith(b"\xef\xbb\xbfReferenz;")
    assert b"\r\n" in raw
    header, first, second = rows
    assert header[:9] == QUIZ_HEADER
    assert header[9].startswith("Ich wohne in Kassel")
    assert header[10].startswith("Ich bin einverstanden")
    assert header[-2:] == ["Alle Antworten richtig", "Spam-Schutz per JavaScript gelöst"]
    assert first[1:9] == [
        "20.06.2021 12:00:00",
        "bestätigt",
        "20.06.2021 12:00:00",
        ref_a,
        "Jürgen",
        "a@beispiel.de",
        "nein",
        "ja",
    ]
    assert first[-2:] == ["ja", "ja"]
    assert second[4] == ref_b
    assert second[5] == '\'=HYPERLINK("x")'
    assert second[-2:] == ["nein", "nein"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 561", "'+49 561"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\x00=1+1", "'\x00=1+1"),
        ("\x1f=cmd", "'\x1f=cmd"),
        ("\n=1+1", "'\n=1+1"),
        ("\x7f=1+1", "'\x7f=1+1"),
        ("Kassel = schön", "Kassel = schön"),
    ],
)
def test_cells_that_start_like_a_formula_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_contact_export_neutralises_messages_and_shows_option_labels(
    app, runner, add_entry, tmp_path
):
    definition = app.extensions["forms_definitions"]["kontakt"]
    subject = next(f for f in definition.fields if f.name == "subject")
    add_entry("kontakt", email="c@beispiel.de", message="@cmd|' /C calc'!A0\nzweite Zeile")
    out = tmp_path / "kontakt.csv"
    assert runner.invoke(args=["export", "kontakt", "--out", str(out)]).exit_code == 0
    _, (header, row) = _read(out)
    assert header[5:] == [field.label for field in definition.fields] + [
        "Spam-Schutz per JavaScript gelöst"
    ]
    assert row[2] == "bestätigt"  # contact messages need no confirmation
    cells = dict(zip(header, row, strict=True))
    assert cells[subject.label] in {option.label for option in subject.options}
    message_label = next(f.label for f in definition.fields if f.name == "message")
    assert cells[message_label] == "'@cmd|' /C calc'!A0\nzweite Zeile"


def test_since_limits_the_export_to_newer_entries(runner, add_entry, clock, tmp_path):
    add_entry(email="alt@beispiel.de")
    clock.set(datetime(2021, 6, 22, 0, 30, tzinfo=BERLIN))
    newer = add_entry(email="neu@beispiel.de")
    out = tmp_path / "since.csv"
    result = runner.invoke(
        args=["export", "smart-kassel-quiz", "--since", "2021-06-22", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "1 Eintrag nach" in result.output
    _, rows = _read(out)
    assert [row[4] for row in rows[1:]] == [newer]


def test_export_to_stdout_starts_with_the_bom(runner, add_entry):
    add_entry()
    result = runner.invoke(args=["export", "smart-kassel-quiz"])
    assert result.exit_code == 0
    assert result.output.startswith("\ufeffReferenz;")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "gibt-es-nicht"], "Unbekanntes Formular 'gibt-es-nicht'"),
        (["export", "kontakt", "--since", "gestern"], "erwartet 2021-06-20"),
    ],
)
def test_bad_export_requests_are_refused_with_a_reason(runner, args, message):
    result = runner.invoke(args=args)
    assert result.exit_code != 0
    assert message in result.output


@pytest.mark.parametrize("code", [*range(0x20), 0x7F])
def test_a_cell_starting_with_any_control_character_is_neutralised(code):
    cell = chr(code) + '=HYPERLINK("http://evil.example")'
    assert neutralise(cell) == "'" + cell
