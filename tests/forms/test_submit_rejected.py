"""Every bad request gets its status and a German message, and the database stays unchanged."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest

from forms import keys
from forms.intake import antispam
from forms.intake.api import DUPLICATE
from forms.storage.tables import outbox

from .helpers import confirm, contact, quiz, rows


def assert_rejected(app, response, status, *phrases):
    """The answer has `status`, says each phrase, and nothing was written."""
    assert response.status_code == status, response.get_data(as_text=True)
    text = response.get_data(as_text=True)
    if response.is_json:
        text = json.dumps(response.get_json(), ensure_ascii=False)
    for phrase in phrases:
        assert phrase in text
    assert rows(app) == []
    assert rows(app, outbox) == []


def test_unknown_form_is_404(client, app, proof):
    response = client.post("/api/forms/gewinnspiel", json=contact(altcha=proof()))
    assert_rejected(app, response, 404, "Dieses Formular gibt es nicht")
    assert client.get("/api/forms/gewinnspiel").status_code == 404


@pytest.mark.parametrize(
    ("moment", "status", "phrase"),
    [
        ("2021-06-17T23:59:59+02:00", 403, "beginnt am Freitag, 18. Juni 2021, 00:00 Uhr"),
        ("2021-06-26T00:00:00+02:00", 410, "Einsendeschluss"),
        # 22:30 UTC on the 25th is already the 26th in Kassel.
        ("2021-06-25T22:30:00+00:00", 410, "Freitag, 25. Juni 2021, 23:59 Uhr"),
    ],
)
def test_quiz_outside_its_window_is_refused(client, app, clock, moment, status, phrase):
    clock.set(datetime.fromisoformat(moment))
    response = client.post("/api/forms/smart-kassel-quiz", json=quiz())
    assert_rejected(app, response, status, phrase)
    assert client.get("/api/forms/smart-kassel-quiz").get_json()["open"] is False


@pytest.mark.parametrize("moment", ["2021-06-18T00:00:00+02:00", "2021-06-25T23:59:59+02:00"])
def test_quiz_takes_entries_on_the_first_and_the_last_second(client, app, clock, moment):
    clock.set(datetime.fromisoformat(moment) - timedelta(seconds=5))
    payload = antispam.solve(client.get("/api/challenge").get_json())
    clock.set(datetime.fromisoformat(moment))
    response = client.post("/api/forms/smart-kassel-quiz", json=quiz(altcha=payload))
    assert response.status_code == 201
    assert len(rows(app)) == 1


@pytest.mark.parametrize(
    ("changes", "field", "phrase"),
    [
        ({"email": ""}, "email", "Bitte geben Sie Ihre E-Mail-Adresse ein"),
        ({"email": "erika.beispiel.de"}, "email", "im Format name@beispiel.de"),
        ({"email": "erika@beispiel"}, "email", "im Format name@beispiel.de"),
        ({"consent": False}, "consent", "Bitte bestätigen Sie"),
        ({"subject": "werbung"}, "subject", "bei „Worum geht es?“ eine der angezeigten"),
        ({"message": "x" * 3001}, "message", "Bitte kürzen Sie den Text auf höchstens 3.000"),
        ({"name": "N" * 101}, "name", "„Ihr Name“ ist zu lang"),
        ({"name": "Erika\x00"}, "name", "Steuerzeichen"),
        ({"message": "Hallo\x1b[31m"}, "message", "Steuerzeichen"),
        ({"email": "erika@beispiel.de\r\nBcc: x@y.de"}, "email", "Steuerzeichen"),
        ({"name": "\ud800"}, "name", "ungültige Zeichen"),
        ({"name": ["Erika"]}, "name", "einen Text ein"),
    ],
)
def test_contact_field_errors_are_422_with_a_message_per_field(
    client, app, proof, changes, field, phrase
):
    body = json.dumps(contact(altcha=proof(), **changes))  # a lone surrogate travels escaped
    response = client.post("/api/forms/kontakt", data=body, content_type="application/json")
    assert_rejected(app, response, 422, phrase)
    assert list(response.get_json()["errors"]) == [field]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kommunen": "33"}, "kommunen"),
        ({"auftakt": None}, "auftakt"),
        ({"raffles": ["hauptgewinn"]}, "raffles"),
        ({"raffles": []}, "raffles"),
        ({"raffles": ["auebad", "auebad"]}, "raffles"),
        ({"kommunen": 32}, "kommunen"),
        ({"raffles": ["auebad"], "consent": "nein"}, "consent"),
        ({"conditions": False}, "conditions"),
        ({"first_name": "Jo\x07nas"}, "first_name"),
    ],
)
def test_quiz_field_errors_are_422(client, app, proof, changes, field):
    response = client.post("/api/forms/smart-kassel-quiz", json=quiz(altcha=proof(), **changes))
    assert_rejected(app, response, 422)
    assert list(response.get_json()["errors"]) == [field]


def test_second_quiz_entry_with_the_same_address_in_other_case_is_409(client, app, proof):
    first = client.post("/api/forms/smart-kassel-quiz", json=quiz(altcha=proof()))
    assert first.status_code == 201
    assert confirm(client, app).status_code == 200
    second = client.post(
        "/api/forms/smart-kassel-quiz",
        json=quiz(email="  JONAS@Beispiel.DE ", first_name="Jo", altcha=proof()),
    )
    assert second.status_code == 409
    assert second.get_json()["message"] == DUPLICATE
    assert "Ihre erste Teilnahme zählt" in DUPLICATE
    # Without JavaScript the same words, under the same title the script shows.
    page = client.post("/api/forms/smart-kassel-quiz", data=quiz(consent="ja"))
    assert page.status_code == 409
    text = page.get_data(as_text=True)
    assert "<title>Fehler: Sie haben bereits teilgenommen" in text
    assert DUPLICATE in text
    [entry] = rows(app)
    assert entry.data["first_name"] == "Jonas"
    assert {mail.kind for mail in rows(app, outbox)} == {"optin", "confirmation", "notify"}


def test_the_unique_key_is_a_keyed_hash_not_the_address(client, app, proof):
    client.post("/api/forms/smart-kassel-quiz", json=quiz(altcha=proof()))
    confirm(client, app)
    [entry] = rows(app)
    assert entry.dedupe_hash == keys.email_hash("test-secret", "Jonas@Beispiel.de")
    assert "jonas" not in entry.dedupe_hash


def test_contact_messages_may_come_twice_from_one_address(client, app, proof):
    for _ in range(2):
        assert client.post("/api/forms/kontakt", json=contact(altcha=proof())).status_code == 201
    assert len(rows(app)) == 2


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        (b'{"email": "erika@beispiel.de",', "kein gültiges JSON"),
        (b"\xff\xfe{}", "kein gültiges JSON"),
        (b'["email"]', "JSON-Objekt"),
        (b"[" * 100000 + b"]" * 100000, None),
        (b'{"n": 1' + b"0" * 5000 + b"}", "kein gültiges JSON"),
    ],
)
def test_unreadable_json_is_400(client, app, body, phrase):
    response = client.post("/api/forms/kontakt", data=body, content_type="application/json")
    assert response.status_code in (400, 413)
    if response.status_code == 400:
        assert_rejected(app, response, 400, "konnte nicht gelesen werden", phrase or "")


def test_form_post_that_is_not_utf8_is_400(client, app):
    response = client.post(
        "/api/forms/kontakt",
        data=b"name=%FF%FE&website=",
        content_type="application/x-www-form-urlencoded",
    )
    assert_rejected(app, response, 400, "UTF-8")
    assert response.mimetype == "text/html"


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", None])
def test_other_content_types_are_415(client, app, content_type):
    response = client.post("/api/forms/kontakt", data=b"email=a", content_type=content_type)
    assert_rejected(app, response, 415, "application/json")


def test_body_over_the_cap_is_413(client, app, proof):
    data = contact(altcha=proof(), message="x" * 70000)
    response = client.post("/api/forms/kontakt", json=data)
    assert_rejected(app, response, 413, "zu groß")


def test_too_many_form_fields_are_413(client, app):
    body = "&".join(f"f{index}=1" for index in range(200)).encode()
    response = client.post(
        "/api/forms/kontakt", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert_rejected(app, response, 413, "zu groß")


def test_order_of_checks_follows_the_contract(client, app, clock):
    # closed beats a wrong content type; the content type beats an unreadable body
    clock.set(datetime.fromisoformat("2021-07-01T00:00:00+02:00"))
    response = client.post("/api/forms/smart-kassel-quiz", data=b"{", content_type="text/plain")
    assert response.status_code == 410
    response = client.post("/api/forms/kontakt", data=b"x" * 70000, content_type="text/plain")
    assert response.status_code == 415
    # a failed spam check comes before field errors
    response = client.post("/api/forms/kontakt", json={"website": "http://spam.example"})
    assert response.status_code == 400
    assert rows(app) == []
