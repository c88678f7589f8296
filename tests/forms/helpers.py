"""Sample submissions and database reads shared by the form service tests."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import sqlalchemy as sa

from forms.storage.tables import outbox, submissions

LINK = re.compile(r"\S*/api/bestaetigen/[A-Za-z0-9_.-]+")
TICKET = re.compile(r"Ihre Losnummer: <strong><code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z])</code>")


def rows(app, table=submissions) -> list:
    """Every row of `table`, oldest first."""
    with app.extensions["forms_engine"].connect() as connection:
        return list(connection.execute(sa.select(table).order_by(table.c.id)))


def contact(**changes) -> dict:
    """A valid contact message as the page script posts it (without the proof)."""
    data = {
        "name": "Erika Mustermann",
        "email": "erika@beispiel.de",
        "subject": "idee",
        "message": "Mehr Bänke am Königsplatz, bitte.",
        "consent": True,
        "website": "",
    }
    return data | changes


def quiz(**changes) -> dict:
    """A valid quiz entry with every answer right (without the proof)."""
    data = {
        "kommunen": "32",
        "laufzeit": "7",
        "foerderung": "11",
        "auftakt": "digitaltag",
        "first_name": "Jonas",
        "email": "jonas@beispiel.de",
        "raffles": ["buergerrat", "auebad"],
        "conditions": True,
        "consent": True,
        "website": "",
    }
    return data | changes


def confirmation_link(app, address: str = "jonas@beispiel.de") -> str:
    """The path of the newest confirmation link mailed to `address` (from the outbox)."""
    mails = [m for m in rows(app, outbox) if m.kind == "optin" and m.to_addr == address]
    assert mails, f"no confirmation mail to {address}"
    return urlsplit(LINK.search(mails[-1].body).group(0)).path


def confirm(client, app, address: str = "jonas@beispiel.de"):
    """Press the button behind the newest confirmation link to `address`; return the answer."""
    return client.post(confirmation_link(app, address))


def ticket_on(page: str) -> str:
    """The Losnummer a confirmation page shows."""
    return TICKET.search(page).group(1)
