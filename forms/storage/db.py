"""Database access: one engine per app, one connection per request, SQLite made safe to rely on."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click
import sqlalchemy as sa
from flask import Flask, current_app, g
from flask.cli import with_appcontext

from forms.storage.group_commit import GroupCommit

# secure_delete: deleted rows are overwritten with zeros, not merely unlinked, so erased
# personal data does not linger in free pages of the file.
SQLITE_PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "secure_delete": 1}
BUSY_TIMEOUT_MS = 5000
SQLITE_POOL_SIZE = 32
PING_AFTER_IDLE_SECONDS = 1.0
_SQLITE_WRITERS: dict[str, GroupCommit] = {}
_SQLITE_WRITERS_GUARD = threading.Lock()
T = TypeVar("T")


def database_url(configured: str, instance_path: str) -> str:
    """The configured URL, or a SQLite file in the instance folder."""
    if configured:
        return configured
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'forms.sqlite3'}"


def create_engine(url: str) -> sa.Engine:
    """Create an engine; on SQLite every new connection gets WAL, FULL sync and foreign keys."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(
            url,
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
            # Above gunicorn's thread count: a pool smaller than the threads opens and closes
            # (and re-checks the pragmas of) an overflow connection on many requests.
            pool_size=SQLITE_POOL_SIZE,
        )
        sa.event.listen(engine, "connect", _configure_sqlite)
        return engine
    engine = sa.create_engine(url)
    sa.event.listen(engine, "checkin", _note_return)
    sa.event.listen(engine, "checkout", _idle_pinger(engine.dialect))
    return engine


def _note_return(_dbapi_connection, record) -> None:
    record.info["returned_at"] = time.monotonic()


def _idle_pinger(dialect: sa.Dialect):
    """Like `pool_pre_ping`, but only for a connection idle for a while: one round trip less.

    A connection used within the last second is taken as alive; should the server have gone
    away just then, that request fails with 503 and the pool replaces its connections.
    """

    def ping_if_idle(dbapi_connection, record, _proxy) -> None:
        returned_at = record.info.get("returned_at")
        if returned_at is None or time.monotonic() - returned_at < PING_AFTER_IDLE_SECONDS:
            return
        try:
            alive = dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise sa.exc.DisconnectionError(str(exc)) from exc
        if alive is False:
            raise sa.exc.DisconnectionError("ping failed")

    return ping_if_idle


def _configure_sqlite(dbapi_connection, _record) -> None:
    """Set and then verify the pragmas, so a silently ignored one stops the service."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        for name, value in SQLITE_PRAGMAS.items():
            cursor.execute(f"PRAGMA {name} = {value}")
        for name, expected in SQLITE_PRAGMAS.items():
            actual = cursor.execute(f"PRAGMA {name}").fetchone()[0]
            if str(actual).lower() != str(expected):
                raise RuntimeError(f"SQLite refused PRAGMA {name} = {expected} (got {actual})")
    finally:
        cursor.close()


def write_committed(connection: sa.Connection, write: Callable[[sa.Connection], T]) -> T:
    """Run `write` in a transaction and return its result once that is committed.

    SQLite: the process's waiting writers share one transaction and its fsync (group_commit).
    """
    if connection.dialect.name != "sqlite":
        with connection.begin():
            return write(connection)
    return sqlite_writers(connection).run(connection, write)


def scrub_deleted(engine: sa.Engine) -> bool:
    """After deleting personal data, leave no copy of it in SQLite's write-ahead log.

    The WAL keeps every page version written since the last checkpoint, the inserted rows
    included. A TRUNCATE checkpoint copies the newest pages (zeroed by secure_delete) into
    the database and empties the log. False: a reader kept the log busy; run it again.
    PostgreSQL keeps dead rows until VACUUM reuses their space (autovacuum does).
    """
    if engine.dialect.name != "sqlite":
        return True
    with engine.connect() as connection:
        busy, _log_pages, _copied = connection.exec_driver_sql(
            "PRAGMA wal_checkpoint(TRUNCATE)"
        ).one()
    return not busy


def sqlite_writers(connection: sa.Connection) -> GroupCommit:
    """The group commit of the SQLite file `connection` writes, shared by this process."""
    database = str(connection.engine.url.database)
    with _SQLITE_WRITERS_GUARD:
        return _SQLITE_WRITERS.setdefault(database, GroupCommit())


def engine() -> sa.Engine:
    """The current app's engine."""
    return engine_of(current_app)


def engine_of(app: Flask) -> sa.Engine:
    """The engine of `app`, also outside a request."""
    return app.extensions["forms_engine"]


def get_db() -> sa.Connection:
    """The request's connection, opened on first use."""
    if "db" not in g:
        g.db = engine().connect()
    return g.db


def close_db(_error: BaseException | None = None) -> None:
    """Return the request's connection to the pool."""
    connection = g.pop("db", None)
    if connection is not None:
        connection.close()


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the tables to the newest migration."""
    from forms.storage.migrate import upgrade

    upgrade(engine())
    click.echo("Database is up to date.")


def init_app(app: Flask) -> None:
    """Attach the engine, the teardown and the init-db command to `app`."""
    url = database_url(app.config["DATABASE_URL"], app.instance_path)
    app.extensions["forms_engine"] = create_engine(url)
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
