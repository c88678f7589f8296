"""Reminders before an event, queued by every `deliver` run, and seats freed by other means.

A seat holder gets one reminder once the event is at most `reminder_days` away (and not yet
started); `reminded_at` is set by a conditional update in the same transaction as the mail,
so two `deliver` runs at once queue it once. The same run gives seats freed without a
cancellation link or a withdrawal through "Meine Daten" (an entry erased by the office, a
raised `capacity`) to the waiting list, with the usual mail.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa

from forms.definitions.model import FormDefinition
from forms.storage import db, seats
from forms.storage.tables import outbox, submissions


def run(
    engine: sa.Engine,
    definitions: Iterable[FormDefinition],
    now: datetime,
    links: seats.CancelLinks,
) -> tuple[int, int]:
    """Queue due reminders and refill free seats; return (reminders, people moved up)."""
    reminded = moved = 0
    for definition in definitions:
        if definition.kind != "registration" or now >= definition.event.start:
            continue
        with engine.connect() as connection:
            moved += db.write_committed(
                connection, lambda t, d=definition: seats.refill(t, d, now, links)
            )
            if seats.reminder_due(definition, now):
                reminded += db.write_committed(
                    connection, lambda t, d=definition: _remind(t, d, now, links)
                )
    return reminded, moved


def _remind(transaction: sa.Connection, definition: FormDefinition, now: datetime, links) -> int:
    due = transaction.execute(
        sa.select(submissions.c.id, submissions.c.reference, submissions.c.data).where(
            submissions.c.form_id == definition.id,
            submissions.c.seat == seats.SEAT,
            submissions.c.reminded_at.is_(None),
        )
    ).all()
    queued = 0
    for row in due:
        claimed = transaction.execute(
            sa.update(submissions)
            .where(submissions.c.id == row.id, submissions.c.reminded_at.is_(None))
            .values(reminded_at=now)
        ).rowcount
        if claimed:
            mail = seats.mail_for(definition, row, "reminder", links, now)
            transaction.execute(outbox.insert(), mail | {"submission_id": row.id})
            queued += 1
    return queued
