"""The service sets no cookie, whatever a client sends: there is no session to keep."""

from __future__ import annotations

import flask
import pytest

from .helpers import contact


def _form_encoded(data: dict) -> dict:
    return {name: ("on" if value is True else value) for name, value in data.items()}


def test_no_answer_sets_a_cookie_even_when_the_client_sends_a_session_cookie(client):
    client.set_cookie("session", "eyJhZG1pbiI6dHJ1ZX0.forged.signature")
    answers = [
        client.get("/api/health"),
        client.get("/api/forms/kontakt"),
        client.post("/api/forms/kontakt", data=_form_encoded(contact())),
        client.post("/api/forms/kontakt", data=_form_encoded(contact(email="kaputt"))),
        client.get("/api/bestaetigen/nicht-gueltig"),
    ]
    for response in answers:
        assert "Set-Cookie" not in response.headers, response.request.path


def test_code_that_writes_to_the_session_fails_instead_of_setting_a_cookie(app):
    with app.test_request_context("/api/health"), pytest.raises(RuntimeError):
        flask.session["seen"] = True
