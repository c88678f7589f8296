"""The participant list of an event registration, as plain text to print and tick off."""

from __future__ import annotations

import textwrap
import unicodedata

import sqlalchemy as sa

from forms.clock import german_time
from forms.definitions.model import FormDefinition
from forms.storage import seats
from forms.storage.tables import submissions

NAME_WIDTH, REFERENCE_WIDTH = 28, 14


def load(connection: sa.Connection, definition: FormDefinition) -> tuple[list, list]:
    """Seat holders and the waiting list, each in order of arrival (queue number)."""
    query = (
        sa.select(submissions.c.reference, submissions.c.data, submissions.c.seat)
        .where(
            submissions.c.form_id == definition.id,
            submissions.c.seat.is_not(None),
            submissions.c.queue_number.is_not(None),  # every seat has one; uses the index
        )
        .order_by(submissions.c.queue_number)
    )
    found = connection.execute(query).all()
    return (
        [row for row in found if row.seat == seats.SEAT],
        [row for row in found if row.seat == seats.WAITING],
    )


def render(definition: FormDefinition, seated: list, waiting: list) -> str:
    """Header with the event, the numbered list with a box to tick, then the waiting list."""
    event = definition.event
    lines = [
        f"Teilnehmendenliste: {event.title}",
        f"{german_time(event.start)}, {event.place}",
        f"Plätze: {definition.capacity}, vergeben: {len(seated)}, Warteliste: {len(waiting)}",
        "",
        *_line("Nr.", "Name", "Anmeldenummer", "da", "Hinweise"),
    ]
    for number, row in enumerate(seated, 1):
        lines += _person(number, row, "[ ]")
    if not seated:
        lines.append("  (noch keine Anmeldungen)")
    if waiting:
        lines += ["", "Warteliste (rückt in dieser Reihenfolge nach):"]
        for number, row in enumerate(waiting, 1):
            lines += _person(number, row, "")
    return "\n".join(lines) + "\n"


def _person(number: int, row: sa.Row, box: str) -> list[str]:
    data = row.data or {}
    hints = " ".join(str(data.get("needs") or "").split())
    # The number each person's mails name (seats._mail), so the door finds them on the list.
    return _line(f"{number:3d}", str(data.get("name") or ""), row.reference, box, hints)


def _line(number: str, name: str, reference: str, box: str, hints: str) -> list[str]:
    """One person; a name longer than its column goes on below it, never cut off."""
    first, *rest = _name_lines(" ".join(name.split()))
    head = f"{number:>3}  {_pad(first)}  {reference:<{REFERENCE_WIDTH}}  {box:<3}  {hints}"
    return [head.rstrip(), *(f"{'':>3}  {more}" for more in rest)]


def _name_lines(name: str) -> list[str]:
    lines = textwrap.wrap(name, NAME_WIDTH, break_on_hyphens=True) or [""]
    return [part for line in lines for part in _by_width(line)]


def _by_width(text: str) -> list[str]:
    """Split `text` where it would fill more than the column on paper (wide CJK signs: 2)."""
    parts, current = [], ""
    for sign in text:
        if _width(current + sign) > NAME_WIDTH:
            parts.append(current)
            current = ""
        current += sign
    return [*parts, current]


def _pad(text: str) -> str:
    return text + " " * (NAME_WIDTH - _width(text))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(sign) in "WF" else 1 for sign in text)
