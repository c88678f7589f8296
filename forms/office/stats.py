"""Counts for the office's reports: entries per day and per raffle, never a personal detail."""

from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from forms.definitions.model import FormDefinition
from forms.office import wording
from forms.office.draws import load_entries
from forms.office.raffle import eligible_references, list_digest
from forms.storage import seats
from forms.storage.tables import outbox, submissions

BERLIN = ZoneInfo("Europe/Berlin")
MAIL_STATES = (("pending", "ausstehend"), ("sent", "versendet"), ("failed", "aufgegeben"))


@dataclass
class FormStats:
    """Aggregates of one form."""

    total: int = 0
    per_day: Counter = field(default_factory=Counter)
    all_correct: int = 0
    unverified: int = 0
    pending: int = 0
    joined: Counter = field(default_factory=Counter)
    eligible: Counter = field(default_factory=Counter)
    mails: Counter = field(default_factory=Counter)
    list_digests: dict[str, str] = field(default_factory=dict)
    seat_counts: seats.Seats | None = None


def collect(connection: sa.Connection, definition: FormDefinition) -> FormStats:
    """Count entries by local arrival day, raffle and mail status."""
    stats = FormStats()
    query = sa.select(
        submissions.c.created_at,
        submissions.c.all_correct,
        submissions.c.raffles,
        submissions.c.verified,
        submissions.c.confirmed_at,
    ).where(submissions.c.form_id == definition.id)
    for row in connection.execute(query):
        stats.total += 1
        stats.per_day[row.created_at.astimezone(BERLIN).date().isoformat()] += 1
        stats.all_correct += bool(row.all_correct)
        stats.unverified += not row.verified
        stats.pending += row.confirmed_at is None
        for raffle_id in row.raffles or ():
            stats.joined[raffle_id] += 1
            stats.eligible[raffle_id] += bool(row.all_correct) and row.confirmed_at is not None
    mails = (
        sa.select(outbox.c.status, sa.func.count())
        .join(submissions, outbox.c.submission_id == submissions.c.id)
        .where(submissions.c.form_id == definition.id)
        .group_by(outbox.c.status)
    )
    stats.mails.update(dict(connection.execute(mails).all()))
    if definition.kind == "registration":
        stats.seat_counts = seats.count(connection, definition)
    entries = load_entries(connection, definition.id, definition.closes)
    for prize in definition.prizes:
        stats.list_digests[prize.id] = list_digest(eligible_references(entries, prize.id))
    return stats


def render(definition: FormDefinition, stats: FormStats) -> str:
    """Plain text table for a terminal or a cron mail."""
    title = f"{definition.title} ({definition.id}): {wording.entries(stats.total)}"
    lines = [title, "", "Pro Tag:"]
    lines += [f"  {day}  {count:6d}" for day, count in sorted(stats.per_day.items())]
    if not stats.per_day:
        lines.append("  (noch keine)")
    lines += ["", f"Bestätigt: {stats.total - stats.pending}, unbestätigt: {stats.pending}"]
    lines += [f"Ohne Spam-Schutz-Nachweis (ohne JavaScript gesendet): {stats.unverified}"]
    if definition.kind == "quiz":
        lines += ["", f"Alle Antworten richtig: {stats.all_correct}", "", "Pro Verlosung:"]
        for prize in definition.prizes:
            lines.append(
                f"  {prize.id}: {stats.joined[prize.id]} teilgenommen, "
                f"{stats.eligible[prize.id]} teilnahmeberechtigt, zu gewinnen: {prize.count}"
            )
            lines.append(
                f"    Fingerabdruck der Losliste (SHA-256): {stats.list_digests[prize.id]}"
            )
    if stats.seat_counts is not None:
        found = stats.seat_counts
        lines += [
            "",
            f"Plätze: {found.capacity}, vergeben: {found.taken}, frei: {found.left}",
            f"Warteliste: {found.waiting}",
            f"Absagen: {found.cancelled}",
        ]
    mails = ", ".join(f"{stats.mails[status]} {label}" for status, label in MAIL_STATES)
    lines += ["", f"E-Mails: {mails}"]
    return "\n".join(lines)
