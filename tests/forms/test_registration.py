"""Event registration: seats in order of confirmation, waiting list, cancellation, closing."""

from __future__ import annotations

import multiprocessing
import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from forms.storage import entries
from forms.storage.tables import outbox, submissions

from .helpers import LINK, rows
from .registration_helpers import (
    FORM,
    URL,
    cancel_link,
    confirm_link,
    mails_to,
    path_of,
    registration,
    with_capacity,
    worker_main,
)

REPO = Path(__file__).resolve().parents[2]


def _register(client, proof, number: int = 1, **changes):
    answer = client.post(URL, json=registration(number, altcha=proof(), **changes))
    assert answer.status_code == 201, answer.get_json()
    return answer


def _register_and_confirm(client, app, proof, number: int):
    _register(client, proof, number)
    return client.post(confirm_link(app, f"person{number}@beispiel.de"))


def _seated(app) -> list[str]:
    return [row.data["email"] for row in rows(app) if row.seat == "seat"]


def test_the_form_shows_its_seats_and_a_registration_waits_for_its_confirmation(client, app, proof):
    described = client.get(URL).get_json()
    assert described["kind"] == "registration"
    assert described["seats"] == {"capacity": 20, "taken": 0, "left": 20, "waiting": 0}
    answer = _register(client, proof)
    assert "bestätigen Sie Ihre Anmeldung" in answer.get_json()["message"]
    [entry] = rows(app)
    assert (entry.seat, entry.queue_number, entry.confirmed_at) == (None, None, None)
    assert client.get(URL).get_json()["seats"]["left"] == 20  # nothing held before the click
    [mail] = rows(app, outbox)
    assert mail.kind == "optin" and "Anmeldung" in mail.subject


def test_confirming_takes_a_seat_and_mails_a_personal_cancellation_link(client, app, proof):
    page = _register_and_confirm(client, app, proof, 1)
    assert page.status_code == 200
    assert "Platz ist reserviert" in page.get_data(as_text=True)
    [entry] = rows(app)
    assert (entry.seat, entry.queue_number) == ("seat", 1)
    [mail] = mails_to(app, "person1@beispiel.de", "confirmation")
    assert "Anmeldung bestätigt" in mail.subject
    assert "/api/absagen/" in mail.body and "Obere Königsstraße 8" in mail.body
    assert entry.cancel_hash not in mail.body  # only the hash is stored
    assert client.get(URL).get_json()["seats"] == {
        "capacity": 20,
        "taken": 1,
        "left": 19,
        "waiting": 0,
    }


def test_when_full_the_next_ones_wait_in_order_and_the_pages_say_warteliste(client, app, proof):
    with_capacity(app, 2)
    for number in (1, 2):
        _register_and_confirm(client, app, proof, number)
    answer = _register(client, proof, 3)
    assert "Warteliste" in answer.get_json()["message"]
    third = client.post(confirm_link(app, "person3@beispiel.de"))
    assert "Warteliste" in third.get_data(as_text=True) and "Platz 1" in third.get_data(
        as_text=True
    )
    fourth = _register_and_confirm(client, app, proof, 4)
    assert "auf Platz 2" in fourth.get_data(as_text=True)
    [mail] = mails_to(app, "person4@beispiel.de", "confirmation")
    assert mail.subject.startswith("Warteliste") and "/api/absagen/" in mail.body
    assert _seated(app) == ["person1@beispiel.de", "person2@beispiel.de"]
    assert client.get(URL).get_json()["seats"] == {
        "capacity": 2,
        "taken": 2,
        "left": 0,
        "waiting": 2,
    }


def test_cancelling_moves_the_first_waiting_person_up_and_mails_them(client, app, proof):
    with_capacity(app, 1)
    for number in (1, 2, 3):
        _register_and_confirm(client, app, proof, number)
    link = cancel_link(app, "person1@beispiel.de")
    shown = client.get(link)
    assert shown.status_code == 200 and "Jetzt absagen" in shown.get_data(as_text=True)
    # The person sees which date they are about to cancel.
    event = "zu „Werkstatt Nachbarschafts-App im Stadtteil“ am "
    assert event in shown.get_data(as_text=True) and "18:00 Uhr" in shown.get_data(as_text=True)
    assert _seated(app) == ["person1@beispiel.de"]  # a GET (mail scanner) changes nothing
    done = client.post(link)
    assert done.status_code == 200 and "abgesagt" in done.get_data(as_text=True)
    assert event in done.get_data(as_text=True)
    assert _seated(app) == ["person2@beispiel.de"]
    [moved] = mails_to(app, "person2@beispiel.de", "moved_up")
    assert "Platz ist frei" in moved.subject and "/api/absagen/" in moved.body
    assert mails_to(app, "person3@beispiel.de", "moved_up") == []
    assert [m.subject for m in mails_to(app, "person1@beispiel.de")][-1].startswith("Ihre Absage")
    again = client.post(link)
    assert again.status_code == 410 and "bereits verwendet" in again.get_data(as_text=True)
    assert _seated(app) == ["person2@beispiel.de"]  # the second use frees nothing more
    assert client.get(URL).get_json()["seats"]["waiting"] == 1


