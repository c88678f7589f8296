"""CSV export of a form's entries that German Excel opens as it is, and cannot be tricked by."""

import csv
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import IO, Any, Protocol
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from forms.definitions.display import NO, YES, value_text
from forms.definitions.model import FormDefinition
from forms.storage import seats
from forms.storage.tables import submissions

BERLIN = ZoneInfo("Europe/Berlin")
FORMULA_STARTS = ("=", "+", "-", "@")
# Spreadsheets drop or act on a leading control character (NUL, TAB, CR, ...) and may then read
# what follows as a formula, so any C0 control or DEL in front is neutralised too.
CONTROL_STARTS = tuple(chr(code) for code in (*range(0x20), 0x7F))
CONFIRMED, PENDING = "bestätigt", "unbestätigt"


class StoredEntry(Protocol):
    """What the export reads of a stored submission."""

    reference: str
    created_at: datetime
    data: Mapping[str, Any]
    all_correct: bool | None
    verified: bool
    confirmed_at: datetime | None
    ticket: str | None
    seat: str | None
    queue_number: int | None


def neutralise(cell: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS + CONTROL_STARTS) else cell


def local_time(moment: datetime) -> str:
    """Show a stored time as Kassel's wall clock, which is what the office expects."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M:%S")


def header(definition: FormDefinition) -> list[str]:
    """Column titles: reference and arrival, the fields in definition order, then the checks.

    "Bestätigt" is empty for entries still waiting for their confirmation by mail: they have
    no Losnummer and take part in no draw. "Spam-Schutz per JavaScript gelöst" is "nein" for posts
    without the proof of work (browsers without JavaScript); they count once confirmed.
    A registration has no Losnummer: its reference is the Anmeldenummer its mails name.
    """
    if definition.kind == "registration":
        columns = ["Anmeldenummer", "Eingegangen", "Status", "Bestätigt"]
    else:
        columns = ["Referenz", "Eingegangen", "Status", "Bestätigt", "Losnummer"]
    for field in definition.fields:
        if field is definition.raffle_field:
            columns.extend(f"Verlosung: {prize.label}" for prize in definition.prizes)
        else:
            columns.append(field.label)
    if definition.kind == "quiz":
        columns.append("Alle Antworten richtig")
    if definition.kind == "registration":
        columns += ["Platz", "Wartelistenplatz"]
    columns.append("Spam-Schutz per JavaScript gelöst")
    return columns


def row(definition: FormDefinition, entry: StoredEntry, waiting_rank: int = 0) -> list[str]:
    """One entry as cells in the order of ``header``; `waiting_rank` 0 is no waiting place."""
    confirmed = entry.confirmed_at
    cells = [
        entry.reference,
        local_time(entry.created_at),
        CONFIRMED if confirmed else PENDING,
        local_time(confirmed) if confirmed else "",
    ]
    if definition.kind != "registration":
        cells.append(entry.ticket or "")
    for field in definition.fields:
        value = entry.data.get(field.name)
        if field is definition.raffle_field:
            chosen = set(value or ())
            cells.extend(YES if prize.id in chosen else NO for prize in definition.prizes)
        else:
            cells.append(value_text(field, value))
    if definition.kind == "quiz":
        cells.append(YES if entry.all_correct else NO)
    if definition.kind == "registration":
        cells += [seats.SEAT_WORDS.get(entry.seat or "", ""), str(waiting_rank or "")]
    cells.append(YES if entry.verified else NO)
    return cells


def write_csv(definition: FormDefinition, entries: Iterable[StoredEntry], out: IO[str]) -> int:
    """Write the BOM, the header and one line per entry; return the number of entries."""
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header(definition))
    entries = list(entries)
    ranks = waiting_ranks(entries)
    for entry in entries:
        cells = row(definition, entry, ranks.get(entry.reference, 0))
        writer.writerow([neutralise(cell) for cell in cells])
    return len(entries)


def waiting_ranks(entries: Iterable[StoredEntry]) -> dict[str, int]:
    """Each waiting person's place on the waiting list (1 moves up next), by reference."""
    waiting = [e for e in entries if e.seat == seats.WAITING]
    waiting.sort(key=lambda entry: entry.queue_number or 0)
    return {entry.reference: rank for rank, entry in enumerate(waiting, 1)}


def load_entries(engine: sa.Engine, form_id: str, since: datetime | None = None) -> list[sa.Row]:
    """A form's entries in order of arrival, optionally only the newer ones."""
    query = sa.select(submissions).where(submissions.c.form_id == form_id)
    if since is not None:
        query = query.where(submissions.c.created_at >= since)
    with engine.connect() as connection:
        return list(connection.execute(query.order_by(submissions.c.created_at, submissions.c.id)))
