"""Double opt-in: a quiz entry counts once its address confirmed it, through a single-use link."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest

from forms import keys
from forms.office import draws
from forms.storage.tables import outbox

from .helpers import confirm, confirmation_link, contact, quiz, rows, ticket_on

QUIZ = "/api/forms/smart-kassel-quiz"


def _enter(client, proof, **changes):
    response = client.post(QUIZ, json=quiz(altcha=proof(), **changes))
    assert response.status_code == 201, response.get_json()
    return response


def _eligible(app) -> list[str]:
    definition = app.extensions["forms_definitions"]["smart-kassel-quiz"]
    with app.extensions["forms_engine"].connect() as connection:
        pools = draws.eligible_pools(connection, definition, list(definition.prizes), None)
    return sorted({ref for _, references in pools for ref in references})


def test_an_entry_waits_for_its_confirmation_and_only_a_mail_with_a_link_goes_out(
    client, app, proof
):
    response = _enter(client, proof)
    assert (
        "Bitte bestätigen Sie Ihre Teilnahme über den Link in der E-Mail"
        in (response.get_json()["message"])
    )
    [entry] = rows(app)
    assert (entry.confirmed_at, entry.ticket, entry.dedupe_hash) == (None, None, None)
    [mail] = rows(app, outbox)
    assert (mail.kind, mail.to_addr) == ("optin", "jonas@beispiel.de")
    assert "/api/bestaetigen/" in mail.body and "Losnummer" in mail.body
    assert entry.confirm_hash and entry.confirm_hash not in mail.body  # only a hash is kept
    assert _eligible(app) == []


def test_opening_the_link_shows_a_button_and_changes_nothing(client, app, proof):
    """Mail scanners fetch every link in a mail: a GET must not confirm."""
    _enter(client, proof)
    for _ in range(3):
        page = client.get(confirmation_link(app))
        assert page.status_code == 200
        assert "Teilnahme jetzt bestätigen" in page.get_data(as_text=True)
        assert page.headers["Cache-Control"] == "no-store"
    assert rows(app)[0].confirmed_at is None
    assert len(rows(app, outbox)) == 1


def test_the_button_confirms_issues_the_losnummer_and_mails_it(client, app, proof, clock):
    created = _enter(client, proof).get_json()["id"]
    clock.advance(minutes=10)
    page = confirm(client, app)
    assert page.status_code == 200
    ticket = ticket_on(page.get_data(as_text=True))
    [entry] = rows(app)
    assert entry.confirmed_at == clock.now() and entry.ticket == ticket != created
    assert entry.dedupe_hash == keys.email_hash("test-secret", "jonas@beispiel.de")
    mails = {mail.kind: mail for mail in rows(app, outbox)}
    assert set(mails) == {"optin", "confirmation", "notify"}
    assert ticket in mails["confirmation"].body and ticket in mails["notify"].body
    assert _eligible(app) == [ticket]


def test_a_link_used_twice_is_refused_with_410(client, app, proof):
    _enter(client, proof)
    link = confirmation_link(app)
    assert client.post(link).status_code == 200
    for again in (client.post(link), client.get(link)):
        assert again.status_code == 410
        assert "bereits verwendet" in again.get_data(as_text=True)
    assert len(rows(app, outbox)) == 3  # no second receipt


def test_an_expired_link_is_refused_with_410_by_the_preview_clock(client, app, proof, clock):
    _enter(client, proof)
    link = confirmation_link(app)
    clock.advance(hours=72, seconds=1)
    for answer in (client.get(link), client.post(link)):
        assert answer.status_code == 410
        assert "abgelaufen" in answer.get_data(as_text=True)
    assert rows(app)[0].confirmed_at is None


def test_a_link_is_still_good_just_before_it_expires(client, app, proof, clock):
    _enter(client, proof)
    clock.advance(hours=71, minutes=59)
    assert confirm(client, app).status_code == 200


def _tampered(link: str) -> list[str]:
    prefix, token = link.rsplit("/", 1)
    payload, mac = token.split(".")
    flipped = mac[:-2] + ("A" if mac[-2] != "A" else "B") + mac[-1]
    later = keys._b64(keys._unb64(payload)[:-1] + b"\xff")  # a later expiry, same signature
    other_key = keys.sign_link("other-secret", "confirm", 2**40)[0]
    other_purpose = keys.sign_link("test-secret", "access", 2**40)[0]
    return [
        f"{prefix}/{payload}.{flipped}",
        f"{prefix}/{later}.{mac}",
        f"{prefix}/{payload}",
        f"{prefix}/{payload}.{mac}x",
        f"{prefix}/{payload}.{mac}%C3%A4",
        f"{prefix}/{other_key}",
        f"{prefix}/{other_purpose}",
    ]


def test_a_tampered_link_is_refused_with_400_in_german(client, app, proof):
    _enter(client, proof)
    for link in _tampered(confirmation_link(app)):
        for answer in (client.get(link), client.post(link)):
            assert answer.status_code == 400, link
            assert "Dieser Link ist ungültig" in answer.get_data(as_text=True)
    assert rows(app)[0].confirmed_at is None


def test_a_signed_link_whose_entry_is_gone_is_404(client, app, proof, clock):
    token = keys.sign_link("test-secret", "confirm", int(clock.now().timestamp()) + 60)[0]
    answer = client.post(f"/api/bestaetigen/{token}")
    assert answer.status_code == 404
    assert "nichts (mehr) gespeichert" in answer.get_data(as_text=True)


def test_someone_elses_pending_entry_does_not_lock_the_owner_out(client, app, proof):
    _enter(client, proof, first_name="Mallory")
    stranger_link = confirmation_link(app)
    owner = _enter(client, proof, first_name="Jonas")
    assert owner.status_code == 201
    page = confirm(client, app)  # the owner's own, newer mail
    assert page.status_code == 200
    ticket = ticket_on(page.get_data(as_text=True))
    late = client.post(stranger_link)
    assert late.status_code == 409
    assert "bereits teilgenommen" in late.get_data(as_text=True)
    confirmed = [row for row in rows(app) if row.confirmed_at is not None]
    assert [row.data["first_name"] for row in confirmed] == ["Jonas"]
    assert _eligible(app) == [ticket]


def test_after_a_confirmation_a_new_entry_of_that_address_is_409(client, app, proof):
    _enter(client, proof)
    confirm(client, app)
    again = client.post(QUIZ, json=quiz(email="JONAS@beispiel.de", altcha=proof()))
    assert again.status_code == 409
    assert len(rows(app)) == 1


def test_an_entry_without_javascript_counts_once_confirmed(client, app):
    form = quiz(conditions="ja", consent="ja")
    response = client.post(QUIZ, data=form)
    assert response.status_code == 303
    assert rows(app)[0].verified is False
    ticket = ticket_on(confirm(client, app).get_data(as_text=True))
    assert _eligible(app) == [ticket]


def test_no_confirmation_after_the_deadline(client, app, proof, clock):
    definition = app.extensions["forms_definitions"]["smart-kassel-quiz"]
    clock.set(definition.closes - timedelta(minutes=30))
    _enter(client, proof)
    clock.set(definition.closes + timedelta(seconds=1))
    answer = confirm(client, app)
    assert answer.status_code == 410
    assert "Einsendeschluss" in answer.get_data(as_text=True)


def test_two_clicks_at_once_confirm_once(app, client, proof):
    _enter(client, proof)
    link = confirmation_link(app)
    start = threading.Barrier(6)
    answers = []

    def press() -> None:
        browser = app.test_client()
        start.wait()
        answers.append(browser.post(link).status_code)

    threads = [threading.Thread(target=press) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200] + [410] * 5
    assert [mail.kind for mail in rows(app, outbox)].count("confirmation") == 1


@pytest.mark.parametrize("hours", [71, 73])
def test_purge_deletes_unconfirmed_entries_after_72_hours(app, client, proof, clock, hours):
    _enter(client, proof, email="wartet@beispiel.de")
    _enter(client, proof)
    confirm(client, app)
    clock.advance(hours=hours)
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    left = sorted(row.data["email"] for row in rows(app))
    expected = ["jonas@beispiel.de", "wartet@beispiel.de"] if hours < 72 else ["jonas@beispiel.de"]
    assert left == expected


def test_contact_messages_need_no_confirmation_but_the_office_is_told(client, app, proof):
    assert client.post("/api/forms/kontakt", json=contact(altcha=proof())).status_code == 201
    [entry] = rows(app)
    assert entry.confirmed_at is not None
    [mail] = rows(app, outbox)
    assert mail.kind == "notify"
    assert "Absenderadresse ist nicht bestätigt" in mail.body
