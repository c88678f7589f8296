"""Confirm a pending entry through its mailed link: once, in time, and one per person.

Confirming is one transaction: the entry gets its confirmation time, its Losnummer (ticket)
and its one-entry key, and the receipt and the office's notice are queued with it. The update
only touches an entry that is still pending, so two clicks at once confirm it once. The
one-entry key is set here rather than on arrival, so a stranger's pending entry never blocks
the owner of the address: whoever confirms first holds the key, a later confirmation is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from forms import keys
from forms.definitions.model import FormDefinition
from forms.storage import db, outbox, seats
from forms.storage.entries import DUPLICATE_CONSTRAINT, REFERENCE_ATTEMPTS
from forms.storage.references import new_reference
from forms.storage.tables import outbox as outbox_table
from forms.storage.tables import submissions

# What a link can find: the states the intake answers with a page and a status each.
READY, USED, EXPIRED, UNKNOWN, DUPLICATE, CLOSED, CONFIRMED = (
    "ready",
    "used",
    "expired",
    "unknown",
    "duplicate",
    "closed",
    "confirmed",
)


@dataclass(frozen=True)
class Outcome:
    """What happened to a link: its state, the form, and the Losnummer once confirmed."""

    state: str
    form_id: str = ""
    ticket: str = ""
    waiting_rank: int = 0  # an event registration's place on the waiting list (0: a seat)


def look_up(connection: sa.Connection, token: keys.LinkToken, now: datetime) -> Outcome:
    """What a link would do if its button were pressed, without doing it (GET)."""
    if token.expires_at <= now.timestamp():
        return Outcome(EXPIRED, _form_of(connection, token))
    if connection.in_transaction():
        connection.rollback()
    with connection.begin():
        row = _entry(connection, token)
    if row is None:
        return Outcome(UNKNOWN)
    return Outcome(USED if row.confirmed_at else READY, row.form_id)


def confirm(
    connection: sa.Connection,
    token: keys.LinkToken,
    now: datetime,
    definition_of: Callable[[str], FormDefinition | None],
    links: seats.CancelLinks | None = None,
) -> Outcome:
    """Confirm the entry a link names, issue its Losnummer and queue its mails (POST).

    An event registration takes its seat or its place on the waiting list in the same
    transaction (forms.storage.seats); its mail carries the cancellation link `links` make.
    """
    if token.expires_at <= now.timestamp():
        return Outcome(EXPIRED, _form_of(connection, token))
    if connection.in_transaction():
        connection.rollback()

    def write(transaction: sa.Connection) -> Outcome:
        row = _entry(transaction, token)
        definition = row and definition_of(row.form_id)
        if row is None or definition is None:
            return Outcome(UNKNOWN)
        if row.confirmed_at is not None:
            return Outcome(USED, row.form_id)
        if definition.status(now) == "closed":
            return Outcome(CLOSED, row.form_id)  # the eligible list is frozen at `closes`
        ticket = new_reference()
        changed = transaction.execute(
            sa.update(submissions)
            .where(submissions.c.id == row.id, submissions.c.confirmed_at.is_(None))
            .values(
                confirmed_at=now,
                ticket=ticket,
                dedupe_hash=row.email_hash if definition.one_entry_per else None,
            )
        ).rowcount
        if not changed:
            return Outcome(USED, row.form_id)
        if definition.kind == "registration":
            mails = seats.take(transaction, definition, row, now, links)
            rank = seats.waiting_rank(transaction, row.form_id, row.id)
        else:
            mails, rank = outbox.compose(definition, row.data, ticket, now), 0
        for mail in mails:
            transaction.execute(outbox_table.insert(), mail | {"submission_id": row.id})
        return Outcome(CONFIRMED, row.form_id, ticket, rank)

    for attempt in range(REFERENCE_ATTEMPTS):
        try:
            return db.write_committed(connection, write)
        except sa.exc.IntegrityError as exc:
            if DUPLICATE_CONSTRAINT in str(exc.orig) or "submissions.dedupe_hash" in str(exc.orig):
                return Outcome(DUPLICATE, _form_of(connection, token))
            if connection.in_transaction():
                connection.rollback()
            if attempt == REFERENCE_ATTEMPTS - 1:
                raise  # a clash of drawn Losnummern five times in a row: not chance
    raise AssertionError("unreachable")


def _form_of(connection: sa.Connection, token: keys.LinkToken) -> str:
    """The form of the entry a link names, if it is still stored ("" once purged).

    Refusals name their form so that a registration is not answered in a quiz's words.
    """
    if connection.in_transaction():
        connection.rollback()
    with connection.begin():
        row = _entry(connection, token)
    return row.form_id if row else ""


def _entry(connection: sa.Connection, token: keys.LinkToken) -> sa.Row | None:
    query = sa.select(
        submissions.c.id,
        submissions.c.form_id,
        submissions.c.reference,
        submissions.c.data,
        submissions.c.email_hash,
        submissions.c.confirmed_at,
    ).where(submissions.c.confirm_hash == token.digest)
    return connection.execute(query).first()
