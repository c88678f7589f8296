"""Sample submissions and database reads shared by the form service tests."""

from __future__ import annotations

import sqlalchemy as sa

from forms.storage.tables import submissions


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
