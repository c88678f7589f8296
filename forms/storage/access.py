"""Self-service access ("Meine Daten", GDPR Art. 15 and 17) through a mailed, expiring link.

Asking is the same for every address: one row is written and the same answer given, so
neither the answer nor its timing tells whether the city holds data about an address. The
check happens later, in `deliver` (queue_links): a known address gets a mail with a signed
link, attached to its first entry's outbox; an unknown one gets nothing and its row is dropped.
The link shows the same report as `flask --app forms access`; withdrawing uses it up.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from forms import keys
from forms.definitions.model import FormDefinition
from forms.storage import db, outbox, person, seats
from forms.storage.tables import access_requests, submissions
from forms.storage.tables import outbox as outbox_table

LINK_VALID = timedelta(hours=1)
READY, USED, EXPIRED, UNKNOWN = "ready", "used", "expired", "unknown"


def request(connection: sa.Connection, address: str, now: datetime) -> None:
    """Store one request; the same work whether or not the address is known."""
    row = {"address": address, "created_at": now, "status": "new"}
    db.write_committed(connection, lambda c: c.execute(access_requests.insert(), row))


def queue_links(engine: sa.Engine, secret: str, now: datetime, link_base: str) -> int:
    """Mail a link for each new request whose address has data; drop the others. Return mails."""
    queued = 0
    with engine.begin() as connection:
        rows = connection.execute(
            sa.select(access_requests).where(access_requests.c.status == "new")
        ).all()
        for row in rows:
            found = person.find(connection, secret, row.address)
            if not found.entries:
                connection.execute(sa.delete(access_requests).where(access_requests.c.id == row.id))
                continue
            expires = now + LINK_VALID
            link, token = keys.sign_link(secret, "access", int(expires.timestamp()))
            connection.execute(
                sa.update(access_requests)
                .where(access_requests.c.id == row.id)
                .values(status="mailed", link_hash=token.digest, expires_at=expires)
            )
            mail = outbox.compose_access(row.address, link_base + link, expires, now)
            connection.execute(outbox_table.insert(), mail | {"submission_id": found.entries[0].id})
            queued += 1
    return queued


def look_up(connection: sa.Connection, token: keys.LinkToken, now: datetime) -> tuple[str, str]:
    """The link's state and, while it is good, the address it was mailed to."""
    if token.expires_at <= now.timestamp():
        return EXPIRED, ""
    if connection.in_transaction():
        connection.rollback()
    with connection.begin():
        row = connection.execute(
            sa.select(access_requests).where(access_requests.c.link_hash == token.digest)
        ).first()
    if row is None:
        return UNKNOWN, ""
    return (USED, "") if row.used_at else (READY, row.address)


def open_link(
    connection: sa.Connection, secret: str, token: keys.LinkToken, now: datetime
) -> tuple[str, str, str]:
    """Use the mailed link up; return (state, address, a fresh single-use withdrawal link).

    Each link works once: opening the mailed one hands out a new link, valid as long, that
    the data page's withdraw button carries (the download is part of the page itself).
    """
    if token.expires_at <= now.timestamp():
        return EXPIRED, "", ""
    if connection.in_transaction():
        connection.rollback()

    def write(transaction: sa.Connection) -> tuple[str, str, str]:
        state, row = _use_once(transaction, token, now)
        if row is None:
            return state, "", ""
        expires = now + LINK_VALID
        link, follow_up = keys.sign_link(secret, "access", int(expires.timestamp()))
        transaction.execute(
            access_requests.insert(),
            {
                "address": row.address,
                "created_at": now,
                "status": "mailed",
                "link_hash": follow_up.digest,
                "expires_at": expires,
            },
        )
        return READY, row.address, link

    return db.write_committed(connection, write)


def report(connection: sa.Connection, secret: str, address: str) -> dict[str, Any]:
    """Everything stored about the address: the very report `flask --app forms access` gives."""
    if connection.in_transaction():
        connection.rollback()
    with connection.begin():
        return person.report(connection, person.find(connection, secret, address), address)


def withdraw(
    connection: sa.Connection,
    secret: str,
    token: keys.LinkToken,
    now: datetime,
    definition_of: Callable[[str], FormDefinition | None] = lambda _form_id: None,
    links: seats.CancelLinks | None = None,
) -> str:
    """Use the link up and delete the address's entries and mails; draws made keep tokens only.

    A registration's seat is freed at once: the first person waiting moves up and their mail is
    queued in the same transaction, as with the cancellation link.
    """
    if token.expires_at <= now.timestamp():
        return EXPIRED
    if connection.in_transaction():
        connection.rollback()

    def write(transaction: sa.Connection) -> str:
        state, row = _use_once(transaction, token, now)
        if row is None:
            return state
        found = person.find(transaction, secret, row.address)
        events = _registrations(found.entries, definition_of) if links else []
        seats.hold(transaction, [definition.id for definition in events])
        mail_ids = [mail.id for mail in found.mails]
        entry_ids = [entry.id for entry in found.entries]
        if mail_ids:
            transaction.execute(sa.delete(outbox_table).where(outbox_table.c.id.in_(mail_ids)))
        if entry_ids:
            transaction.execute(
                sa.delete(outbox_table).where(outbox_table.c.submission_id.in_(entry_ids))
            )
            transaction.execute(sa.delete(submissions).where(submissions.c.id.in_(entry_ids)))
        transaction.execute(
            sa.update(access_requests).where(access_requests.c.id == row.id).values(address="")
        )
        for definition in events:
            seats.refill(transaction, definition, now, links)
        return "withdrawn"

    return db.write_committed(connection, write)


def _registrations(entries, definition_of) -> list[FormDefinition]:
    """The event registrations among the entries whose seat a withdrawal frees."""
    found = {}
    for entry in entries:
        definition = definition_of(entry.form_id)
        if definition is not None and definition.kind == "registration":
            found[definition.id] = definition
    return [found[form_id] for form_id in sorted(found)]


def forget_old(connection: sa.Connection, now: datetime) -> int:
    """Drop requests whose link has expired (or never came): the address goes with them."""
    cutoff = now - LINK_VALID - timedelta(days=1)
    return connection.execute(
        sa.delete(access_requests).where(access_requests.c.created_at <= cutoff)
    ).rowcount


def _use_once(transaction: sa.Connection, token: keys.LinkToken, now: datetime) -> tuple[str, Any]:
    """Mark the link used: (READY, its request), or (UNKNOWN or USED, None)."""
    row = transaction.execute(
        sa.select(access_requests).where(access_requests.c.link_hash == token.digest)
    ).first()
    if row is None:
        return UNKNOWN, None
    used = transaction.execute(
        sa.update(access_requests)
        .where(access_requests.c.id == row.id, access_requests.c.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    return (READY, row) if used else (USED, None)
