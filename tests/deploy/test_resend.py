"""A resend of one quiz entry reaching both instances at once is stored once, with one number."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import sqlalchemy as sa

from forms.intake import antispam

pytestmark = pytest.mark.postgres


def test_one_entry_resent_to_both_instances_at_once_gets_one_number(instances, database_url, kit):
    email = f"resend-{uuid.uuid4().hex[:8]}@beispiel.de"
    client = kit.client()
    headers = {"X-Forwarded-For": client}
    first = instances[0].url
    challenge = requests.get(f"{first}/api/challenge", headers=headers, timeout=10).json()
    body = {
        **kit.example("smart-kassel-quiz"),
        "email": email,
        "submission_id": str(uuid.uuid4()),
        antispam.HONEYPOT: "",
        antispam.PAYLOAD_FIELD: kit.solve(challenge),  # the same used proof on every copy
    }

    def post(instance) -> requests.Response:
        url = f"{instance.url}/api/forms/smart-kassel-quiz"
        return requests.post(url, json=body, headers=headers, timeout=30)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(post, [instances[n % 2] for n in range(8)]))
    assert {answer.status_code for answer in answers} == {201}, [a.text for a in answers]
    assert len({answer.json()["id"] for answer in answers}) == 1

    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                sa.text("SELECT reference FROM submissions WHERE data->>'email' = :email"),
                {"email": email},
            ).all()
            mails = connection.execute(
                sa.text(
                    "SELECT count(*) FROM outbox JOIN submissions "
                    "ON outbox.submission_id = submissions.id WHERE submissions.reference = :r"
                ),
                {"r": answers[0].json()["id"]},
            ).scalar_one()
    finally:
        engine.dispose()
    assert [row.reference for row in stored] == [answers[0].json()["id"]]
    assert mails == 1  # the link that confirms the entry (double opt-in), once
