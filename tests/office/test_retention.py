"""`purge` deletes on schedule, `erase` on request; afterwards no row holds the address."""

import json
from datetime import datetime

import sqlalchemy as sa

from forms.office.draws import draws
from forms.storage.db import engine
from forms.storage.tables import outbox, submissions

from .conftest import AFTER_QUIZ, BERLIN, count_rows


def _all_stored_text(app) -> str:
    """Every value of every row of every table, to search for an address."""
    with app.app_context(), engine().connect() as connection:
        rows = [
            row._asdict()
            for table in (submissions, outbox, draws)
            for row in connection.execute(sa.select(table))
        ]
    return json.dumps(rows, default=str, ensure_ascii=False).lower()


def _references(app, form_id):
    with app.app_context(), engine().connect() as connection:
        query = sa.select(submissions.c.reference).where(submissions.c.form_id == form_id)
        return set(connection.scalars(query))


def test_purge_counts_contact_from_arrival_and_quiz_from_the_deadline(
    app, runner, add_entry, clock
):
    early = add_entry("kontakt", email="frueh@beispiel.de")
    quiz = add_entry(email="quiz@beispiel.de")
    clock.set(datetime(2021, 12, 1, 9, 0, tzinfo=BERLIN))
    late = add_entry("kontakt", email="spaet@beispiel.de")
    clock.set(datetime(2021, 12, 20, 9, 0, tzinfo=BERLIN))  # 183 days after the early message

    dry = runner.invoke(args=["purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "kontakt (180 Tage nach Eingang): 1 Eintrag, 1 E-Mail" in dry.output
    assert "smart-kassel-quiz (180 Tage nach Einsendeschluss): 0 Einträge" in dry.output
    assert early in dry.output and "Probelauf: nichts gelöscht." in dry.output
    assert "@" not in dry.output
    assert _references(app, "kontakt") == {early, late}

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert _references(app, "kontakt") == {late}
    assert _references(app, "smart-kassel-quiz") == {quiz}
    assert "frueh@beispiel.de" not in _all_stored_text(app)

    clock.set(datetime(2021, 12, 23, 0, 0, tzinfo=BERLIN))  # 180 days after 25 June 23:59:59
    runner.invoke(args=["purge"])
    assert _references(app, "smart-kassel-quiz") == set()
    assert "quiz@beispiel.de" not in _all_stored_text(app)


def test_purge_keeps_draw_protocols_which_hold_only_references(app, runner, add_entry, clock):
    reference = add_entry(email="gewinn@beispiel.de")
    clock.set(AFTER_QUIZ)
    # One entry for 21 prizes: the draw is stored, and exit 3 says prizes were left over.
    assert runner.invoke(args=["draw", "smart-kassel-quiz", "--seed", "1 2 3"]).exit_code == 3
    clock.set(datetime(2022, 1, 1, tzinfo=BERLIN))
    result = runner.invoke(args=["purge"])
    assert "Ziehungsprotokolle enthalten nur Referenzen" in result.output
    assert count_rows(app, submissions) == 0 and count_rows(app, outbox) == 0
    assert count_rows(app, draws) == 1
    stored = _all_stored_text(app)
    assert reference.lower() in stored and "gewinn@beispiel.de" not in stored


def test_purge_drops_sent_mail_copies_after_thirty_days_but_keeps_the_entry(
    app, runner, add_entry, clock
):
    add_entry("kontakt", email="kurz@beispiel.de")
    assert runner.invoke(args=["deliver"]).exit_code == 0  # to the log, marked sent
    clock.advance(days=29)
    runner.invoke(args=["purge"])
    assert count_rows(app, outbox) == 1
    clock.advance(days=2)
    result = runner.invoke(args=["purge"])
    assert "1 versendete E-Mail älter als 30 Tage" in result.output
    assert count_rows(app, outbox) == 0
    assert count_rows(app, submissions) == 1


def test_purge_leaves_entries_of_removed_forms_and_says_so(app, runner, add_entry, clock):
    add_entry("kontakt", email="alt@beispiel.de")
    with app.app_context(), engine().begin() as connection:
        connection.execute(sa.update(submissions).values(form_id="altes-formular"))
    clock.advance(days=400)
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0
    assert "1 Eintrag des Formulars 'altes-formular' ohne Definition wurde nicht" in result.output
    assert count_rows(app, submissions) == 1


def test_erase_removes_every_entry_and_mail_of_one_address(app, runner, add_entry):
    add_entry(email="Erika@Beispiel.de")
    add_entry("kontakt", email="erika@beispiel.de", name="Erika Mustermann")
    add_entry("kontakt", email="erika@beispiel.de", name="Erika M.")
    other = add_entry("kontakt", email="max@beispiel.de")
    with app.app_context(), engine().begin() as connection:
        # An entry stored without a keyed hash is still found by its stored address.
        connection.execute(
            sa.update(submissions)
            .where(
                submissions.c.form_id == "kontakt",
                submissions.c.data["name"].as_string() == "Erika M.",
            )
            .values(email_hash=None, dedupe_hash=None)
        )
    assert "erika@beispiel.de" in _all_stored_text(app)

    dry = runner.invoke(args=["erase", "ERIKA@beispiel.de ", "--dry-run"])
    assert "Würde löschen: 3 Einträge (kontakt: 2, smart-kassel-quiz: 1), 4 E-Mails" in dry.output
    assert count_rows(app, submissions) == 4

    result = runner.invoke(args=["erase", "ERIKA@beispiel.de "])
    assert result.exit_code == 0, result.output
    assert "Gelöscht: 3 Einträge (kontakt: 2, smart-kassel-quiz: 1), 4 E-Mails" in result.output
    assert "davon 4 noch nicht versendet" in result.output
    assert "erika@beispiel.de" not in _all_stored_text(app)
    assert _references(app, "kontakt") == {other}
    assert count_rows(app, outbox) == 1


def test_erase_points_out_other_entries_that_mention_the_address(app, runner, add_entry):
    mention = add_entry(
        "kontakt", email="max@beispiel.de", message="Bitte antworten Sie auch erika@beispiel.de."
    )
    result = runner.invoke(args=["erase", "erika@beispiel.de"])
    assert result.exit_code == 0
    assert "Gelöscht: 0 Einträge" in result.output
    assert f"bitte prüfen): {mention}" in result.output
    assert count_rows(app, submissions) == 1


def test_erase_refuses_the_office_address_and_non_addresses(app, runner, add_entry):
    add_entry("kontakt", email="max@beispiel.de")
    office = runner.invoke(args=["erase", "Smart@Kassel.de"])
    assert office.exit_code == 1
    assert "Adresse des Büros" in office.output
    assert runner.invoke(args=["erase", "niemand"]).exit_code == 1
    assert count_rows(app, outbox) == 1
