"""Two gunicorn instances on one PostgreSQL and one Redis behave as a single service."""

from __future__ import annotations

import http.client
import json
import multiprocessing
import random
import ssl
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
import requests
import sqlalchemy as sa

from forms.intake import antispam
from forms.storage.migrate import is_current, upgrade

pytestmark = pytest.mark.postgres

CONCURRENT_SUBMISSIONS = 240
DUPLICATES = 16


def _message(response: requests.Response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def _rows(database_url: str, query: str, **params) -> list:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.text(query), params))
    finally:
        engine.dispose()


def _prepared(kit, instance_url: str, data: dict, client: str) -> tuple[str, dict, dict]:
    """Fetch and solve a challenge now, so the posts themselves can start together."""
    headers = {"X-Forwarded-For": client}
    challenge = requests.get(f"{instance_url}/api/challenge", headers=headers, timeout=10).json()
    body = {**data, antispam.HONEYPOT: "", antispam.PAYLOAD_FIELD: kit.solve(challenge)}
    return instance_url, body, headers


def _post_together(prepared: list[tuple[str, dict, dict]], form_id: str) -> list[requests.Response]:
    """Post everything at the same moment, spread over the instances."""
    barrier = threading.Barrier(len(prepared))

    def post(item):
        url, body, headers = item
        barrier.wait()
        return requests.post(f"{url}/api/forms/{form_id}", json=body, headers=headers, timeout=60)

    with ThreadPoolExecutor(max_workers=len(prepared)) as pool:
        return list(pool.map(post, prepared))


def test_rate_limit_counts_requests_to_both_instances_together(instances, kit):
    client = kit.client()
    statuses = []
    for number in range(12):
        response = requests.post(
            f"{instances[number % 2].url}/api/forms/kontakt",
            json={},
            headers={"X-Forwarded-For": client},
            timeout=10,
        )
        statuses.append(response.status_code)
    # RATELIMIT_SUBMIT is 10 per minute: per instance, each would have allowed all six.
    assert 429 not in statuses[:10]
    assert statuses[10:] == [429, 429]
    assert int(response.headers["Retry-After"]) >= 1


def test_forwarded_for_from_a_client_cannot_dodge_the_limit_behind_nginx(nginx, kit):
    """nginx appends the real address and the service trusts one proxy: spoofing is useless."""
    host = urlsplit(nginx.url)
    # A loopback source address of its own gives this test its own bucket at nginx's side.
    source = f"127.{random.randrange(1, 250)}.{random.randrange(1, 250)}.{random.randrange(2, 250)}"
    context = ssl._create_unverified_context()
    statuses = []
    for _attempt in range(11):
        connection = http.client.HTTPSConnection(
            host.hostname, host.port, context=context, source_address=(source, 0), timeout=10
        )
        connection.request(
            "POST",
            "/api/forms/kontakt",
            body="{}",
            headers={"Content-Type": "application/json", "X-Forwarded-For": kit.client()},
        )
        statuses.append(connection.getresponse().status)
        connection.close()
    assert 429 not in statuses[:10]
    assert statuses[10] == 429


def test_altcha_solution_used_on_one_instance_is_refused_on_the_other(instances, kit):
    first, second = instances
    url, body, headers = _prepared(kit, first.url, kit.example("kontakt"), kit.client())
    accepted = requests.post(f"{url}/api/forms/kontakt", json=body, headers=headers, timeout=10)
    assert accepted.status_code == 201, accepted.text
    replayed = requests.post(
        f"{second.url}/api/forms/kontakt",
        json={**body, "message": "Noch einmal mit derselben Lösung."},
        headers={"X-Forwarded-For": kit.client()},
        timeout=10,
    )
    assert replayed.status_code == 400
    assert antispam.PROOF_USED in _message(replayed)


