"""Run the Alembic migrations from code, so `init-db` and the first start need no alembic.ini."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any number every instance agrees on: names the PostgreSQL advisory lock for migrations.
_LOCK_KEY = 7_301_966_042


def alembic_config(connection: sa.Connection) -> Config:
    """An Alembic configuration bound to an open connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` in one transaction, one process at a time."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Instances starting together would all create the tables; the lock lets the
            # first migrate while the others wait, then find the schema current.
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        command.upgrade(alembic_config(connection), revision)


def is_current(engine: sa.Engine) -> bool:
    """Whether the database already has the newest migration."""
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
        head = ScriptDirectory.from_config(alembic_config(connection)).get_heads()
    return set(current) == set(head)
