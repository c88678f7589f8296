"""Write a submission and its mails in one transaction; the unique key decides duplicates."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from forms import keys
from forms.definitions.model import FormDefinition
from forms.storage import db, outbox
from forms.storage.references import new_reference
from forms.storage.tables import DUPLICATE_CONSTRAINT, submissions
from forms.storage.tables import outbox as outbox_table

# Built once: SQLAlchemy then finds their compiled form in its cache instead of rebuilding
# and re-coercing an INSERT from the row's values on every request.
INSERT_SUBMISSION = submissions.insert().returning(submissions.c.id)
INSERT_MAIL = outbox_table.insert()
SUBMISSION_COLUMNS = tuple(column.name for column in submissions.c if column.name != "id")
MAIL_COLUMNS = tuple(
    column.name
    for column in outbox_table.c
    if column.name not in ("id", "submission_id", "last_error", "sent_at")
)


class DuplicateEntry(Exception):
    """This person already took part in a form that allows one entry each."""


# Draws of a Losnummer before giving up; a clash is rare (40 random bits), two in a row rarer.
REFERENCE_ATTEMPTS = 5
REFERENCE_CONSTRAINT = "uq_submissions_reference"


def save(
    connection: sa.Connection,
    definition: FormDefinition,
    values: dict[str, Any],
    *,
    all_correct: bool | None,
    verified: bool,
    now: datetime,
    secret: str,
) -> str:
    """Store the declared values and their outbox rows atomically; return the Losnummer."""
    for _ in range(REFERENCE_ATTEMPTS):
        reference = new_reference()
        try:
            _write(connection, definition, values, reference, all_correct, verified, now, secret)
            return reference
        except sa.exc.IntegrityError as exc:
            if _violates(exc, DUPLICATE_CONSTRAINT, "submissions.form_id, submissions.dedupe_hash"):
                raise DuplicateEntry from exc
            if not _violates(exc, REFERENCE_CONSTRAINT, "submissions.reference"):
                raise
            clash = exc
            if connection.dialect.name != "sqlite" and connection.in_transaction():
                connection.rollback()  # the failed statement opened one; draw again outside it
    raise clash


def _write(
    connection: sa.Connection,
    definition: FormDefinition,
    values: dict[str, Any],
    reference: str,
    all_correct: bool | None,
    verified: bool,
    now: datetime,
    secret: str,
) -> None:
    address = _email_of(definition, values)
    email_hash = keys.email_hash(secret, address) if address else None
    raffle_field = definition.raffle_field
    row = {
        "reference": reference,
        "form_id": definition.id,
        "created_at": now,
        "data": values,
        "email_hash": email_hash,
        "dedupe_hash": email_hash if definition.one_entry_per else None,
        "all_correct": all_correct,
        "raffles": values.get(raffle_field.name) if raffle_field else None,
        "verified": verified,
    }
    # Composed before the transaction: SQLite's write lock is held only for the inserts.
    mails = outbox.compose(definition, values, reference, now)

    def write(transaction: sa.Connection) -> None:
        submission_id = transaction.execute(INSERT_SUBMISSION, row).scalar_one()
        for mail in mails:
            transaction.execute(INSERT_MAIL, mail | {"submission_id": submission_id})

    if connection.dialect.name == "sqlite":
        db.write_committed(connection, write)
    else:
        _write_in_one_statement(connection, row, mails)


def _write_in_one_statement(
    connection: sa.Connection, row: dict[str, Any], mails: list[dict[str, Any]]
) -> None:
    """PostgreSQL: entry and mails in one statement, atomic without BEGIN/COMMIT round trips."""
    params = dict(row)
    for number, mail in enumerate(mails):
        params |= {f"{name}_{number}": mail.get(name) for name in MAIL_COLUMNS}
    autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
    autocommit.execute(_insert_with_mails(len(mails)), params)


@lru_cache(maxsize=8)
def _insert_with_mails(count: int) -> sa.Executable:
    """WITH new AS (INSERT INTO submissions ... RETURNING id) INSERT INTO outbox ... SELECT."""
    values = {
        name: sa.bindparam(name, type_=submissions.c[name].type) for name in SUBMISSION_COLUMNS
    }
    entry = submissions.insert().values(values)
    if count == 0:
        return entry
    new = entry.returning(submissions.c.id).cte("new_submission")
    selects = [
        sa.select(
            *(
                sa.bindparam(f"{name}_{n}", type_=outbox_table.c[name].type)
                for name in MAIL_COLUMNS
            ),
            new.c.id,
        )
        for n in range(count)
    ]
    source = selects[0] if count == 1 else sa.union_all(*selects)
    return outbox_table.insert().from_select([*MAIL_COLUMNS, "submission_id"], source).add_cte(new)


def _slot(table: sa.Table, column: str, key: str | None = None) -> sa.BindParameter:
    return sa.bindparam(key or column, type_=table.c[column].type)


def _email_of(definition: FormDefinition, values: dict[str, Any]) -> str:
    name = definition.one_entry_per or next(
        (f.name for f in definition.fields if f.type == "email"), ""
    )
    return values.get(name) or ""


def _violates(exc: sa.exc.IntegrityError, constraint: str, sqlite_columns: str) -> bool:
    """Whether this unique constraint (PostgreSQL names it, SQLite lists its columns) refused."""
    diag = getattr(exc.orig, "diag", None)
    if diag is not None:
        return getattr(diag, "constraint_name", None) == constraint
    return f"failed: {sqlite_columns}" in str(exc.orig)
