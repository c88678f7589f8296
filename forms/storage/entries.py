"""Write a submission and its mails in one transaction; the unique key decides duplicates."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from forms import keys
from forms.definitions.model import FormDefinition
from forms.storage import db, outbox
from forms.storage.references import new_reference
from forms.storage.tables import DUPLICATE_CONSTRAINT, SUBMISSION_KEY_CONSTRAINT, submissions
from forms.storage.tables import outbox as outbox_table

# Built once: SQLAlchemy then finds their compiled form in its cache instead of rebuilding
# and re-coercing an INSERT from the row's values on every request.
INSERT_MAIL = outbox_table.insert()
SUBMISSION_COLUMNS = tuple(column.name for column in submissions.c if column.name != "id")
MAIL_COLUMNS = tuple(
    column.name
    for column in outbox_table.c
    if column.name not in ("id", "submission_id", "last_error", "sent_at")
)
# The one-entry guard of a double opt-in form: the person's keyed address hash, or NULL
# (which matches no row) when the form has no such guard.
GUARD = "confirmed_hash"


def _slot(table: sa.Table, column: str, key: str | None = None) -> sa.BindParameter:
    return sa.bindparam(key or column, type_=table.c[column].type)


def _unless_confirmed() -> sa.Insert:
    """INSERT INTO submissions ... SELECT <row> WHERE NOT EXISTS (a confirmed entry of GUARD).

    The one-entry check rides in the insert itself: no separate read, no extra transaction
    (three round trips on PostgreSQL). A refused entry inserts no row, and its mails none.
    """
    values = {name: _slot(submissions, name) for name in SUBMISSION_COLUMNS}
    confirmed = sa.select(submissions.c.id).where(
        submissions.c.form_id == values["form_id"],
        submissions.c.dedupe_hash == _slot(submissions, "dedupe_hash", GUARD),
    )
    source = sa.select(*values.values()).where(~sa.exists(confirmed))
    return submissions.insert().from_select(SUBMISSION_COLUMNS, source)


INSERT_SUBMISSION = _unless_confirmed().returning(submissions.c.id)
# A form without the one-entry guard needs neither the NOT EXISTS nor RETURNING: a plain
# insert and the row id SQLite reports are a third cheaper per row (issue 13, "no slowdown").
INSERT_UNGUARDED = submissions.insert()


class DuplicateEntry(Exception):
    """This person already took part in a form that allows one entry each."""


class SubmissionKeyTaken(Exception):
    """Another request stored a submission under the same submission key first."""


def find_by_key(connection: sa.Connection, form_id: str, submission_key: str) -> sa.Row | None:
    """The entry stored under a submission key (its reference and body hash), if any."""
    query = sa.select(submissions.c.reference, submissions.c.body_hash).where(
        submissions.c.form_id == form_id, submissions.c.submission_key == submission_key
    )
    if connection.in_transaction():
        connection.rollback()  # what is left of a refused insert; nothing of it was stored
    with connection.begin():  # a short read that leaves the connection free for the write
        return connection.execute(query).first()


# Draws of a Losnummer before giving up; a clash is rare (40 random bits), two in a row rarer.
REFERENCE_ATTEMPTS = 5
REFERENCE_CONSTRAINT = "uq_submissions_reference"
TICKET_CONSTRAINT = "uq_submissions_ticket"


def save(
    connection: sa.Connection,
    definition: FormDefinition,
    values: dict[str, Any],
    *,
    all_correct: bool | None,
    verified: bool,
    now: datetime,
    secret: str,
    submission_key: str | None = None,
    body_hash: str | None = None,
    confirm_url: str = "",
) -> str:
    """Store the declared values and their outbox rows atomically; return the reference.

    An entry of a form with double opt-in is stored pending: no Losnummer, no one-entry key
    yet, and the only mail asks its address to confirm through ``confirm_url`` + a signed link.
    The reference returned then names the pending entry; the Losnummer comes on confirmation.
    """
    for _ in range(REFERENCE_ATTEMPTS):
        try:
            return _write(
                connection,
                definition,
                values,
                new_reference(),
                all_correct,
                verified,
                now,
                secret,
                submission_key,
                body_hash,
                confirm_url,
            )
        except ReferenceTaken as exc:
            clash = exc
            if connection.dialect.name != "sqlite" and connection.in_transaction():
                connection.rollback()  # the failed statement opened one; draw again outside it
    raise clash.__cause__ or clash


class ReferenceTaken(Exception):
    """The drawn Losnummer belongs to another entry already: draw again."""


def _write(
    connection: sa.Connection,
    definition: FormDefinition,
    values: dict[str, Any],
    reference: str,
    all_correct: bool | None,
    verified: bool,
    now: datetime,
    secret: str,
    submission_key: str | None,
    body_hash: str | None,
    confirm_url: str,
) -> str:
    address = _email_of(definition, values)
    email_hash = keys.email_hash(secret, address) if address else None
    raffle_field = definition.raffle_field
    pending = definition.needs_confirmation
    row = {
        "reference": reference,
        "form_id": definition.id,
        "created_at": now,
        "data": values,
        "email_hash": email_hash,
        "dedupe_hash": email_hash if definition.one_entry_per and not pending else None,
        "all_correct": all_correct,
        "raffles": values.get(raffle_field.name) if raffle_field else None,
        "verified": verified,
        "submission_key": submission_key,
        "body_hash": body_hash,
        "confirmed_at": None if pending else now,
        "ticket": None if pending else reference,
        "confirm_hash": None,
        "queue_number": None,
        "seat": None,
        "cancel_hash": None,
        "cancelled_at": None,
        "reminded_at": None,
        # Answer a second entry of a confirmed person at once (409); the unique key set on
        # confirmation stays the guard against two confirmations racing.
        GUARD: email_hash if pending and definition.one_entry_per else None,
    }
    # Composed before the transaction: SQLite's write lock is held only for the inserts.
    if pending:
        expires = int((now + timedelta(hours=outbox.CONFIRM_WITHIN)).timestamp())
        link, token = keys.sign_link(secret, "confirm", expires)
        row["confirm_hash"] = token.digest
        mails = outbox.compose_request(definition, values, confirm_url + link, now)
    else:
        mails = outbox.compose(definition, values, reference, now)

    def write(transaction: sa.Connection) -> bool:
        if row[GUARD] is None:
            unguarded = {name: row[name] for name in _filled(row)}
            submission_id = transaction.execute(INSERT_UNGUARDED, unguarded).lastrowid
        else:
            submission_id = transaction.execute(INSERT_SUBMISSION, row).scalar_one_or_none()
        if submission_id is None:
            return False  # refused without failing the transaction it may share (group commit)
        for mail in mails:
            transaction.execute(INSERT_MAIL, mail | {"submission_id": submission_id})
        return True

    try:
        if connection.dialect.name == "sqlite":
            stored = db.write_committed(connection, write)
        else:
            stored = _write_in_one_statement(connection, row, mails)
    except sa.exc.IntegrityError as exc:
        if _refused_by(
            exc, SUBMISSION_KEY_CONSTRAINT, "submissions.form_id, submissions.submission_key"
        ):
            raise SubmissionKeyTaken from exc
        if _refused_by(exc, DUPLICATE_CONSTRAINT, "submissions.form_id, submissions.dedupe_hash"):
            raise DuplicateEntry from exc
        if _refused_by(exc, REFERENCE_CONSTRAINT, "submissions.reference") or _refused_by(
            exc, TICKET_CONSTRAINT, "submissions.ticket"
        ):
            raise ReferenceTaken from exc  # without confirmation the reference is the ticket
        raise
    if not stored:
        raise DuplicateEntry
    return reference


def _write_in_one_statement(
    connection: sa.Connection, row: dict[str, Any], mails: list[dict[str, Any]]
) -> bool:
    """PostgreSQL: entry and mails in one statement, atomic without BEGIN/COMMIT round trips.

    False when the one-entry guard refused the entry (no row inserted).
    """
    guarded = row[GUARD] is not None
    columns = None if guarded else _filled(row)
    # Unguarded: only the filled columns, since SQLAlchemy would add any other column name it
    # is given to the insert (as an unnamed parameter it then finds no value for).
    params = dict(row) if guarded else {name: row[name] for name in columns}
    for number, mail in enumerate(mails):
        params |= {f"{name}_{number}": mail.get(name) for name in MAIL_COLUMNS}
    autocommit = connection
    # A connection that stored an entry before is in AUTOCOMMIT already, with the no-op
    # transaction SQLAlchemy began for it; setting the level again would be refused.
    if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
        autocommit = connection.execution_options(isolation_level="AUTOCOMMIT")
    result = autocommit.execute(_insert_with_mails(len(mails), columns), params)
    return not guarded or result.first() is not None


def _filled(row: dict[str, Any]) -> tuple[str, ...]:
    """The submission columns this entry fills; the others default to NULL.

    Leaving out the empty ones (a contact message fills 10 of 19) spares SQLAlchemy a bound
    parameter and its type processing for each: the largest part of what the insert cost
    beyond 8c9ece8 in the intake profile.
    """
    return tuple(name for name in SUBMISSION_COLUMNS if row[name] is not None)


@lru_cache(maxsize=32)
def _insert_with_mails(count: int, columns: tuple[str, ...] | None) -> sa.Executable:
    """WITH new AS (INSERT INTO submissions ... RETURNING id) INSERT INTO outbox ... SELECT.

    Guarded (one entry per person, `columns` None): the entry rides on NOT EXISTS and the
    statement returns what it inserted, so a refusal shows. Unguarded forms need neither, as on
    SQLite: a plain insert of the filled `columns`, with no result to read.
    """
    guarded = columns is None
    if guarded:
        entry = _unless_confirmed()
    else:
        entry = submissions.insert().values({name: _slot(submissions, name) for name in columns})
    if count == 0:
        return entry.returning(submissions.c.id) if guarded else entry
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
    mails = outbox_table.insert().from_select([*MAIL_COLUMNS, "submission_id"], source)
    mails = mails.add_cte(new)
    return mails.returning(outbox_table.c.id) if guarded else mails


def _email_of(definition: FormDefinition, values: dict[str, Any]) -> str:
    name = definition.one_entry_per or next(
        (f.name for f in definition.fields if f.type == "email"), ""
    )
    return values.get(name) or ""


def _refused_by(exc: sa.exc.IntegrityError, constraint: str, sqlite_columns: str) -> bool:
    """Whether this unique constraint (PostgreSQL names it, SQLite lists its columns) refused."""
    diag = getattr(exc.orig, "diag", None)
    if diag is not None:
        return getattr(diag, "constraint_name", None) == constraint
    return str(exc.orig).endswith(f"failed: {sqlite_columns}")
