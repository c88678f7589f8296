"""Recognise a resend of one submission, so a retry after a timeout stores nothing twice.

Each rendering of a form carries a submission id in the hidden field `submission_id`: the site
script makes a random one per page load and keeps it for every retry, and the service's own
error page issues a fresh one. Posts with the same id are one submission: the same content gets
the first answer again, other content is refused (409). A form-encoded post without an id comes
from the static page without JavaScript, which cannot carry an id of its own (one file serves
everyone, and a build-time id would join strangers' posts); a browser resends the same body, so
there the content itself names the submission for the rest of that day. JSON posts without an
id are new submissions each time (API clients that want resends recognised send an id).

The key is stored with the entry under a unique index, so concurrent resends make one row; the
loser of that race, or a resend whose proof of work was used or has expired meanwhile, looks the
entry up and answers as the first post did. Keys and content hashes are keyed (SECRET_KEY), so
they cannot be recomputed from an address or a message.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from forms.clock import BERLIN
from forms.definitions.model import FormDefinition
from forms.keys import keyed_sha256

SUBMISSION_ID = "submission_id"
ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")
INVALID_ID = (
    "Die Kennung der Einsendung (submission_id) ist ungültig. Bitte laden Sie die Seite neu "
    "und senden Sie das Formular noch einmal."
)


class InvalidSubmissionId(ValueError):
    """The post names its submission with something that cannot be an id we issued."""


@dataclass(frozen=True)
class Resend:
    """What recognises a submission when it comes again: its key and a hash of its content."""

    key: str
    body_hash: str


def new_id() -> str:
    """A fresh random submission id (128 bit) for a form the service renders itself."""
    return secrets.token_urlsafe(16)


def submission_id(data: dict[str, Any]) -> str | None:
    """The id a post carries, None without one; raise InvalidSubmissionId for a malformed one."""
    value = data.get(SUBMISSION_ID)
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        raise InvalidSubmissionId(INVALID_ID)
    return value


def identify(
    definition: FormDefinition,
    data: dict[str, Any],
    values: dict[str, Any],
    *,
    form_encoded: bool,
    now: datetime,
    key: bytes,
) -> Resend | None:
    """The key and content hash of a valid submission, or None when it cannot come again."""
    given = submission_id(data)
    content = _content(definition, data, values)
    if given is not None:
        name = f"id\0{given}"
    elif form_encoded:
        name = f"content\0{now.astimezone(BERLIN).date().isoformat()}\0{content}"
    else:
        return None
    return Resend(_keyed(key, f"{definition.id}\0{name}"), _keyed(key, content))


def _content(definition: FormDefinition, data: dict[str, Any], values: dict[str, Any]) -> str:
    """The submission's meaning as one string: cleaned field values plus the quiz answers."""
    answers = {question.id: str(data.get(question.id)) for question in definition.questions}
    return json.dumps(
        {"answers": answers, "values": values}, sort_keys=True, ensure_ascii=False, default=str
    )


def _keyed(key: bytes, text: str) -> str:
    return keyed_sha256(key, text.encode()).hex()
