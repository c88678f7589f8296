"""Write a submission and its mails in one transaction; the unique key decides duplicates."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from forms import keys, outbox
from forms.model import FormDefinition
from forms.tables import DUPLICATE_CONSTRAINT, submissions
from forms.tables import outbox as outbox_table


class DuplicateEntry(Exception):
    """This person already took part in a form that allows one entry each."""


def new_reference() -> str:
    """A random public token (128 bit) that names an entry without naming the person."""
    return secrets.token_hex(16)


def save(
    connection: sa.Connection,
    definition: FormDefinition,
    values: dict[str, Any],
    *,
    all_correct: bool | None,
    verified: bool,
    now: datetime,
    secret: str,
) -> str:
    """Store the declared values and their outbox rows atomically; return the reference."""
    reference = new_reference()
    address = _email_of(definition, values)
    email_hash = keys.email_hash(secret, address) if address else None
    raffle_field = definition.raffle_field
    row = {
        "reference": reference,
        "form_id": definition.id,
        "created_at": now,
        "data": values,
        "email_hash": email_hash,
        "dedupe_hash": email_hash if definition.one_entry_per else None,
        "all_correct": all_correct,
        "raffles": values.get(raffle_field.name) if raffle_field else None,
        "verified": verified,
    }
    try:
        with connection.begin():
            submission_id = connection.execute(
                submissions.insert().values(row).returning(submissions.c.id)
            ).scalar_one()
            mails = outbox.compose(definition, values, reference, now)
            if mails:
                connection.execute(
                    outbox_table.insert(),
                    [mail | {"submission_id": submission_id} for mail in mails],
                )
    except sa.exc.IntegrityError as exc:
        if _is_duplicate(exc):
            raise DuplicateEntry from exc
        raise
    return reference


def _email_of(definition: FormDefinition, values: dict[str, Any]) -> str:
    name = definition.one_entry_per or next(
        (f.name for f in definition.fields if f.type == "email"), ""
    )
    return values.get(name) or ""


def _is_duplicate(exc: sa.exc.IntegrityError) -> bool:
    """Whether the one-entry constraint (not another one) refused the row."""
    diag = getattr(exc.orig, "diag", None)
    if diag is not None:
        return getattr(diag, "constraint_name", None) == DUPLICATE_CONSTRAINT
    return "submissions.form_id, submissions.dedupe_hash" in str(exc.orig)
