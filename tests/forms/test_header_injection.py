"""Hostile addresses never reach a mail header: 422 in German on both paths, nothing stored."""

from __future__ import annotations

import pytest

from forms.definitions import addresses
from forms.storage.tables import outbox

from .helpers import contact, quiz, rows

# Each would add a recipient, a header or body text to a mail, or hide a look-alike address.
PAYLOADS = [
    "=?UTF-8?Q?=0D=0ABcc=3A_evil?=@attacker.de",
    "=?UTF-8?Q?x=0D=0A=0D=0AGewonnen!_Klicken_Sie_hier?=@attacker.de",
    "=?utf-8?b?ZXZpbEBhdHRhY2tlci5kZQ==?=@attacker.de",
    "x@attacker.de=?UTF-8?Q?=0ABcc:_evil@attacker.de?=",
    "erika@beispiel.de\r\nBcc: evil@attacker.de",
    "erika@beispiel.de\nBcc: evil@attacker.de",
    "erika@beispiel.de\rBcc: evil@attacker.de",
    "erika@beispiel.de\u2028Bcc: evil@attacker.de",
    "erika@beispiel.de\x85Bcc: evil@attacker.de",
    "erika@beispiel.de%0d%0aBcc:evil@attacker.de",
    "erika@beispiel.de, evil@attacker.de",
    "erika@beispiel.de;evil@attacker.de",
    "Erika <evil@attacker.de>",
    '"evil@attacker.de" <erika@beispiel.de>',
    "evil@attacker.de\x00erika@beispiel.de",
    "x\u200b@beispiel.de",
    "x\u200c@beispiel.de",
    "x@beispiel\u2060.de",
    "\u202eed.leipsieb@x",
    "x\ufeff@beispiel.de",
    "x\u00ad@beispiel.de",
]
FORMS = [("kontakt", contact), ("smart-kassel-quiz", quiz)]


def _assert_refused_in_german(app, response):
    assert response.status_code == 422, response.get_data(as_text=True)
    assert rows(app) == [] and rows(app, outbox) == []


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(("form_id", "body"), FORMS, ids=[f for f, _ in FORMS])
def test_injection_payload_as_json_is_422(client, app, proof, form_id, body, payload):
    response = client.post(f"/api/forms/{form_id}", json=body(email=payload, altcha=proof()))
    _assert_refused_in_german(app, response)
    message = response.get_json()["errors"]["email"]
    assert "Bitte" in message and "evil" not in message


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize(("form_id", "body"), FORMS, ids=[f for f, _ in FORMS])
def test_injection_payload_without_javascript_is_422(client, app, form_id, body, payload):
    fields = body(email=payload, conditions="ja", consent="ja")
    response = client.post(f"/api/forms/{form_id}", data=fields)
    _assert_refused_in_german(app, response)
    page = response.get_data(as_text=True)
    assert "Fehler: " in page and "Bitte" in page


@pytest.mark.parametrize(
    ("look_alike", "status"),
    [("x\u200b@beispiel.de", 422), ("\uff58@beispiel.de", 409), (" X@BEISPIEL.DE ", 409)],
)
def test_look_alike_addresses_are_one_person_in_the_one_entry_quiz(
    client, app, proof, look_alike, status
):
    first = client.post(
        "/api/forms/smart-kassel-quiz", json=quiz(email="x@beispiel.de", altcha=proof())
    )
    assert first.status_code == 201
    again = client.post("/api/forms/smart-kassel-quiz", json=quiz(email=look_alike, altcha=proof()))
    assert again.status_code == status, again.get_json()
    assert len(rows(app)) == 1


def test_an_address_validation_lets_through_is_still_never_queued(client, app, proof, monkeypatch):
    """Second line: even with the first one gone, the composed mail is read back and refused."""
    monkeypatch.setattr(addresses, "header_problem", lambda text, label: None)
    for form_id, body in FORMS:
        response = client.post(
            f"/api/forms/{form_id}", json=body(email=PAYLOADS[0], altcha=proof())
        )
        _assert_refused_in_german(app, response)
        assert "keine E-Mail schicken" in response.get_json()["errors"]["email"]


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200b\u200c\u200d\u2060", "\u202e\u202c", "\u200f\u200e", " \u3164 \t", "\ufeff"],
)
def test_a_message_of_invisible_characters_only_is_refused(client, app, proof, invisible):
    response = client.post("/api/forms/kontakt", json=contact(message=invisible, altcha=proof()))
    _assert_refused_in_german(app, response)
    assert response.get_json()["errors"] == {"message": "Bitte schreiben Sie Ihre Nachricht."}


def test_visible_text_with_joiners_and_bidi_marks_is_kept(client, app, proof):
    message = "Programmiererin \U0001f469\u200d\U0001f4bb grüßt: \u05e9\u05dc\u05d5\u05dd\u200f!"
    response = client.post("/api/forms/kontakt", json=contact(message=message, altcha=proof()))
    assert response.status_code == 201
    assert rows(app)[0].data["message"] == message


def test_the_stored_address_is_normalised(client, app, proof):
    response = client.post(
        "/api/forms/kontakt", json=contact(email="Erika@XN--BCHER-KVA.de", altcha=proof())
    )
    assert response.status_code == 201
    assert rows(app)[0].data["email"] == "Erika@bücher.de"
