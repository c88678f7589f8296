"""Accepted submissions: what is stored, what is mailed, what the person is told."""

from __future__ import annotations

import pytest

from forms.storage.tables import outbox

from .helpers import confirm, contact, quiz, rows, ticket_on


def test_health_answers_once_the_database_does(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_health_says_503_in_german_when_the_database_is_gone(app, client, tmp_path):
    import sqlalchemy as sa

    app.extensions["forms_engine"] = sa.create_engine(f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = client.get("/api/health")
    assert response.status_code == 503
    assert "nicht erreichbar" in response.get_json()["message"]


def test_contact_message_as_json_is_stored_with_its_notification(client, app, proof):
    response = client.post("/api/forms/kontakt", json=contact(altcha=proof()))
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"id", "message"}
    assert body["message"].startswith("Vielen Dank")
    [entry] = rows(app)
    assert entry.reference == body["id"]
    assert entry.verified is True
    assert entry.data == {
        "name": "Erika Mustermann",
        "email": "erika@beispiel.de",
        "subject": "idee",
        "message": "Mehr Bänke am Königsplatz, bitte.",
        "consent": True,
    }
    [mail] = rows(app, outbox)
    assert (mail.submission_id, mail.kind, mail.status) == (entry.id, "notify", "pending")
    assert mail.to_addr == "smart@kassel.de"
    assert mail.reply_to == "erika@beispiel.de"
    assert "Idee oder Anregung" in mail.subject
    assert "Mehr Bänke am Königsplatz" in mail.body


def test_unknown_extra_fields_are_ignored_and_not_stored(client, app, proof):
    data = contact(altcha=proof(), phone="0561 123456", is_admin=True, note="a\x00b")
    assert client.post("/api/forms/kontakt", json=data).status_code == 201
    [entry] = rows(app)
    assert "phone" not in entry.data and "is_admin" not in entry.data
    assert "0561 123456" not in str(entry)


def test_form_post_without_javascript_redirects_to_the_thank_you_page(client, app):
    form = contact(consent="ja")
    response = client.post("/api/forms/kontakt", data=form)
    assert response.status_code == 303
    assert response.headers["Location"] == "/kontakt/danke/"
    [entry] = rows(app)
    assert entry.verified is False
    assert entry.data["consent"] is True


def test_quiz_entry_is_scored_but_the_answer_does_not_say_how(client, app, proof):
    right = client.post("/api/forms/smart-kassel-quiz", json=quiz(altcha=proof()))
    wrong = client.post(
        "/api/forms/smart-kassel-quiz",
        json=quiz(email="mira@beispiel.de", kommunen="100", altcha=proof()),
    )
    assert right.status_code == wrong.status_code == 201
    assert right.get_json()["message"] == wrong.get_json()["message"]
    first, second = rows(app)
    assert (first.all_correct, second.all_correct) == (True, False)
    assert first.raffles == ["buergerrat", "auebad"]
    for stored in (first, second):
        assert "kommunen" not in stored.data and "32" not in str(stored.data)


def test_quiz_entrant_gets_a_confirmation_with_the_public_reference(client, app, proof):
    client.post("/api/forms/smart-kassel-quiz", json=quiz(altcha=proof()))
    reference = ticket_on(confirm(client, app).get_data(as_text=True))
    mails = {mail.kind: mail for mail in rows(app, outbox)}
    assert set(mails) == {"optin", "notify", "confirmation"}
    assert mails["confirmation"].to_addr == "jonas@beispiel.de"
    assert reference in mails["confirmation"].body
    assert "Freitag, 25. Juni 2021, 23:59 Uhr" in mails["confirmation"].body
    assert mails["notify"].reply_to is None
    assert "jonas@beispiel.de" not in mails["notify"].body


def test_raffle_choice_from_a_form_post_keeps_every_checked_box(client, app):
    form = quiz(conditions="ja", consent="ja")
    response = client.post("/api/forms/smart-kassel-quiz", data=form)
    assert response.status_code == 303
    assert response.headers["Location"] == "/mitmachen/quiz/danke/"
    assert rows(app)[0].raffles == ["buergerrat", "auebad"]


def test_text_is_stored_nfc_normalised_and_trimmed(client, app, proof):
    decomposed = "Jo\u0308rg"  # o + combining diaeresis
    data = contact(name=f"  {decomposed} ", altcha=proof())
    assert client.post("/api/forms/kontakt", json=data).status_code == 201
    assert rows(app)[0].data["name"] == "J\u00f6rg"


def test_line_breaks_are_kept_in_a_message(client, app, proof):
    data = contact(message="Zeile eins\r\nZeile zwei\n\tEingerückt", altcha=proof())
    assert client.post("/api/forms/kontakt", json=data).status_code == 201
    assert rows(app)[0].data["message"] == "Zeile eins\nZeile zwei\n\tEingerückt"


@pytest.mark.parametrize("form_id", ["kontakt", "smart-kassel-quiz"])
def test_public_definition_never_contains_answers_or_office_addresses(client, form_id):
    response = client.get(f"/api/forms/{form_id}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert '"answer"' not in text and "smart@kassel.de" not in text
    assert "examples" not in response.get_json()
    assert response.get_json()["open"] is True
