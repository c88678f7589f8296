"""The participant list of an event registration, as plain text to print and tick off."""

from __future__ import annotations

import sqlalchemy as sa

from forms.clock import german_time
from forms.definitions.model import FormDefinition
from forms.storage import seats
from forms.storage.tables import submissions

NAME_WIDTH, REFERENCE_WIDTH = 28, 14


def load(connection: sa.Connection, definition: FormDefinition) -> tuple[list, list]:
    """Seat holders and the waiting list, each in order of arrival (queue number)."""
    query = (
        sa.select(submissions.c.ticket, submissions.c.data, submissions.c.seat)
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
        _line("Nr.", "Name", "Anmeldenummer", "da", "Hinweise"),
    ]
    lines += [_person(number, row, "[ ]") for number, row in enumerate(seated, 1)]
    if not seated:
        lines.append("  (noch keine Anmeldungen)")
    if waiting:
        lines += ["", "Warteliste (rückt in dieser Reihenfolge nach):"]
        lines += [_person(number, row, "") for number, row in enumerate(waiting, 1)]
    return "\n".join(lines) + "\n"


def _person(number: int, row: sa.Row, box: str) -> str:
    data = row.data or {}
    hints = " ".join(str(data.get("needs") or "").split())
    return _line(f"{number:3d}", str(data.get("name") or ""), row.ticket or "", box, hints)


def _line(number: str, name: str, reference: str, box: str, hints: str) -> str:
    name = " ".join(name.split())[:NAME_WIDTH]
    return f"{number:>3}  {name:<{NAME_WIDTH}}  {reference:<{REFERENCE_WIDTH}}  {box:<3}  {hints}"
