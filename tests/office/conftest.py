"""Office fixtures: the app on SQLite and PostgreSQL, stored entries, a real SMTP server."""

import os
import re
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from forms import create_app, keys
from forms.clock import FixedClock
from forms.definitions import validation
from forms.office.draws import draws
from forms.storage import confirmations, entries
from forms.storage.db import engine
from forms.storage.migrate import upgrade
from forms.storage.tables import outbox, submissions

from .smtp_server import SmtpServer

BERLIN = ZoneInfo("Europe/Berlin")
DURING_QUIZ = datetime(2021, 6, 20, 12, 0, tzinfo=BERLIN)
AFTER_QUIZ = datetime(2021, 6, 27, 10, 0, tzinfo=BERLIN)
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SECRET = "office-test-secret"
LINK = re.compile(r"/api/bestaetigen/([A-Za-z0-9_.-]+)")


def _postgres_schema_url() -> tuple[str, str]:
    """A private schema in the shared test database, so parallel suites never collide."""
    try:
        admin = sa.create_engine(POSTGRES)
        with admin.connect():
            pass
    except sa.exc.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is required under CI: {error}")
        pytest.skip("PostgreSQL on 127.0.0.1:5432 is not running; skipping its cases")
    schema = f"office_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    return f"{POSTGRES}?options=-csearch_path%3D{schema}", schema


@pytest.fixture(scope="session")
def postgres_url():
    url, schema = _postgres_schema_url()
    yield url
    admin = sa.create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'office.sqlite3'}"
    url = request.getfixturevalue("postgres_url")
    database = sa.create_engine(url)
    upgrade(database)
    with database.begin() as connection:
        for table in (draws, outbox, submissions):
            connection.execute(table.delete())
    database.dispose()
    return url


@pytest.fixture
def clock():
    return FixedClock(DURING_QUIZ)


@pytest.fixture
def app(database_url, clock, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "CLOCK": clock,
            "SLEEP": lambda seconds: clock.advance(seconds=seconds),
        }
    )
    with app.app_context():
        upgrade(engine())
    yield app
    app.extensions["forms_engine"].dispose()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def add_entry(app, clock):
    """Store an entry the way the service does (validation, keyed hashes, outbox rows)."""

    def add(
        form_id="smart-kassel-quiz",
        email="a@beispiel.de",
        correct=True,
        verified=True,
        confirmed=True,
        **values,
    ):
        """Return the entry's Losnummer once confirmed, else its reference (pending)."""
        definition = app.extensions["forms_definitions"][form_id]
        data = dict(next(e for e in definition.examples if e.valid).data)
        data["email"] = email
        for question in definition.questions:
            wrong = next(o.value for o in question.options if o.value != question.answer)
            data[question.id] = question.answer if correct else wrong
        data.update(values)
        result = validation.validate(definition, data)
        assert not result.errors, result.errors
        with app.app_context(), engine().connect() as connection:
            reference = entries.save(
                connection,
                definition,
                result.values,
                all_correct=result.all_correct,
                verified=verified,
                now=clock.now(),
                secret=SECRET,
                confirm_url="https://smart.kassel.de/api/bestaetigen/",
            )
            if not (confirmed and definition.needs_confirmation):
                return reference
            outcome = confirm_entry(connection, reference, clock.now(), definition)
            if outcome.state == "closed":
                return _confirm_past_the_api(connection, reference, clock.now())
            assert outcome.state == "confirmed", outcome
            return outcome.ticket

    return add


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mail_config(app, smtp):
    app.config.update(
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp.port,
        MAIL_SECURITY="none",
        MAIL_FROM="Smart Kassel-Büro <smart@kassel.de>",
    )
    return app.config


def confirm_entry(connection, reference, now, definition):
    """Press the button behind the link mailed for the entry `reference`."""
    query = (
        sa.select(outbox.c.body)
        .join(submissions, outbox.c.submission_id == submissions.c.id)
        .where(submissions.c.reference == reference, outbox.c.kind == "optin")
    )
    body = connection.execute(query).scalar_one()
    token = keys.read_link(SECRET, "confirm", LINK.search(body).group(1))
    return confirmations.confirm(connection, token, now, lambda _form_id: definition)


def _confirm_past_the_api(connection, reference, now):
    """A row confirmed after `closes` (the service refuses that): written straight to the table."""
    ticket = entries.new_reference()
    with connection.begin():
        connection.execute(
            sa.update(submissions)
            .where(submissions.c.reference == reference)
            .values(confirmed_at=now, ticket=ticket, dedupe_hash=submissions.c.email_hash)
        )
    return ticket


def count_rows(app, table, **where) -> int:
    query = sa.select(sa.func.count()).select_from(table)
    for column, value in where.items():
        query = query.where(table.c[column] == value)
    with app.app_context(), engine().connect() as connection:
        return connection.execute(query).scalar_one()
