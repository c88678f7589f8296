"""A resend of one submission (after a timeout, a double click, two tabs) is stored once."""

from __future__ import annotations

import threading
import uuid
from urllib.parse import urlencode

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from forms.storage.tables import outbox

from .helpers import contact, quiz, rows

QUIZ = "/api/forms/smart-kassel-quiz"
KONTAKT = "/api/forms/kontakt"
FORM = "application/x-www-form-urlencoded"


def _form_body(data: dict) -> str:
    pairs = []
    for name, value in data.items():
        if value is True:
            value = "on"
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, item))
    return urlencode(pairs)


def test_a_quiz_entry_sent_again_with_its_used_proof_gets_its_number(client, app, proof):
    """The first answer was lost on the way back; the page sends the same post once more."""
    body = quiz(altcha=proof(), submission_id=str(uuid.uuid4()))
    first = client.post(QUIZ, json=body)
    again = client.post(QUIZ, json=body)
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()
    assert [row.reference for row in rows(app)] == [first.get_json()["id"]]
    assert len(rows(app, outbox)) == 2  # the office's notice and the receipt, once each


def test_a_resend_after_the_proof_expired_still_gets_the_number(client, app, proof, clock):
    body = quiz(altcha=proof(), submission_id=str(uuid.uuid4()))
    first = client.post(QUIZ, json=body)
    clock.advance(seconds=3600)
    again = client.post(QUIZ, json=body)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert len(rows(app)) == 1


def test_a_contact_message_retried_with_a_new_proof_is_stored_once(client, app, proof):
    submission = str(uuid.uuid4())
    first = client.post(KONTAKT, json=contact(altcha=proof(), submission_id=submission))
    again = client.post(KONTAKT, json=contact(altcha=proof(), submission_id=submission))
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert len(rows(app)) == 1
    assert len(rows(app, outbox)) == 1


def test_the_same_id_with_other_content_is_refused_with_a_clear_message(client, app, proof):
    submission = str(uuid.uuid4())
    assert (
        client.post(KONTAKT, json=contact(altcha=proof(), submission_id=submission)).status_code
        == 201
    )
    changed = contact(message="Doch etwas anderes.", altcha=proof(), submission_id=submission)
    response = client.post(KONTAKT, json=changed)
    assert response.status_code == 409
    assert response.get_json()["error"] == "submission_changed"
    assert "bereits mit anderen Angaben abgeschickt" in response.get_json()["message"]
    assert len(rows(app)) == 1


def test_a_changed_quiz_answer_under_the_same_id_is_refused(client, app, proof):
    submission = str(uuid.uuid4())
    assert client.post(QUIZ, json=quiz(altcha=proof(), submission_id=submission)).status_code == 201
    response = client.post(QUIZ, json=quiz(laufzeit="10", altcha=proof(), submission_id=submission))
    assert response.status_code == 409
    assert response.get_json()["error"] == "submission_changed"


def test_different_ids_are_different_submissions(client, app, proof):
    for _ in range(2):
        body = contact(altcha=proof(), submission_id=str(uuid.uuid4()))
        assert client.post(KONTAKT, json=body).status_code == 201
    assert len(rows(app)) == 2


def test_a_resent_quiz_entry_keeps_its_number_and_a_new_id_still_gets_409(client, app, proof):
    first = client.post(QUIZ, json=quiz(altcha=proof(), submission_id=str(uuid.uuid4())))
    other = client.post(QUIZ, json=quiz(altcha=proof(), submission_id=str(uuid.uuid4())))
    assert first.status_code == 201
    assert (other.status_code, other.get_json()["error"]) == (409, "duplicate")


@pytest.mark.parametrize(
    "bad", ["kurz", "x" * 65, "a b c d e f g h i j", "<script>alert(1)</script>", 42, ["a" * 20]]
)
def test_a_malformed_submission_id_is_refused_as_unreadable(client, app, proof, bad):
    response = client.post(KONTAKT, json=contact(altcha=proof(), submission_id=bad))
    assert response.status_code == 400
    assert "Kennung der Einsendung" in response.get_json()["message"]
    assert rows(app) == []


def test_without_javascript_the_same_post_again_is_stored_once(client, app, clock):
    """The static page has no id of its own; the browser resends the very same body."""
    body = _form_body(contact())
    first = client.post(KONTAKT, data=body, content_type=FORM)
    clock.advance(seconds=40)
    again = client.post(KONTAKT, data=body, content_type=FORM)
    assert first.status_code == again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert len(rows(app)) == 1
    assert len(rows(app, outbox)) == 1