def test_the_moved_up_persons_link_is_the_one_from_their_first_mail(client, app, proof):
    with_capacity(app, 1)
    for number in (1, 2):
        _register_and_confirm(client, app, proof, number)
    first_link = cancel_link(app, "person2@beispiel.de")
    client.post(cancel_link(app, "person1@beispiel.de"))
    assert cancel_link(app, "person2@beispiel.de") == first_link
    assert client.post(first_link).status_code == 200
    assert _seated(app) == []


def test_a_waiting_person_can_cancel_without_freeing_a_seat(client, app, proof):
    with_capacity(app, 1)
    for number in (1, 2, 3):
        _register_and_confirm(client, app, proof, number)
    client.post(cancel_link(app, "person2@beispiel.de"))
    client.post(cancel_link(app, "person1@beispiel.de"))
    assert _seated(app) == ["person3@beispiel.de"]


def test_a_cancelled_person_may_register_again(client, app, proof):
    _register_and_confirm(client, app, proof, 1)
    client.post(cancel_link(app, "person1@beispiel.de"))
    client.post(URL, json=registration(1, altcha=proof()))
    optins = mails_to(app, "person1@beispiel.de", "optin")
    assert len(optins) == 2
    assert (
        client.post(re.search(r"/api/bestaetigen/\S+", optins[-1].body).group(0)).status_code == 200
    )
    assert _seated(app) == ["person1@beispiel.de"]


def test_one_address_confirms_once(client, app, proof):
    _register_and_confirm(client, app, proof, 1)
    again = client.post(URL, json=registration(1, altcha=proof()))
    assert again.status_code == 409


@pytest.mark.parametrize(
    "token",
    ["", "abc", "abc.def", "A" * 400, "%00", "..%2F..%2Fetc"],
)
def test_hostile_cancellation_links_are_refused_in_german(client, app, proof, token):
    _register_and_confirm(client, app, proof, 1)
    for answer in (client.get(f"/api/absagen/{token}"), client.post(f"/api/absagen/{token}")):
        assert answer.status_code in (400, 404, 405)
        if answer.status_code == 400:
            assert "Link ist ungültig" in answer.get_data(as_text=True)
    assert _seated(app) == ["person1@beispiel.de"]


def test_a_confirmation_link_is_no_cancellation_link(client, app, proof):
    _register(client, proof, 1)
    forged = confirm_link(app, "person1@beispiel.de").replace("/bestaetigen/", "/absagen/")
    assert client.post(forged).status_code == 400


def test_a_cancellation_link_expires_when_the_event_starts(client, app, proof, clock):
    _register_and_confirm(client, app, proof, 1)
    link = cancel_link(app, "person1@beispiel.de")
    start = app.extensions["forms_definitions"][FORM].event.start
    clock.advance(seconds=(start - clock.now()).total_seconds())
    answer = client.post(link)
    assert answer.status_code == 410 and "Beginn des Termins" in answer.get_data(as_text=True)
    assert _seated(app) == ["person1@beispiel.de"]


def test_registration_closes_at_the_deadline_with_410(client, app, proof, clock):
    closes = app.extensions["forms_definitions"][FORM].closes
    clock.advance(seconds=(closes - clock.now()).total_seconds() - 60)
    _register(client, proof, 1)
    clock.advance(seconds=61)
    late = client.post(URL, json=registration(2, altcha=proof()))
    assert late.status_code == 410
    assert late.get_json()["message"].startswith(
        "Die Anmeldung für „Werkstatt Nachbarschafts-App im Stadtteil“ ist geschlossen: "
        "Anmeldeschluss war Montag, 30. August 2021, 12:00 Uhr."
    )
    confirm = client.post(confirm_link(app, "person1@beispiel.de"))
    assert confirm.status_code == 410 and "Anmeldung ist geschlossen" in confirm.get_data(
        as_text=True
    )
    assert client.get(URL).get_json()["open"] is False


