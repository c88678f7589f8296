"""Seats of an event registration, handed out atomically in the order confirmations arrive.

When a seat is held: at confirmation, not at submission. A registration that waits for its
mailed link holds nothing, so a mistyped address or someone else's cannot block a seat for the
72 hours a link is valid; "arrival" is the moment the person confirms.

Why that is race-free: every change of seats happens in a transaction that first updates the
form's row in `seat_counters`. On PostgreSQL that row lock makes each other confirmation or
cancellation of the form wait until this transaction ends, across processes and hosts; SQLite
has one writer at a time anyway. Under the lock the count of taken seats is exact (each
statement of a READ COMMITTED transaction sees everything committed before it). A confirmation
draws the next queue number (its place in the order of arrival, unique per form by an index)
and joins the waiting list; then free seats go to the waiting entries with the lowest queue
numbers. A cancellation frees its seat the same way, so the first person waiting moves up, and
that person's mail is queued in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from forms import keys
from forms.clock import BERLIN, german_time
from forms.definitions.model import FormDefinition
from forms.storage import outbox
from forms.storage.tables import outbox as outbox_table
from forms.storage.tables import seat_counters, submissions

SEAT, WAITING, CANCELLED = "seat", "waiting", "cancelled"
# How the office's export and a person's "Meine Daten" page name each state.
SEAT_WORDS = {SEAT: "Platz", WAITING: "Warteliste", CANCELLED: "abgesagt"}
CANCEL_PATH = "/api/absagen/"


@dataclass(frozen=True)
class CancelLinks:
    """Makes the personal cancellation link of an entry: the same link in every mail."""

    secret: str
    site_url: str

    def token(self, definition: FormDefinition, reference: str) -> tuple[str, keys.LinkToken]:
        """The signed link text and its token; it expires when the event starts."""
        nonce = keys.keyed_nonce(self.secret, "cancel", reference)
        expires = int(definition.event.start.timestamp())
        return keys.sign_link(self.secret, "cancel", expires, nonce)

    def url(self, definition: FormDefinition, reference: str) -> str:
        """The address a mail carries: the service's page for this link."""
        return f"{self.site_url}{CANCEL_PATH}{self.token(definition, reference)[0]}"


@dataclass(frozen=True)
class Seats:
    """What the event page and `stats` show: capacity, seats taken, waiting, cancelled."""

    capacity: int
    taken: int
    waiting: int
    cancelled: int

    @property
    def left(self) -> int:
        return max(self.capacity - self.taken, 0)


def count(connection: sa.Connection, definition: FormDefinition) -> Seats:
    """The current numbers of one registration form (confirmed entries only)."""
    query = (
        sa.select(submissions.c.seat, sa.func.count())
        .where(submissions.c.form_id == definition.id, submissions.c.seat.is_not(None))
        .group_by(submissions.c.seat)
    )
    found = dict(connection.execute(query).all())
    return Seats(
        definition.capacity, found.get(SEAT, 0), found.get(WAITING, 0), found.get(CANCELLED, 0)
    )


def take(
    transaction: sa.Connection,
    definition: FormDefinition,
    entry: sa.Row,
    now: datetime,
    links: CancelLinks,
) -> list[dict[str, Any]]:
    """Place a just-confirmed entry (seat or waiting list); return its own mail to queue.

    Runs inside the confirming transaction; `entry` has id, reference and data. Anyone moved
    up meanwhile (the capacity was raised) gets their mail queued here.
    """
    number = _lock(transaction, definition.id, draw=True)
    _, token = links.token(definition, entry.reference)
    transaction.execute(
        sa.update(submissions)
        .where(submissions.c.id == entry.id)
        .values(queue_number=number, seat=WAITING, cancel_hash=token.digest)
    )
    promoted = _fill(transaction, definition)
    _mail_moved_up(
        transaction, definition, [row for row in promoted if row.id != entry.id], links, now
    )
    seat = SEAT if any(row.id == entry.id for row in promoted) else WAITING
    context = {"waiting_rank": _rank(transaction, definition.id, number) if seat == WAITING else 0}
    template = "confirm_registration"
    return [_mail(definition, entry, template, links, now, context, kind="confirmation")]


