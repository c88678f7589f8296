"""Everything stored about one e-mail address: what access (Art. 15) shows and erase deletes.

An entry belongs to an address when its keyed hash matches or a stored field holds exactly
that address; a mail, when it belongs to such an entry or is sent to or answers that address.
Entries of other people that only mention the address in their text are listed apart: they
are not this person's data to show or to delete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from forms.clock import BERLIN
from forms.keys import email_hash, legacy_email_hashes, normalise_email
from forms.storage.tables import draws, outbox, submissions

# The report goes to the person (GDPR Art. 12: clear and plain): its keys, explained in German.
EXPLANATION = {
    "email": "Die E-Mail-Adresse, zu der diese Auskunft gehört.",
    "forms": "Ihre Einsendungen, je Formular.",
    "reference": "Die Nummer Ihrer Einsendung (bei Anmeldungen: Ihre Anmeldenummer).",
    "created_at": "Wann die Einsendung bei uns einging (Ortszeit Kassel).",
    "data": "Ihre Angaben, so wie Sie sie gesendet haben.",
    "verified": "Ob Ihr Browser die automatische Spam-Prüfung gelöst hat (ohne JavaScript: "
    "false). Das hat keinen Einfluss auf Ihre Teilnahme.",
    "confirmed_at": "Wann Sie die Einsendung über den Link in der E-Mail bestätigt haben.",
    "all_correct": "Quiz: ob alle Antworten richtig waren (die Antworten selbst speichern wir "
    "nicht).",
    "raffles": "Quiz: die Verlosungen, an denen Sie teilnehmen.",
    "ticket": "Quiz: Ihre Losnummer.",
    "seat": "Termin: seat = Platz, waiting = Warteliste, cancelled = abgesagt.",
    "queue_number": "Termin: Ihre Stelle in der Reihenfolge der Bestätigungen.",
    "cancelled_at": "Termin: wann Sie abgesagt haben.",
    "reminded_at": "Termin: wann wir Sie an den Termin erinnert haben.",
    "mails": "Die E-Mails, die wir Ihnen oder zu Ihrer Einsendung geschrieben haben.",
    "draws": "Auslosungen, in deren Protokoll Ihre Losnummer steht.",
}


@dataclass
class PersonData:
    """The rows found for one address, oldest first."""

    entries: list[sa.Row] = field(default_factory=list)
    mails: list[sa.Row] = field(default_factory=list)
    mentioned: list[str] = field(default_factory=list)

    def entries_by_form(self) -> dict[str, list[int]]:
        """Row ids of the entries, per form."""
        found: dict[str, list[int]] = {}
        for row in self.entries:
            found.setdefault(row.form_id, []).append(row.id)
        return found


def find(connection: sa.Connection, secret: str, address: str) -> PersonData:
    """Find an address by its keyed hash and, for entries without one, in the stored fields."""
    wanted = normalise_email(address)
    hashed = {email_hash(secret, address), *legacy_email_hashes(secret, address)}
    found = PersonData()
    for row in connection.execute(sa.select(submissions).order_by(submissions.c.id)):
        values = list(_strings(row.data))
        if hashed & {row.email_hash, row.dedupe_hash} or any(
            normalise_email(value) == wanted for value in values
        ):
            found.entries.append(row)
        elif any(wanted in normalise_email(value) for value in values):
            found.mentioned.append(row.reference)
    ids = {row.id for row in found.entries}
    for mail in connection.execute(sa.select(outbox).order_by(outbox.c.id)):
        addresses = f"{mail.to_addr},{mail.reply_to or ''}"
        if mail.submission_id in ids or wanted in _address_list(addresses):
            found.mails.append(mail)
    return found


def report(connection: sa.Connection, found: PersonData, address: str) -> dict[str, Any]:
    """The found rows as JSON-ready data: every entry per form, every mail, named in draws."""
    references = {row.id: row.reference for row in found.entries}
    forms: dict[str, list[dict[str, Any]]] = {}
    for row in found.entries:
        entry = {
            "reference": row.reference,
            "created_at": _iso(row.created_at),
            "data": row.data,
            "verified": row.verified,
            "confirmed_at": _iso(row.confirmed_at),
        }
        quiz = {"all_correct": row.all_correct, "raffles": row.raffles}
        entry |= {key: value for key, value in quiz.items() if value is not None}
        # A Losnummer of its own only where a confirmation drew one for a draw; elsewhere the
        # ticket repeats the reference (messages) or means nothing to the person (registrations).
        if row.ticket not in (None, row.reference) and row.seat is None:
            entry["ticket"] = row.ticket
        if row.seat is not None:  # an event registration: seat, waiting list or cancelled
            entry |= {
                "seat": row.seat,
                "queue_number": row.queue_number,
                "cancelled_at": _iso(row.cancelled_at),
                "reminded_at": _iso(row.reminded_at),
            }
        forms.setdefault(row.form_id, []).append(entry)
    mails = [
        {
            "entry": references.get(mail.submission_id),
            "kind": mail.kind,
            "to": mail.to_addr,
            "reply_to": mail.reply_to,
            "subject": mail.subject,
            "body": mail.body,
            "status": mail.status,
            "created_at": _iso(mail.created_at),
            "sent_at": _iso(mail.sent_at),
        }
        for mail in found.mails
    ]
    return {
        "email": normalise_email(address),
        "forms": forms,
        "mails": mails,
        "draws": _draws_naming(connection, {row.ticket for row in found.entries if row.ticket}),
        "erklaerung": EXPLANATION,
    }


def _draws_naming(connection: sa.Connection, references: set[str]) -> list[dict[str, Any]]:
    """Draw protocols that name one of the entries (as winner, substitute or in the list)."""
    if not references:
        return []
    named = []
    for row in connection.execute(sa.select(draws).order_by(draws.c.id)):
        hits = sorted(reference for reference in references if reference in row.protocol)
        if hits:
            named.append(
                {"form": row.form_id, "drawn_at": _iso(row.created_at), "references": hits}
            )
    return named


def _iso(moment: datetime | None) -> str | None:
    """Kassel's wall clock with its offset, to the second: what the person remembers."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BERLIN).isoformat(timespec="seconds")


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _address_list(header: str) -> set[str]:
    found = set()
    for item in header.split(","):
        item = item.strip()
        if "<" in item and item.endswith(">"):
            item = item[item.rindex("<") + 1 : -1]
        if item:
            found.add(normalise_email(item))
    return found