def test_registration_closes_at_the_start_even_before_the_deadline(app):
    definition = app.extensions["forms_definitions"][FORM]
    from dataclasses import replace

    late_deadline = replace(definition, closes=None)
    assert late_deadline.status(definition.event.start - timedelta(seconds=1)) == "open"
    assert late_deadline.status(definition.event.start) == "closed"


def _pending(app, count: int) -> list[str]:
    """`count` pending registrations stored directly; their confirmation links in order."""
    definition = app.extensions["forms_definitions"][FORM]
    now = app.config["CLOCK"].now()
    with app.extensions["forms_engine"].connect() as connection:
        for number in range(1, count + 1):
            entries.save(
                connection,
                definition,
                {"name": f"Person {number}", "email": f"person{number}@beispiel.de"},
                all_correct=None,
                verified=True,
                now=now,
                secret="test-secret",
                confirm_url="/api/bestaetigen/",
            )
    found = {
        m.to_addr: LINK.search(m.body).group(0) for m in rows(app, outbox) if m.kind == "optin"
    }
    return [path_of(found[f"person{number}@beispiel.de"]) for number in range(1, count + 1)]


def test_200_confirmations_at_once_from_four_processes_fill_30_seats_exactly(app, config, tmp_path):
    """Several instances (processes, each with five connections) confirm at the same moment."""
    content = tmp_path / "forms"
    shutil.copytree(REPO / "content" / "forms", content)
    path = content / f"{FORM}.yml"
    path.write_text(path.read_text().replace("capacity: 20", "capacity: 30"))
    links = _pending(app, 200)
    processes, per_process, context = 4, 5, multiprocessing.get_context("spawn")
    batches = [links[i :: processes * per_process] for i in range(processes * per_process)]
    barrier, queue = context.Barrier(processes * per_process), context.Queue()
    now = app.config["CLOCK"].now().isoformat()
    workers = [
        context.Process(
            target=worker_main,
            args=(
                config["DATABASE_URL"],
                str(content),
                now,
                batches[p * per_process : (p + 1) * per_process],
                barrier,
                queue,
            ),
        )
        for p in range(processes)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=300) for _ in workers]
    for worker in workers:
        worker.join()
    assert not [r for r in results if isinstance(r, BaseException)], results
    answers = [batch for result in results for batch in result]
    assert sorted(status for batch in answers for _, status, _ in batch) == [200] * 200

    confirmed = [row for row in rows(app) if row.confirmed_at is not None]
    assert len(confirmed) == 200
    numbers = sorted(row.queue_number for row in confirmed)
    assert numbers == list(range(1, 201))  # every arrival numbered once, none twice
    seated = [row for row in confirmed if row.seat == "seat"]
    assert len(seated) == 30 and {row.queue_number for row in seated} == set(range(1, 31))
    assert len({row.data["email"] for row in seated}) == 30  # no seat given twice
    waiting = sorted((r for r in confirmed if r.seat == "waiting"), key=lambda r: r.queue_number)
    assert len(waiting) == 170

    by_link = {link: index + 1 for index, link in enumerate(links)}
    number_of = {f"person{row.data['email'][6:-12]}": row.queue_number for row in confirmed}
    for batch in answers:
        # One client's registrations arrived one after the other: their numbers rise.
        sequence = [number_of[f"person{by_link[link]}"] for link, _, _ in batch]
        assert sequence == sorted(sequence)
    ranks = []
    for batch in answers:
        for link, _, page in batch:
            found = re.search(r"auf Platz (\d+)", page)
            if number_of[f"person{by_link[link]}"] > 30:
                ranks.append(int(found.group(1)))
            else:
                assert found is None and "Platz ist reserviert" in page
    assert sorted(ranks) == list(range(1, 171))  # the waiting list in order of arrival
    kinds = [mail.kind for mail in rows(app, outbox)]
    assert kinds.count("confirmation") == 200 and kinds.count("moved_up") == 0


def test_concurrent_cancellations_move_up_each_waiting_person_once(app, client, proof):
    import threading

    with_capacity(app, 3)
    for number in range(1, 7):
        _register_and_confirm(client, app, proof, number)
    links = [cancel_link(app, f"person{n}@beispiel.de") for n in (1, 2, 3)]
    start = threading.Barrier(6)
    answers = []

    def press(link: str) -> None:
        browser = app.test_client()
        start.wait()
        answers.append(browser.post(link).status_code)

    threads = [threading.Thread(target=press, args=(link,)) for link in links * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200] * 3 + [410] * 3
    assert sorted(_seated(app)) == [f"person{n}@beispiel.de" for n in (4, 5, 6)]
    assert len([m for m in rows(app, outbox) if m.kind == "moved_up"]) == 3


