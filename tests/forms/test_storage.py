"""Storage: migrations equal the tables, SQLite is configured safely, the outbox follows entries."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from forms.storage.tables import metadata, outbox, submissions

from .helpers import contact, rows


def test_migrations_create_exactly_the_declared_tables(app):
    with app.extensions["forms_engine"].connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []


def test_init_db_command_is_idempotent(runner):
    for _ in range(2):
        result = runner.invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        assert "up to date" in result.output


def test_sqlite_connections_use_wal_full_sync_foreign_keys_and_a_busy_timeout(config, tmp_path):
    from forms import create_app

    app = create_app(config | {"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"})
    with app.extensions["forms_engine"].connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


def test_default_database_is_a_sqlite_file_in_the_instance_folder(config, tmp_path):
    from forms.storage.db import database_url

    assert database_url("", str(tmp_path)) == f"sqlite:///{tmp_path / 'forms.sqlite3'}"


def test_deleting_an_entry_deletes_its_mails(client, app, proof):
    client.post("/api/forms/kontakt", json=contact(altcha=proof()))
    assert len(rows(app, outbox)) == 1
    with app.extensions["forms_engine"].begin() as connection:
        connection.execute(sa.delete(submissions))
    assert rows(app, outbox) == []


def test_times_come_back_timezone_aware(client, app, proof, clock):
    client.post("/api/forms/kontakt", json=contact(altcha=proof()))
    [entry] = rows(app)
    assert entry.created_at == clock.now()
    assert entry.created_at.utcoffset().total_seconds() == 0


def test_a_contact_entry_stores_what_it_filled_and_null_for_the_rest(client, app, proof, clock):
    """The insert names only filled columns; the row must read back the same as before."""
    response = client.post("/api/forms/kontakt", json=contact(altcha=proof()))
    assert response.status_code == 201
    [entry] = rows(app)
    assert entry.reference == response.get_json()["id"] == entry.ticket
    assert entry.data["message"] == contact()["message"]
    assert entry.verified is True
    assert entry.confirmed_at == entry.created_at == clock.now()
    assert len(entry.email_hash) == 64
    for empty in ("dedupe_hash", "all_correct", "raffles", "confirm_hash", "queue_number"):
        assert getattr(entry, empty) is None, empty
    for empty in ("seat", "cancel_hash", "cancelled_at", "reminded_at", "one_entry_guard"):
        assert getattr(entry, empty, None) is None, empty
    [mail] = rows(app, outbox)
    assert mail.submission_id == entry.id


def test_a_failed_mail_insert_leaves_no_entry_behind(client, app, proof, monkeypatch):
    from forms.storage import outbox as outbox_module

    def broken(*args, **kwargs):
        return [{"to_addr": None}]  # violates NOT NULL after the entry was inserted

    monkeypatch.setattr(outbox_module, "compose", broken)
    response = client.post("/api/forms/kontakt", json=contact(altcha=proof()))
    assert response.status_code == 500
    assert "nicht gespeichert" in response.get_json()["message"]
    assert rows(app) == []


def test_upgrading_gives_mails_queued_before_tokens_a_unique_token(tmp_path):
    from forms.storage.migrate import upgrade

    database = sa.create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(database, "0002")
    with database.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO submissions (id, reference, form_id, created_at, data, verified) "
            "VALUES (1, 'r1', 'kontakt', '2021-06-20 10:00:00', '{}', 1)"
        )
        for _ in range(2):
            connection.exec_driver_sql(
                "INSERT INTO outbox (submission_id, kind, to_addr, subject, body, "
                "next_attempt_at, created_at) VALUES (1, 'notify', 'a@b.de', 's', 'b', "
                "'2021-06-20 10:00:00', '2021-06-20 10:00:00')"
            )
    upgrade(database)
    with database.connect() as connection:
        tokens = [row.message_token for row in connection.execute(sa.select(outbox))]
    database.dispose()
    assert len(set(tokens)) == 2 and all(len(token) == 32 for token in tokens)


def test_upgrading_to_partial_keys_keeps_entries_mails_and_the_one_entry_rule(tmp_path):
    from forms.storage.db import create_engine
    from forms.storage.migrate import upgrade

    database = create_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")  # foreign keys on
    upgrade(database, "0007")
    with database.begin() as connection:
        for number in (1, 2):
            connection.exec_driver_sql(
                "INSERT INTO submissions (id, reference, form_id, created_at, data, verified, "
                f"dedupe_hash) VALUES ({number}, 'r{number}', 'quiz', '2021-06-20 10:00:00', "
                f"'{{}}', 1, {'NULL' if number == 1 else repr('h')})"
            )
            connection.exec_driver_sql(
                "INSERT INTO outbox (submission_id, kind, to_addr, subject, body, "
                "next_attempt_at, created_at, message_token) VALUES "
                f"({number}, 'notify', 'a@b.de', 's', 'b', '2021-06-20 10:00:00', "
                f"'2021-06-20 10:00:00', 't{number}')"
            )
    upgrade(database)
    second_entry = (
        "INSERT INTO submissions (reference, form_id, created_at, data, verified, dedupe_hash) "
        "VALUES ('{0}', 'quiz', '2021-06-20 10:00:00', '{{}}', 1, {1})"
    )
    with database.begin() as connection:
        connection.exec_driver_sql(second_entry.format("r3", "NULL"))
        assert connection.execute(sa.select(sa.func.count()).select_from(outbox)).scalar() == 2
    with pytest.raises(sa.exc.IntegrityError), database.begin() as connection:
        connection.exec_driver_sql(second_entry.format("r4", "'h'"))
    database.dispose()