def waiting_rank(connection: sa.Connection, form_id: str, submission_id: int) -> int:
    """The place of an entry on the waiting list (1 is next), 0 when it holds a seat."""
    row = connection.execute(
        sa.select(submissions.c.seat, submissions.c.queue_number).where(
            submissions.c.id == submission_id
        )
    ).first()
    if row is None or row.seat != WAITING:
        return 0
    return _rank(connection, form_id, row.queue_number)


@dataclass(frozen=True)
class Cancellation:
    """What a cancellation link did: cancelled, used before, or found nothing."""

    state: str
    form_id: str = ""


CANCELLED_NOW, ALREADY, UNKNOWN, READY, EXPIRED = (
    "cancelled",
    "already",
    "unknown",
    "ready",
    "expired",
)


def look_up(connection: sa.Connection, token: keys.LinkToken, now: datetime) -> Cancellation:
    """What the link would cancel, without doing it (GET)."""
    if token.expires_at <= now.timestamp():
        return Cancellation(EXPIRED)
    if connection.in_transaction():
        connection.rollback()
    with connection.begin():
        row = _by_token(connection, token)
    if row is None:
        return Cancellation(UNKNOWN)
    return Cancellation(ALREADY if row.seat == CANCELLED else READY, row.form_id)


def cancel(
    transaction: sa.Connection,
    token: keys.LinkToken,
    now: datetime,
    definition_of,
    links: CancelLinks,
) -> Cancellation:
    """Cancel the entry the link names, once; the first person waiting moves up (POST)."""
    if token.expires_at <= now.timestamp():
        return Cancellation(EXPIRED)
    found = _by_token(transaction, token)
    definition = found and definition_of(found.form_id)
    if found is None or definition is None:
        return Cancellation(UNKNOWN)
    _lock(transaction, definition.id, draw=False)  # before any row: one lock order, no deadlock
    changed = transaction.execute(
        sa.update(submissions)
        .where(submissions.c.id == found.id, submissions.c.seat != CANCELLED)
        .values(seat=CANCELLED, cancelled_at=now, dedupe_hash=None)
    ).rowcount
    if not changed:
        return Cancellation(ALREADY, definition.id)
    _mail_moved_up(transaction, definition, _fill(transaction, definition), links, now)
    mail = _mail(definition, found, "cancelled", links, now, kind="confirmation")
    transaction.execute(outbox_table.insert(), mail | {"submission_id": found.id})
    return Cancellation(CANCELLED_NOW, definition.id)


def refill(
    transaction: sa.Connection, definition: FormDefinition, now: datetime, links: CancelLinks
) -> int:
    """Give seats freed other than by a cancellation link to the waiting list; return how many.

    Takes the lock only when a seat is free and someone waits, so a quiet run writes nothing.
    """
    found = count(transaction, definition)
    if not found.waiting or found.left == 0:
        return 0
    _lock(transaction, definition.id, draw=False)
    promoted = _fill(transaction, definition)
    _mail_moved_up(transaction, definition, promoted, links, now)
    return len(promoted)


def hold(transaction: sa.Connection, form_ids) -> None:
    """Take the seat locks of these forms, in one order, before any of their rows change.

    A deletion that frees seats (a withdrawal through "Meine Daten") locks first, as `cancel`
    does, so it never waits for a lock that a confirmation holds while waiting for its row.
    """
    for form_id in sorted(set(form_ids)):
        _lock(transaction, form_id, draw=False)


def mail_for(
    definition: FormDefinition, entry: sa.Row, template: str, links: CancelLinks, now: datetime
) -> dict[str, Any]:
    """A mail to one registered person (the reminder uses it), with the cancellation link."""
    return _mail(definition, entry, template, links, now, kind="reminder")


