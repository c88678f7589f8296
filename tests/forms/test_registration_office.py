"""The office's side of event registrations: reminders, refills, purge, list, stats, CSV."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from forms.storage.tables import outbox, submissions

from .helpers import rows
from .registration_helpers import (
    FORM,
    URL,
    cancel_link,
    confirm_link,
    mails_to,
    registration,
    with_capacity,
)


def _seat_for(client, app, proof, number: int, **changes) -> None:
    answer = client.post(URL, json=registration(number, altcha=proof(), **changes))
    assert answer.status_code == 201
    assert client.post(confirm_link(app, f"person{number}@beispiel.de")).status_code == 200


def _move_to(clock, moment) -> None:
    clock.advance(seconds=(moment - clock.now()).total_seconds())


def _event(app):
    return app.extensions["forms_definitions"][FORM].event


def test_deliver_sends_one_reminder_with_the_link_two_days_before(
    client, app, proof, runner, clock
):
    with_capacity(app, 1)
    for number in (1, 2):
        _seat_for(client, app, proof, number)
    _move_to(clock, _event(app).start - timedelta(days=2, minutes=1))
    assert runner.invoke(args=["deliver"]).exit_code == 0
    assert mails_to(app, "person1@beispiel.de", "reminder") == []  # not due yet
    clock.advance(minutes=2)
    first = runner.invoke(args=["deliver"])
    assert first.exit_code == 0 and "Erinnerungen eingereiht: 1" in first.output
    assert runner.invoke(args=["deliver"]).exit_code == 0
    [reminder] = mails_to(app, "person1@beispiel.de", "reminder")
    assert reminder.subject.startswith("Erinnerung:") and reminder.status == "sent"
    assert "/api/absagen/" in reminder.body and "18:00 Uhr" in reminder.body
    assert mails_to(app, "person2@beispiel.de", "reminder") == []  # waiting: no reminder
    assert cancel_link(app, "person1@beispiel.de") in reminder.body


def test_a_seat_freed_through_meine_daten_goes_to_the_waiting_list_on_deliver(
    client, app, proof, runner
):
    with_capacity(app, 1)
    for number in (1, 2):
        _seat_for(client, app, proof, number)
    with app.extensions["forms_engine"].begin() as connection:
        seated = [r.id for r in rows(app) if r.seat == "seat"]
        connection.execute(sa.delete(outbox).where(outbox.c.submission_id.in_(seated)))
        connection.execute(sa.delete(submissions).where(submissions.c.id.in_(seated)))
    result = runner.invoke(args=["deliver"])
    assert "von der Warteliste nachgerückt: 1" in result.output
    assert [r.seat for r in rows(app)] == ["seat"]
    assert len(mails_to(app, "person2@beispiel.de", "moved_up")) == 1


def test_purge_deletes_registrations_n_days_after_the_event(client, app, proof, runner, clock):
    _seat_for(client, app, proof, 1)
    keep = app.extensions["forms_definitions"][FORM].retention_days
    _move_to(clock, _event(app).end + timedelta(days=keep) - timedelta(minutes=1))
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert "14 Tage nach dem Termin" in dry.output
    runner.invoke(args=["purge"])
    assert len(rows(app)) == 1
    clock.advance(minutes=2)
    assert runner.invoke(args=["purge"]).exit_code == 0
    assert rows(app) == [] and rows(app, outbox) == []


def test_participant_list_to_print_has_seats_in_order_and_the_waiting_list(
    client, app, proof, runner
):
    with_capacity(app, 2)
    for number in (1, 2, 3):
        _seat_for(client, app, proof, number, needs="Gebärdensprache" if number == 2 else "")
    client.post(cancel_link(app, "person1@beispiel.de"))
    result = runner.invoke(args=["export", FORM, "--participants"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Teilnehmendenliste: Werkstatt Nachbarschafts-App" in text
    assert "Plätze: 2, vergeben: 2, Warteliste: 0" in text
    assert text.index("Person 2") < text.index("Person 3")
    assert "Person 1" not in text and "Gebärdensprache" in text and "[ ]" in text


def test_the_number_in_each_mail_is_the_number_on_the_printed_list(client, app, proof, runner):
    """At the door a participant names the Anmeldenummer of their mail; staff find it listed."""
    with_capacity(app, 1)
    for number in (1, 2):
        _seat_for(client, app, proof, number)
    listed = runner.invoke(args=["export", FORM, "--participants"]).output.splitlines()
    for number in (1, 2):
        [mail] = [m for m in mails_to(app, f"person{number}@beispiel.de") if m.kind != "optin"]
        code = re.search(r"Ihre Anmeldenummer: (\S+)", mail.body).group(1)
        [line] = [line for line in listed if f"Person {number} " in line]
        assert code in line, (code, line)


def test_the_printed_list_keeps_long_and_wide_names_whole_and_in_line(client, app, proof, runner):
    long_name = "Maria-Theresia von Hohenberg-Schmidt-Wilhelmshöhe"
    _seat_for(client, app, proof, 1, name=long_name)
    _seat_for(client, app, proof, 2, name="李雷 韩梅梅")
    listed = runner.invoke(args=["export", FORM, "--participants"]).output.splitlines()
    start = next(i for i, line in enumerate(listed) if line.lstrip().startswith("Nr."))
    table = listed[start:]
    name_column = [line[5:33].strip() for line in table[1:4]]  # the first person's lines
    joined = "".join(part if part.endswith("-") else part + " " for part in name_column)
    assert joined.strip() == long_name, table
    boxes = [line for line in table if "[ ]" in line]
    assert len(boxes) == 2
    column = {sum(2 if ord(c) > 0x2E80 else 1 for c in line[: line.index("[ ]")]) for line in boxes}
    assert len(column) == 1, boxes  # the tick boxes stand one under the other on paper


def test_participants_only_for_registrations(runner):
    result = runner.invoke(args=["export", "kontakt", "--participants"])
    assert result.exit_code != 0 and "keine Anmeldung" in result.output


def test_csv_export_names_each_persons_place(client, app, proof, runner):
    with_capacity(app, 1)
    for number in (1, 2):
        _seat_for(client, app, proof, number)
    lines = [line.split(";") for line in runner.invoke(args=["export", FORM]).output.splitlines()]
    header = lines[0]
    assert header[0] == "\ufeffAnmeldenummer" and "Losnummer" not in header
    assert header[-3:-1] == ["Platz", "Wartelistenplatz"]
    assert lines[1][-3:-1] == ["Platz", ""] and lines[2][-3:-1] == ["Warteliste", "1"]


def test_csv_export_gives_the_waiting_lists_order(client, app, proof, runner):
    with_capacity(app, 1)
    for number in (1, 2, 3, 4):
        _seat_for(client, app, proof, number)
    client.post(cancel_link(app, "person2@beispiel.de"))  # leaves the waiting list
    lines = [line.split(";") for line in runner.invoke(args=["export", FORM]).output.splitlines()]
    name = lines[0].index("Ihr Name")
    places = {line[name]: line[-3:-1] for line in lines[1:]}
    assert places == {
        "Person 1": ["Platz", ""],
        "Person 2": ["abgesagt", ""],
        "Person 3": ["Warteliste", "1"],
        "Person 4": ["Warteliste", "2"],
    }


def test_stats_show_seats_waiting_list_and_cancellations(client, app, proof, runner):
    with_capacity(app, 2)
    for number in (1, 2, 3, 4):
        _seat_for(client, app, proof, number)
    client.post(cancel_link(app, "person1@beispiel.de"))
    output = runner.invoke(args=["stats", FORM]).output
    assert "Plätze: 2, vergeben: 2, frei: 0" in output
    assert "Warteliste: 1" in output and "Absagen: 1" in output
    assert "person" not in output  # no personal data


def test_access_shows_a_registrations_place(client, app, proof, runner):
    import json

    _seat_for(client, app, proof, 1)
    report = json.loads(runner.invoke(args=["access", "person1@beispiel.de"]).output)
    [entry] = report["forms"][FORM]
    assert (entry["seat"], entry["queue_number"], entry["cancelled_at"]) == ("seat", 1, None)


def test_every_mail_of_a_registration_reads_evenly(client, app, proof, runner, clock):
    """No double blank lines where a template's branch was left out, no overlong lines."""
    with_capacity(app, 1)
    for number in (1, 2):
        _seat_for(client, app, proof, number)
    client.post(cancel_link(app, "person1@beispiel.de"))  # person 2 moves up
    _move_to(clock, _event(app).start - timedelta(days=1))
    runner.invoke(args=["deliver"])  # the reminder
    mails = [m for m in rows(app, outbox) if m.to_addr.startswith("person")]
    assert {m.kind for m in mails} >= {"optin", "confirmation", "moved_up", "reminder"}
    for mail in mails:
        assert "\n\n\n" not in mail.body, (mail.kind, mail.body)
        long = [line for line in mail.body.splitlines() if len(line) > 100 and "/api/" not in line]
        assert not long, (mail.kind, long)


def test_moving_up_close_to_the_event_is_its_reminder_not_two_mails_in_minutes(
    client, app, proof, runner, clock
):
    with_capacity(app, 1)
    for number in (1, 2):
        _seat_for(client, app, proof, number)
    _move_to(clock, _event(app).start - timedelta(days=1))  # inside the reminder window
    runner.invoke(args=["deliver"])  # person 1's reminder
    client.post(cancel_link(app, "person1@beispiel.de"))
    [moved] = mails_to(app, "person2@beispiel.de", "moved_up")
    assert "18:00 Uhr" in moved.body and "/api/absagen/" in moved.body  # what a reminder says
    clock.advance(minutes=5)
    runner.invoke(args=["deliver"])
    assert mails_to(app, "person2@beispiel.de", "reminder") == []
