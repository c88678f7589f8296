"""Database access: one engine per app, one connection per request, SQLite made safe to rely on."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app, g
from flask.cli import with_appcontext

SQLITE_PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}
BUSY_TIMEOUT_MS = 5000


def database_url(configured: str, instance_path: str) -> str:
    """The configured URL, or a SQLite file in the instance folder."""
    if configured:
        return configured
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'forms.sqlite3'}"


def create_engine(url: str) -> sa.Engine:
    """Create an engine; on SQLite every new connection gets WAL, FULL sync and foreign keys."""
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        sa.event.listen(engine, "connect", _configure_sqlite)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


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
    from forms.migrate import upgrade

    upgrade(engine())
    click.echo("Database is up to date.")


def init_app(app: Flask) -> None:
    """Attach the engine, the teardown and the init-db command to `app`."""
    url = database_url(app.config["DATABASE_URL"], app.instance_path)
    app.extensions["forms_engine"] = create_engine(url)
    app.teardown_appcontext(close_db)
    app.cli.add_command(init_db_command)