def test_concurrent_submissions_over_both_instances_are_all_stored_once(
    instances, kit, database_url
):
    run = uuid.uuid4().hex[:8]
    example = kit.example("kontakt")
    with ThreadPoolExecutor(max_workers=8) as pool:
        prepared = list(
            pool.map(
                lambda n: _prepared(
                    kit,
                    instances[n % 2].url,
                    {**example, "message": f"Lasttest {run} Nr. {n}"},
                    kit.client(),
                ),
                range(CONCURRENT_SUBMISSIONS),
            )
        )
    responses = _post_together(prepared[: CONCURRENT_SUBMISSIONS // 2], "kontakt")
    responses += _post_together(prepared[CONCURRENT_SUBMISSIONS // 2 :], "kontakt")
    assert [response.status_code for response in responses] == [201] * CONCURRENT_SUBMISSIONS
    acknowledged = sorted(response.json()["id"] for response in responses)

    stored = _rows(
        database_url,
        "SELECT s.reference, s.data, "
        "(SELECT count(*) FROM outbox o WHERE o.submission_id = s.id) AS mails "
        "FROM submissions s WHERE s.form_id = 'kontakt' AND s.data::text LIKE :marker",
        marker=f"%Lasttest {run} %",
    )
    assert sorted(row.reference for row in stored) == acknowledged
    messages = sorted(row.data["message"] for row in stored)
    assert messages == sorted(f"Lasttest {run} Nr. {n}" for n in range(CONCURRENT_SUBMISSIONS))
    assert all(row.mails >= 1 for row in stored), "a submission lost its notification"


def test_one_entry_per_address_holds_under_concurrent_duplicates(instances, kit, database_url):
    email = f"jonas.{uuid.uuid4().hex[:8]}@beispiel.de"
    spellings = [email, email.upper(), email.title(), email.capitalize()]
    prepared = [
        _prepared(
            kit,
            instances[n % 2].url,
            {**kit.example("smart-kassel-quiz"), "email": spellings[n % len(spellings)]},
            kit.client(),
        )
        for n in range(DUPLICATES)
    ]
    responses = _post_together(prepared, "smart-kassel-quiz")
    # Double opt-in: every post is stored as pending; the rule binds when an entry is confirmed.
    assert {response.status_code for response in responses} == {201}, responses[0].text
    bodies = _rows(
        database_url,
        "SELECT outbox.body FROM outbox JOIN submissions ON outbox.submission_id = submissions.id"
        f" WHERE lower(outbox.to_addr) = '{email}' AND outbox.kind = 'optin'",
    )
    tokens = [body.split("/api/bestaetigen/")[1].split()[0] for (body,) in bodies]
    assert len(tokens) == DUPLICATES
    barrier = threading.Barrier(len(tokens))

    def confirm(n: int) -> int:
        barrier.wait()
        url = f"{instances[n % 2].url}/api/bestaetigen/{tokens[n]}"
        return requests.post(url, data={}, timeout=60).status_code

    with ThreadPoolExecutor(len(tokens)) as pool:
        statuses = sorted(pool.map(confirm, range(len(tokens))))
    assert statuses == [200] + [409] * (DUPLICATES - 1)
    confirmed = _rows(
        database_url,
        "SELECT count(*) FROM submissions WHERE form_id = 'smart-kassel-quiz'"
        f" AND confirmed_at IS NOT NULL AND reference IN"
        f" ({', '.join(repr(r.json()['id']) for r in responses)})",
    )
    assert confirmed[0][0] == 1


def _migrate(url: str, barrier) -> None:
    engine = sa.create_engine(url)
    barrier.wait()
    if not is_current(engine):
        upgrade(engine)
    engine.dispose()


def test_instances_starting_together_on_an_empty_database_migrate_once(empty_database):
    with empty_database() as url:
        context = multiprocessing.get_context("fork")
        barrier = context.Barrier(4)
        starters = [context.Process(target=_migrate, args=(url, barrier)) for _ in range(4)]
        for process in starters:
            process.start()
        for process in starters:
            process.join(timeout=60)
        assert [process.exitcode for process in starters] == [0, 0, 0, 0]
        engine = sa.create_engine(url)
        assert is_current(engine)
        engine.dispose()
        assert len(_rows(url, "SELECT version_num FROM alembic_version")) == 1
