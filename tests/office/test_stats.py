"""`stats` counts per day and per raffle and shows nothing personal."""

import json
from datetime import datetime

from .conftest import AFTER_QUIZ, BERLIN


def test_stats_counts_per_day_and_raffle_without_personal_data(runner, add_entry, clock):
    first = add_entry(email="a@beispiel.de", first_name="Jonas")
    add_entry(email="b@beispiel.de", raffles=["auebad"])
    clock.set(datetime(2021, 6, 21, 23, 30, tzinfo=BERLIN))  # still the 21st in Kassel
    add_entry(email="c@beispiel.de", correct=False, verified=False)
    result = runner.invoke(args=["stats", "smart-kassel-quiz"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Smart Kassel-Quiz (smart-kassel-quiz): 3 Einträge" in lines[0]
    assert "  2021-06-20       2" in lines and "  2021-06-21       1" in lines
    assert "Alle Antworten richtig: 2" in lines
    assert "Ohne Spam-Schutz-Nachweis (ohne JavaScript gesendet): 1" in lines
    assert "Bestätigt: 3, unbestätigt: 0" in lines
    assert "  buergerrat: 2 teilgenommen, 1 teilnahmeberechtigt, zu gewinnen: 1" in lines
    assert "  auebad: 3 teilgenommen, 2 teilnahmeberechtigt, zu gewinnen: 20" in lines
    assert "E-Mails: 9 ausstehend, 0 versendet, 0 aufgegeben" in lines
    fingerprints = [line.split(": ")[1] for line in lines if "Fingerabdruck" in line]
    assert len(fingerprints) == 2 and fingerprints[0] != fingerprints[1]
    assert "@" not in result.output and "Jonas" not in result.output and first not in result.output


def test_published_fingerprint_matches_the_later_draw_protocol(runner, add_entry, clock):
    for n in range(4):
        add_entry(email=f"p{n}@beispiel.de")
    clock.set(AFTER_QUIZ)
    before = runner.invoke(args=["stats", "smart-kassel-quiz"]).output
    drawn = runner.invoke(args=["draw", "smart-kassel-quiz", "--seed", "9"])
    protocol = json.loads(drawn.stdout)  # stderr warns: fewer entries than tickets
    for result in protocol["raffles"]:
        assert result["references_sha256"] in before


def test_stats_of_an_unknown_form_is_refused(runner):
    result = runner.invoke(args=["stats", "gibt-es-nicht"])
    assert result.exit_code == 1
    assert (
        "Unbekanntes Formular 'gibt-es-nicht'; vorhanden: buergerrat-interesse, kontakt, "
        in result.output
    )