def test_without_javascript_a_quiz_resend_reaches_the_thank_you_page_not_409(client, app):
    body = _form_body(quiz())
    assert client.post(QUIZ, data=body, content_type=FORM).status_code == 303
    assert client.post(QUIZ, data=body, content_type=FORM).status_code == 303
    assert len(rows(app)) == 1


def test_the_service_error_page_gives_each_rendering_its_own_id(client, app, clock):
    incomplete = _form_body(contact(email=""))
    ids = []
    for _ in range(2):
        page = client.post(KONTAKT, data=incomplete, content_type=FORM)
        assert page.status_code == 422
        field = HTMLParser(page.get_data(as_text=True)).css_first('input[name="submission_id"]')
        ids.append(field.attributes["value"])
    assert ids[0] != ids[1] and all(len(value) >= 16 for value in ids)

    corrected = _form_body(contact(submission_id=ids[0]))
    for _ in range(2):
        assert client.post(KONTAKT, data=corrected, content_type=FORM).status_code == 303
    assert len(rows(app)) == 1
    kept = client.post(
        KONTAKT, data=_form_body(contact(email="", submission_id=ids[1])), content_type=FORM
    )
    value = HTMLParser(kept.get_data(as_text=True)).css_first('input[name="submission_id"]')
    assert value.attributes["value"] == ids[1]


def test_json_posts_without_an_id_stay_separate_messages(client, app, proof):
    for _ in range(2):
        assert client.post(KONTAKT, json=contact(altcha=proof())).status_code == 201
    assert len(rows(app)) == 2


def test_the_used_proof_still_refuses_another_submission(client, app, proof):
    used = proof()
    assert (
        client.post(KONTAKT, json=contact(altcha=used, submission_id=str(uuid.uuid4()))).status_code
        == 201
    )
    other = contact(message="Noch eine Idee.", altcha=used, submission_id=str(uuid.uuid4()))
    response = client.post(KONTAKT, json=other)
    assert (response.status_code, response.get_json()["error"]) == (400, "spam_suspected")
    assert len(rows(app)) == 1


@pytest.mark.parametrize("form", ["kontakt", "smart-kassel-quiz"])
def test_concurrent_resends_of_one_submission_make_one_row(app, proof, form):
    """Eight copies of one post arrive at once, as from a flaky connection retrying."""
    body = (contact if form == "kontakt" else quiz)(altcha=proof(), submission_id=str(uuid.uuid4()))
    start = threading.Barrier(8)
    answers = []

    def send() -> None:
        client = app.test_client()
        start.wait()
        answers.append(client.post(f"/api/forms/{form}", json=body))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {answer.status_code for answer in answers} == {201}
    assert len({answer.get_json()["id"] for answer in answers}) == 1
    [entry] = rows(app)
    assert entry.reference == answers[0].get_json()["id"]
    assert len(rows(app, outbox)) == (1 if form == "kontakt" else 2)


@pytest.mark.parametrize("store", ["memory", "redis"])
def test_a_used_proof_belongs_to_the_submission_that_used_it(store):
    from datetime import UTC, datetime, timedelta

    import redis

    from forms.intake.replay import MemoryReplayStore, RedisReplayStore

    now = datetime(2021, 6, 20, 12, tzinfo=UTC)
    if store == "redis":
        url = "redis://127.0.0.1:6379/15"
        try:
            redis.Redis.from_url(url).ping()
        except redis.RedisError:
            from .conftest import _unavailable

            _unavailable("Redis on 127.0.0.1:6379")
        replay = RedisReplayStore(url)
    else:
        replay = MemoryReplayStore()
    proof, later = f"proof-{uuid.uuid4().hex}", now + timedelta(minutes=30)
    assert replay.claim(proof, later, now, "submission-a")
    assert not replay.seen(proof, now, "submission-a")  # its own resend may show it again
    assert replay.claim(proof, later, now, "submission-a")
    assert replay.seen(proof, now, "submission-b")
    assert not replay.claim(proof, later, now, "submission-b")
    assert replay.seen(proof, now) and not replay.claim(proof, later, now)  # no id: used
    anonymous = f"proof-{uuid.uuid4().hex}"
    assert replay.claim(anonymous, later, now)
    assert not replay.claim(anonymous, later, now)