def _lock(transaction: sa.Connection, form_id: str, draw: bool) -> int:
    """Take the form's counter row (its lock orders all seat changes); draw a number if asked."""
    bump = (
        sa.update(seat_counters)
        .where(seat_counters.c.form_id == form_id)
        .values(issued=seat_counters.c.issued + (1 if draw else 0))
        .returning(seat_counters.c.issued)
    )
    number = transaction.execute(bump).scalar()
    if number is None:
        insert = _insert_ignoring_conflict(transaction).values(form_id=form_id, issued=0)
        transaction.execute(insert)
        number = transaction.execute(bump).scalar_one()
    return number


def _insert_ignoring_conflict(transaction: sa.Connection):
    if transaction.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(seat_counters).on_conflict_do_nothing(index_elements=["form_id"])


def _fill(transaction: sa.Connection, definition: FormDefinition) -> list[sa.Row]:
    """Give free seats to the waiting entries with the lowest queue numbers; return those."""
    free = definition.capacity - count(transaction, definition).taken
    if free <= 0:
        return []
    chosen = transaction.execute(
        sa.select(submissions.c.id, submissions.c.reference, submissions.c.data)
        .where(
            submissions.c.form_id == definition.id,
            submissions.c.seat == WAITING,
            submissions.c.queue_number.is_not(None),  # lets the partial index give the order
        )
        .order_by(submissions.c.queue_number)
        .limit(free)
    ).all()
    if chosen:
        transaction.execute(
            sa.update(submissions)
            .where(submissions.c.id.in_([row.id for row in chosen]))
            .values(seat=SEAT)
        )
    return chosen


def _mail_moved_up(
    transaction: sa.Connection,
    definition: FormDefinition,
    rows: list[sa.Row],
    links: CancelLinks,
    now: datetime,
) -> None:
    for row in rows:
        mail = _mail(definition, row, "moved_up", links, now)
        transaction.execute(outbox_table.insert(), mail | {"submission_id": row.id})
    if rows and reminder_due(definition, now):
        # The mail names date, place and the cancellation link: a reminder minutes later
        # would only repeat it.
        transaction.execute(
            sa.update(submissions)
            .where(submissions.c.id.in_([row.id for row in rows]))
            .values(reminded_at=now)
        )


def reminder_due(definition: FormDefinition, now: datetime) -> bool:
    """Whether the event is close enough for its reminder (`reminder_days` before the start)."""
    if not definition.reminder_days:
        return False
    return now >= definition.event.start - timedelta(days=definition.reminder_days)


def _rank(connection: sa.Connection, form_id: str, number: int) -> int:
    return connection.execute(
        sa.select(sa.func.count()).where(
            submissions.c.form_id == form_id,
            submissions.c.seat == WAITING,
            submissions.c.queue_number <= number,
        )
    ).scalar_one()


def _by_token(connection: sa.Connection, token: keys.LinkToken) -> sa.Row | None:
    query = sa.select(
        submissions.c.id,
        submissions.c.form_id,
        submissions.c.reference,
        submissions.c.data,
        submissions.c.seat,
    ).where(submissions.c.cancel_hash == token.digest)
    return connection.execute(query).first()


def _mail(
    definition: FormDefinition,
    entry: sa.Row,
    template: str,
    links: CancelLinks,
    now: datetime,
    extra: dict | None = None,
    kind: str = "moved_up",
) -> dict[str, Any]:
    event = definition.event
    context = {
        "form": definition,
        "event": event,
        "values": entry.data,
        "reference": entry.reference,
        "starts": german_time(event.start),
        "ends": f"{event.end.astimezone(BERLIN):%H:%M} Uhr",
        "cancel_link": links.url(definition, entry.reference),
        "page": links.site_url + event.page,
        "waiting_rank": 0,
    } | (extra or {})
    to = entry.data[definition.confirm_to]
    return outbox.compose_one(template, kind, to, context, now)
