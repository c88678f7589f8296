"""Spam defences: honeypot, proof of work accepted once, minimum fill time, rate limits, proxies."""

from __future__ import annotations

import altcha
import pytest

from forms import create_app
from forms.clock import FixedClock
from forms.intake import antispam
from forms.intake.replay import MemoryReplayStore, RedisReplayStore

from .conftest import QUIZ_OPEN
from .helpers import contact, quiz, rows


def test_challenge_is_signed_expiring_and_not_cached(client, clock):
    response = client.get("/api/challenge")
    assert response.headers["Cache-Control"] == "no-store"
    challenge = response.get_json()
    data = challenge["parameters"]["data"]
    assert data["issued"] == int(clock.now().timestamp())
    assert data["expires"] - data["issued"] == 1800
    assert challenge["signature"]


@pytest.mark.parametrize("honeypot", [None, "https://example.org", " "])
@pytest.mark.parametrize("kind", ["json", "form"])
def test_missing_or_filled_honeypot_is_400(client, app, proof, honeypot, kind):
    data = contact(altcha=proof(), consent="ja")
    if honeypot is None:
        del data["website"]
    else:
        data["website"] = honeypot
    if kind == "json":
        response = client.post("/api/forms/kontakt", json=data)
        message = response.get_json()["message"]
    else:
        response = client.post("/api/forms/kontakt", data=data)
        message = response.get_data(as_text=True)
        assert "<title>Fehler: " in message
    assert response.status_code == 400
    assert ("unvollständig" if honeypot is None else "ein verstecktes Feld ausgefüllt") in message
    assert rows(app) == []


def test_json_post_without_proof_of_work_is_400(client, app):
    response = client.post("/api/forms/kontakt", json=contact())
    assert response.status_code == 400
    assert "Sicherheitsprüfung fehlt" in response.get_json()["message"]
    assert rows(app) == []


def test_replayed_solution_is_refused(client, app, proof):
    payload = proof()
    assert client.post("/api/forms/kontakt", json=contact(altcha=payload)).status_code == 201
    again = client.post("/api/forms/kontakt", json=contact(altcha=payload, message="Nochmal"))
    assert again.status_code == 400
    assert "bereits verwendet" in again.get_json()["message"]
    assert len(rows(app)) == 1


def test_solution_survives_a_field_error_and_is_then_used_once(client, app, proof):
    payload = proof()
    first = client.post("/api/forms/kontakt", json=contact(altcha=payload, email="kaputt"))
    assert first.status_code == 422
    assert client.post("/api/forms/kontakt", json=contact(altcha=payload)).status_code == 201


def test_forged_solution_signed_with_another_key_is_refused(client, app, clock):
    forged = altcha.create_challenge(
        algorithm="PBKDF2/SHA-256",
        cost=1,
        counter=3,
        data={"issued": int(clock.now().timestamp()) - 60, "expires": 2**40},
        hmac_secret=b"guessed",
    )
    payload = antispam.solve(forged.to_dict())
    response = client.post("/api/forms/kontakt", json=contact(altcha=payload))
    assert response.status_code == 400
    assert "ungültig" in response.get_json()["message"]
    assert rows(app) == []


@pytest.mark.parametrize("payload", ["kaputt", "e30=", "W10=", "x" * 5000, 42, ["a"]])
def test_garbage_instead_of_a_solution_is_400(client, app, payload):
    response = client.post("/api/forms/kontakt", json=contact(altcha=payload))
    assert response.status_code == 400
    assert "Sicherheitsprüfung" in response.get_json()["message"]
    assert rows(app) == []


def test_tampered_start_time_breaks_the_signature(client, app, clock):
    challenge = client.get("/api/challenge").get_json()
    challenge["parameters"]["data"]["issued"] -= 3600
    clock.advance(seconds=1)
    payload = antispam.solve(challenge)
    response = client.post("/api/forms/kontakt", json=contact(altcha=payload))
    assert response.status_code == 400
    assert rows(app) == []


