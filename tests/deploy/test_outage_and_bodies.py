"""Real gunicorn with deploy/gunicorn.conf.py: oversized chunked bodies, a database outage."""

from __future__ import annotations

import re

import psycopg
import pytest
import requests
import sqlalchemy as sa

pytestmark = pytest.mark.postgres

ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def _entries(database_url: str) -> int:
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT count(*) FROM submissions")).scalar_one()
    finally:
        engine.dispose()


def _post_chunked(base: str, body: bytes, size: int, client: str) -> requests.Response:
    """Post a form without Content-Length, in chunks of `size` bytes, as client `client`."""
    chunks = (body[start : start + size] for start in range(0, len(body), size))
    return requests.post(
        base + "/api/forms/kontakt",
        data=chunks,  # a generator: requests sends it chunked
        headers={"Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": client},
        allow_redirects=False,
        timeout=30,
    )


@pytest.mark.parametrize("padding", [64 * 1024, 200 * 1024])
def test_an_oversized_chunked_body_is_refused_not_cut_and_stored(
    instances, database_url, kit, padding
):
    form = kit.example("kontakt") | {"consent": "ja", "website": ""}
    fields = "&".join(f"{name}={value}" for name, value in form.items() if value is not True)
    body = f"{fields}&padding={'x' * padding}".encode()
    before = _entries(database_url)
    response = _post_chunked(instances[0].url, body, 4096, kit.client())
    assert response.status_code == 413, response.text[:300]
    assert "zu groß" in response.text
    assert _entries(database_url) == before


def test_a_chunked_body_within_the_limit_is_still_taken(instances, database_url, kit):
    form = kit.example("kontakt") | {"consent": "ja", "website": ""}
    body = "&".join(f"{name}={value}" for name, value in form.items() if value is not True)
    before = _entries(database_url)
    response = _post_chunked(instances[0].url, body.encode(), 7, kit.client())
    assert response.status_code == 303, response.text[:300]
    assert _entries(database_url) == before + 1


def test_a_database_outage_answers_503_with_retry_after_and_logs_through_gunicorn(
    one_instance, empty_database
):
    with empty_database() as url, one_instance(url) as instance:
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
        request_id = "0123456789abcdef0123456789abcdef"
        response = requests.get(
            instance.url + "/api/health?email=anna%40beispiel.de",
            headers={"X-Request-ID": request_id, "Referer": "https://probe-referer.example/"},
            timeout=30,
        )
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        log = instance.log.read_text(errors="replace")

    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["X-Request-ID"] == request_id
    assert response.json()["request_id"] == request_id
    # gunicorn's error log format: "[time] [pid] [LEVEL] message"
    [line] = [line for line in log.splitlines() if "event=unavailable" in line]
    assert re.match(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] \[\d+\] \[ERROR\] ", line), line
    for part in ("status=503", "path=/api/health ", f"request_id={request_id}", "database"):
        assert part in line
    assert "anna" not in log and "probe-referer" not in log
    [access] = [line for line in log.splitlines() if f"request_id={request_id}" in line][1:]
    assert '"GET /api/health HTTP/1.1" 503 ' in access