def test_raw_database_refuses_a_second_row_with_the_same_queue_number(app, client, proof):
    _register_and_confirm(client, app, proof, 1)
    _register(client, proof, 2)
    engine = app.extensions["forms_engine"]
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as connection:
        connection.execute(
            sa.update(submissions)
            .where(submissions.c.queue_number.is_(None))
            .values(queue_number=1)
        )


def test_withdrawing_through_meine_daten_frees_the_seat_at_once(client, app, proof):
    """Like the cancellation link: the first person waiting moves up and is mailed, no deliver."""
    with_capacity(app, 1)
    for number in (1, 2, 3):
        _register_and_confirm(client, app, proof, number)
    asked = client.post("/api/meine-daten", json={"email": "person1@beispiel.de", "website": ""})
    assert asked.status_code == 202
    assert app.test_cli_runner().invoke(args=["deliver"]).exit_code == 0
    [access_mail] = mails_to(app, "person1@beispiel.de", "access")
    link = path_of(re.search(r"\S*/api/meine-daten/[A-Za-z0-9_.-]+", access_mail.body).group(0))
    page = client.post(link, data={"aktion": "anzeigen"}).get_data(as_text=True)
    withdraw = re.search(r'<form method="post" action="([^"]+)">\s*<button[^>]*zurueckziehen', page)
    done = client.post(path_of(withdraw.group(1)), data={"aktion": "zurueckziehen"})
    assert done.status_code == 200
    assert _seated(app) == ["person2@beispiel.de"]
    [moved] = mails_to(app, "person2@beispiel.de", "moved_up")
    assert "Platz ist frei" in moved.subject
    assert mails_to(app, "person3@beispiel.de", "moved_up") == []
    assert client.get(URL).get_json()["seats"] == {
        "capacity": 1,
        "taken": 1,
        "left": 0,
        "waiting": 1,
    }


QUIZ_WORDS = ("teilgenommen", "Teilnahme", "Losnummer", "Verlosung")


def _speaks_of_registration(text: str) -> None:
    assert not [word for word in QUIZ_WORDS if word in text], text
    assert "Anmeld" in text or "angemeldet" in text


def test_a_second_registration_is_told_it_is_registered_not_that_it_took_part(client, app, proof):
    _register_and_confirm(client, app, proof, 1)
    again = client.post(URL, json=registration(1, altcha=proof()))
    body = again.get_json()
    assert (again.status_code, body["error"]) == (409, "duplicate")
    assert body["title"] == "Sie sind bereits angemeldet"
    _speaks_of_registration(body["message"])
    assert "Bestätigungsmail" in body["message"] and "Absagen" in body["message"]

    form = registration(1, altcha=proof()) | {"consent": "on"}
    page = client.post(URL, data=form).get_data(as_text=True)  # the no-JavaScript path
    assert "Sie sind bereits angemeldet" in page
    _speaks_of_registration(page.split("<main", 1)[1].split("</main>", 1)[0])


def test_confirmation_pages_of_a_registration_never_speak_of_a_quiz(client, app, proof, clock):
    _register(client, proof, 1)
    first = confirm_link(app, "person1@beispiel.de")
    client.post(cancel_link_free := first)  # seated
    client.post(cancel_link(app, "person1@beispiel.de"))  # cancelled: the entry is gone
    gone = client.get(cancel_link_free)
    assert gone.status_code in (404, 410)
    _speaks_of_registration(gone.get_data(as_text=True).split("<main", 1)[1])

    _register(client, proof, 2)
    clock.advance(hours=73)
    expired = client.get(confirm_link(app, "person2@beispiel.de"))
    assert expired.status_code == 410
    text = expired.get_data(as_text=True).split("<main", 1)[1]
    _speaks_of_registration(text)
    assert "abgelaufen" in text and "erneut anmelden" in text


def test_confirming_a_second_pending_registration_says_already_registered(client, app, proof):
    _register(client, proof, 1)
    _register(client, proof, 1)  # unconfirmed entries do not lock an address out
    first, second = (
        path_of(LINK.search(m.body).group(0)) for m in mails_to(app, "person1@beispiel.de", "optin")
    )
    assert client.post(first).status_code == 200
    answer = client.post(second)
    assert answer.status_code == 409
    text = answer.get_data(as_text=True).split("<main", 1)[1]
    _speaks_of_registration(text)
    assert "Bestätigungsmail" in text
    assert _seated(app) == ["person1@beispiel.de"]
