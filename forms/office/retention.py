"""Delete personal data on time (purge) and on request (erase, GDPR Art. 17)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from forms.definitions.model import FormDefinition
from forms.storage import person
from forms.storage.outbox import CONFIRM_WITHIN
from forms.storage.tables import outbox, submissions


@dataclass
class PurgePlan:
    """What one form loses in a purge; references only, so the list itself is harmless."""

    form_id: str
    cutoff_note: str
    references: list[str] = field(default_factory=list)
    submission_ids: list[int] = field(default_factory=list)
    mails: int = 0


def due_condition(definition: FormDefinition, now: datetime) -> sa.ColumnElement[bool] | None:
    """Which entries are past retention: a quiz counts from ``closes``, an event registration
    from the event's end, the rest from arrival.

    Entries never confirmed by mail are kept only for the confirmation period (72 hours).
    """
    keep = timedelta(days=definition.retention_days)
    unconfirmed = sa.and_(
        submissions.c.confirmed_at.is_(None),
        submissions.c.created_at <= now - timedelta(hours=CONFIRM_WITHIN),
    )
    if definition.kind == "quiz" and definition.closes is not None:
        return sa.true() if definition.closes + keep <= now else unconfirmed
    if definition.kind == "registration" and definition.event is not None:
        return sa.true() if definition.event.end + keep <= now else unconfirmed
    return sa.or_(submissions.c.created_at <= now - keep, unconfirmed)


def plan_purge(
    connection: sa.Connection, definitions: Iterable[FormDefinition], now: datetime
) -> list[PurgePlan]:
    """Find, per form, the entries whose retention period is over."""
    plans = []
    for definition in definitions:
        condition = due_condition(definition, now)
        note = _cutoff_note(definition)
        plan = PurgePlan(definition.id, note)
        if condition is not None:
            rows = connection.execute(
                sa.select(submissions.c.id, submissions.c.reference)
                .where(submissions.c.form_id == definition.id, condition)
                .order_by(submissions.c.id)
            ).all()
            plan.submission_ids = [row.id for row in rows]
            plan.references = [row.reference for row in rows]
            plan.mails = _count_mails(connection, plan.submission_ids)
        plans.append(plan)
    return plans


def orphans(connection: sa.Connection, known: Iterable[str]) -> dict[str, int]:
    """Entries of forms whose definition is gone: their retention period is unknown."""
    query = (
        sa.select(submissions.c.form_id, sa.func.count())
        .where(submissions.c.form_id.not_in(list(known)))
        .group_by(submissions.c.form_id)
    )
    return dict(connection.execute(query).all())


def _cutoff_note(definition: FormDefinition) -> str:
    unconfirmed = f", unbestätigte nach {CONFIRM_WITHIN} Stunden"
    if definition.kind == "quiz" and definition.closes is not None:
        return f"{definition.retention_days} Tage nach Einsendeschluss{unconfirmed}"
    if definition.kind == "registration":
        return f"{definition.retention_days} Tage nach dem Termin{unconfirmed}"
    return f"{definition.retention_days} Tage nach Eingang{unconfirmed}"


def _count_mails(connection: sa.Connection, submission_ids: list[int]) -> int:
    if not submission_ids:
        return 0
    query = sa.select(sa.func.count()).where(outbox.c.submission_id.in_(submission_ids))
    return connection.execute(query).scalar_one()


def delete_submissions(connection: sa.Connection, submission_ids: list[int]) -> tuple[int, int]:
    """Delete entries and all their mails; return (entries, mails) removed."""
    if not submission_ids:
        return 0, 0
    mails = connection.execute(
        sa.delete(outbox).where(outbox.c.submission_id.in_(submission_ids))
    ).rowcount
    entries = connection.execute(
        sa.delete(submissions).where(submissions.c.id.in_(submission_ids))
    ).rowcount
    return entries, mails


def purge_sent_mails(connection: sa.Connection, now: datetime, keep_days: int) -> int:
    """Drop copies of mails that went out long ago; the entry itself keeps its own period."""
    cutoff = now - timedelta(days=keep_days)
    return connection.execute(
        sa.delete(outbox).where(outbox.c.status == "sent", outbox.c.sent_at <= cutoff)
    ).rowcount


@dataclass
class ErasePlan:
    """One person's entries and mails, plus entries that only mention the address in text."""

    by_form: dict[str, list[int]] = field(default_factory=dict)
    mail_ids: set[int] = field(default_factory=set)
    pending_mails: int = 0
    mentioned: list[str] = field(default_factory=list)


def plan_erase(connection: sa.Connection, secret: str, address: str) -> ErasePlan:
    """What `erase` deletes: exactly what `access` shows (forms.storage.person)."""
    found = person.find(connection, secret, address)
    return ErasePlan(
        by_form=found.entries_by_form(),
        mail_ids={mail.id for mail in found.mails},
        pending_mails=sum(mail.status == "pending" for mail in found.mails),
        mentioned=found.mentioned,
    )


def erase(connection: sa.Connection, plan: ErasePlan) -> tuple[int, int]:
    """Delete what ``plan_erase`` found; return (entries, mails) removed."""
    mails = 0
    if plan.mail_ids:
        mails = connection.execute(sa.delete(outbox).where(outbox.c.id.in_(plan.mail_ids))).rowcount
    ids = [i for group in plan.by_form.values() for i in group]
    entries, cascaded = delete_submissions(connection, ids)
    return entries, mails + cascaded
