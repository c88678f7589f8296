"""Form service fixtures: an app per test on SQLite or the real PostgreSQL, a fixed clock."""

from __future__ import annotations

import os
import secrets
import shutil
from datetime import datetime

import pytest
import sqlalchemy as sa

from forms import create_app
from forms.clock import FixedClock
from forms.intake import antispam
from forms.storage.db import create_engine
from forms.storage.migrate import upgrade
from forms.storage.tables import access_requests, outbox, seat_counters, submissions

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
QUIZ_OPEN = datetime.fromisoformat("2021-06-20T12:00:00+02:00")


def _unavailable(what: str) -> None:
    """Skip locally, fail in CI, when a real server the tests need is not running."""
    message = f"{what} is not reachable; start it to run these cases"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_schema_url():
    """A private schema in the test database for this session, dropped at the end."""
    try:
        server = sa.create_engine(PG_SERVER)
        with server.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError:
        _unavailable("PostgreSQL on 127.0.0.1:5432 (database 'test')")
    schema = f"forms_test_{os.getpid()}_{secrets.token_hex(4)}"
    with server.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    with server.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    server.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file that each test copies, so migrations run once per session."""
    path = tmp_path_factory.mktemp("template") / "forms.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Each API test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        shutil.copy(request.getfixturevalue("sqlite_template"), tmp_path / "forms.sqlite3")
        return f"sqlite:///{tmp_path / 'forms.sqlite3'}"
    return request.getfixturevalue("pg_schema_url")


@pytest.fixture
def redis_url():
    """A Redis database for the cases that share state between instances."""
    import redis

    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError:
        _unavailable("Redis on 127.0.0.1:6379")
    return url


@pytest.fixture
def clock():
    """Time stands still at a moment the quiz is open; tests move it explicitly."""
    return FixedClock(QUIZ_OPEN)


@pytest.fixture
def config(database_url, clock, tmp_path):
    """Settings for a test app: cheap proof of work, generous limits, the real definitions."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "CLOCK": clock,
        "ALTCHA_COST": 1,
        "ALTCHA_MAX_NUMBER": 20,
        "RATELIMIT_SUBMIT": "1000 per day",
        "RATELIMIT_CHALLENGE": "1000 per day",
    }


@pytest.fixture
def app(config):
    """The service on a clean database."""
    app = create_app(config)
    engine = app.extensions["forms_engine"]
    with engine.begin() as connection:
        connection.execute(outbox.delete())
        connection.execute(submissions.delete())
        connection.execute(access_requests.delete())
        connection.execute(seat_counters.delete())
    yield app
    engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def proof(client, clock):
    """Return a function that fetches and solves a challenge like the page script does."""

    def solve() -> str:
        challenge = client.get("/api/challenge").get_json()
        clock.advance(seconds=5)
        return antispam.solve(challenge)

    return solve