@pytest.mark.parametrize(
    ("wait", "phrase"),
    [({"seconds": 2}, "warten Sie bitte einige Sekunden"), ({"minutes": 30}, "abgelaufen")],
)
def test_proof_used_too_early_or_too_late_is_400(client, app, clock, wait, phrase):
    payload = antispam.solve(client.get("/api/challenge").get_json())
    clock.advance(**wait)
    response = client.post("/api/forms/kontakt", json=contact(altcha=payload))
    assert response.status_code == 400
    assert phrase in response.get_json()["message"]
    assert rows(app) == []


def test_proof_is_accepted_once_the_minimum_fill_time_has_passed(client, app, clock):
    payload = antispam.solve(client.get("/api/challenge").get_json())
    clock.advance(seconds=3)
    assert client.post("/api/forms/kontakt", json=contact(altcha=payload)).status_code == 201


def test_form_post_with_a_solution_is_stored_as_verified(client, app, proof):
    response = client.post("/api/forms/kontakt", data=contact(altcha=proof(), consent="ja"))
    assert response.status_code == 303
    assert rows(app)[0].verified is True


def test_rate_limit_answers_429_with_retry_after(config, client):
    app = create_app(config | {"RATELIMIT_SUBMIT": "2 per hour"})
    client = app.test_client()
    for _ in range(2):
        assert client.post("/api/forms/kontakt", json=contact()).status_code == 400
    response = client.post("/api/forms/kontakt", json=contact())
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 3600
    assert "Zu viele Versuche" in response.get_json()["message"]
    page = client.post("/api/forms/kontakt", data=contact())
    assert page.status_code == 429 and "<title>Fehler: Zu viele Versuche" in page.get_data(True)
    assert rows(app) == []


def test_rate_limit_comes_after_the_closed_check(config, clock):
    app = create_app(config | {"RATELIMIT_SUBMIT": "1 per hour"})
    client = app.test_client()
    client.post("/api/forms/kontakt", json=contact())
    clock.set(QUIZ_OPEN.replace(month=7))
    assert client.post("/api/forms/smart-kassel-quiz", json=quiz()).status_code == 410


@pytest.mark.parametrize(("proxies", "separate"), [(0, False), (1, True)])
def test_clients_behind_trusted_proxies_are_told_apart(config, proxies, separate):
    app = create_app(config | {"RATELIMIT_SUBMIT": "1 per hour", "TRUSTED_PROXIES": proxies})
    client = app.test_client()
    first = {"X-Forwarded-For": "203.0.113.7"}
    second = {"X-Forwarded-For": "198.51.100.9"}
    assert client.post("/api/forms/kontakt", json=contact(), headers=first).status_code == 400
    other = client.post("/api/forms/kontakt", json=contact(), headers=second).status_code
    assert (other != 429) is separate


def test_rate_limit_storage_never_holds_the_address(config):
    app = create_app(config | {"RATELIMIT_SUBMIT": "5 per hour"})
    client = app.test_client()
    client.post("/api/forms/kontakt", json=contact(), environ_base={"REMOTE_ADDR": "203.0.113.7"})
    storage = app.extensions["forms_limiter"].storage
    keys = " ".join(str(key) for key in vars(storage).get("events", {}))
    assert keys and "203.0.113.7" not in keys


def test_memory_replay_store_forgets_expired_solutions():
    store = MemoryReplayStore()
    clock = FixedClock(QUIZ_OPEN)
    expires = clock.now().replace(hour=clock.now().hour + 1)
    assert store.claim("a", expires, clock.now()) is True
    assert store.seen("a", clock.now()) and store.claim("a", expires, clock.now()) is False
    clock.advance(hours=2)
    assert not store.seen("a", clock.now())
    assert store.claim("a", clock.now().replace(hour=23), clock.now()) is True


def test_redis_replay_store_is_shared_by_every_instance(config, redis_url, proof, client):
    first = create_app(config | {"RATELIMIT_STORAGE_URI": redis_url})
    second = create_app(config | {"RATELIMIT_STORAGE_URI": redis_url})
    assert isinstance(first.extensions["forms_replay"], RedisReplayStore)
    payload = proof()
    ok = first.test_client().post("/api/forms/kontakt", json=contact(altcha=payload))
    replay = second.test_client().post("/api/forms/kontakt", json=contact(altcha=payload))
    assert (ok.status_code, replay.status_code) == (201, 400)
    assert "bereits verwendet" in replay.get_json()["message"]
