"""Compose the mails a submission causes; they are stored with it and sent later by `deliver`."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jinja2

from forms import random_pool
from forms.clock import german_time
from forms.definitions.model import FormDefinition
from forms.storage import mail_headers

# Hours a pending entry waits for its confirmation; then the link expires and `purge` deletes it.
CONFIRM_WITHIN = 72

_MAIL_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates" / "mail"),
    autoescape=False,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    auto_reload=False,
)


def compose(
    definition: FormDefinition, values: dict[str, Any], reference: str, now: datetime
) -> list[dict[str, Any]]:
    """The outbox rows for one submission: the office's notice and, if defined, a receipt."""
    context = {
        "form": definition,
        "values": values,
        "reference": reference,
        "received": german_time(now),
        "closes": german_time(definition.closes) if definition.closes else "",
        "display": lambda name: _display(definition, name, values.get(name)),
    }
    rows = []
    reply_to = _sender_address(definition, values) if definition.kind == "contact" else None
    for address in definition.notify:
        rows.append(
            _row(f"notify_{definition.kind}", address, reply_to, context, now) | {"kind": "notify"}
        )
    if definition.confirm_to and values.get(definition.confirm_to):
        rows.append(
            _row(f"confirm_{definition.kind}", values[definition.confirm_to], None, context, now)
            | {"kind": "confirmation"}
        )
    for row in rows:
        # Refuse to queue a mail whose headers would not read back as meant.
        mail_headers.check_row(row["to_addr"], row["reply_to"], row["subject"])
    return rows


def compose_request(
    definition: FormDefinition, values: dict[str, Any], link: str, now: datetime
) -> list[dict[str, Any]]:
    """The one mail a pending entry causes: the request to confirm it through ``link``."""
    context = {
        "form": definition,
        "values": values,
        "link": link,
        "received": german_time(now),
        "expires": german_time(now + timedelta(hours=CONFIRM_WITHIN)),
    }
    template = "optin_registration" if definition.kind == "registration" else "optin"
    return [compose_one(template, "optin", values[definition.confirm_to], context, now)]


def compose_one(template: str, kind: str, to: str, context: dict, now: datetime) -> dict[str, Any]:
    """One outbox row to one person from `templates/mail/<template>.txt`, headers checked."""
    row = _row(template, to, None, context, now) | {"kind": kind}
    mail_headers.check_row(row["to_addr"], row["reply_to"], row["subject"])
    return row


def compose_access(address: str, link: str, expires: datetime, now: datetime) -> dict[str, Any]:
    """The mail with the link to what is stored about `address` ("Meine Daten")."""
    context = {"link": link, "expires": german_time(expires)}
    return compose_one("access", "access", address, context, now)


def _row(
    template: str, to: str, reply_to: str | None, context: dict, now: datetime
) -> dict[str, Any]:
    subject, _, body = (
        _MAIL_TEMPLATES.get_template(f"{template}.txt").render(context).partition("\n\n")
    )
    return {
        "to_addr": to,
        "reply_to": reply_to,
        "subject": subject.removeprefix("Betreff: ").strip(),
        "body": body,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        "message_token": random_pool.token_hex(16),
    }


def _sender_address(definition: FormDefinition, values: dict[str, Any]) -> str | None:
    """The address an office reply goes to: the form's first e-mail field."""
    name = next((f.name for f in definition.fields if f.type == "email"), "")
    return values.get(name) or None


def _display(definition: FormDefinition, name: str, value: Any) -> str:
    """A stored value as the office reads it: option labels instead of codes."""
    item = next((f for f in definition.fields if f.name == name), None)
    if item is None or value in (None, "", []):
        return "–"
    if item.type in ("checkbox", "consent"):
        return "ja" if value else "nein"
    labels = {option.value: option.label for option in definition.options_for(item)}
    if isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    return labels.get(value, value)
