"""After `erase` and `purge`, the address is gone from SQLite's files, not only from its rows."""

from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from forms.storage.db import engine

from .conftest import BERLIN

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

ERASED = "unverwechselbar.erika@beispiel.de"


def raw_files(app) -> dict[str, bytes]:
    """The database file, its write-ahead log and its shared-memory index, byte for byte."""
    database = Path(engine_url(app).database)
    return {
        path.name: path.read_bytes()
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm"))
        if path.exists()
    }


def engine_url(app) -> sa.URL:
    with app.app_context():
        return engine().url


def copies(app, text: str) -> dict[str, int]:
    """How often `text` can be read in each file (UTF-8, as SQLite stores JSON text)."""
    needle = text.encode()
    found = {name: data.count(needle) for name, data in raw_files(app).items()}
    return {name: count for name, count in found.items() if count}


def test_an_erased_address_leaves_no_readable_copy_in_the_database_files(app, runner, add_entry):
    for _ in range(10):
        add_entry("kontakt", email=ERASED, message=f"Nachricht von {ERASED}")
    add_entry(email=ERASED)
    kept = add_entry("kontakt", email="max@beispiel.de")
    assert copies(app, ERASED), "the probe never reached the files; the test proves nothing"

    result = runner.invoke(args=["erase", ERASED])

    assert result.exit_code == 0, result.output
    assert copies(app, ERASED) == {}
    assert kept.encode() in b"".join(raw_files(app).values()), "the other entry must stay"


def test_purged_entries_leave_no_readable_copy_in_the_database_files(app, runner, add_entry, clock):
    for _ in range(10):
        add_entry("kontakt", email=ERASED)
    assert copies(app, ERASED)
    clock.set(datetime(2022, 6, 1, 9, 0, tzinfo=BERLIN))  # past the 180 days

    result = runner.invoke(args=["purge"])

    assert result.exit_code == 0, result.output
    assert copies(app, ERASED) == {}
