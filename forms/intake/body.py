"""Read a posted body the same way for JSON and form-encoded posts, refusing what is unreadable."""

from __future__ import annotations

import json
from typing import Any, BinaryIO
from urllib.parse import parse_qsl

from flask import current_app, request
from werkzeug.wsgi import get_input_stream

from forms.definitions.model import FormDefinition
from forms.definitions.validation import from_form
from forms.intake.errors import GENERIC, ApiError

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def read_body(definition: FormDefinition) -> dict[str, Any]:
    """Check type and size, then parse; JSON keeps its shape, form pairs are shaped like it."""
    if request.mimetype not in (JSON, FORM):
        raise ApiError(415, *GENERIC[415])
    raw = _read_capped()
    if request.mimetype == JSON:
        return _parse_json(raw)
    return from_form(definition, _parse_form(raw))


def _read_capped() -> bytes:
    """Read at most limit + 1 bytes, whatever Content-Length or chunking claim, and refuse more.

    A chunked body has no Content-Length; werkzeug's capped stream then stops at the limit
    and hands back the first 64 KiB as if that were all. Reading one byte past the limit
    tells a body that fits from one that was cut.
    """
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    declared = request.content_length
    if declared is not None and declared > limit:
        raise ApiError(413, *GENERIC[413])
    stream = get_input_stream(request.environ, max_content_length=None)
    raw = _read_up_to(stream, limit + 1)
    if len(raw) > limit:
        raise ApiError(413, *GENERIC[413])
    return raw


def _read_up_to(stream: BinaryIO, size: int) -> bytes:
    """Read until `size` bytes or the end of the stream; one read may return less."""
    parts, remaining = [], size
    while remaining > 0:
        part = stream.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _parse_json(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _unreadable("Der Inhalt ist kein gültiges JSON.") from exc
    if not isinstance(data, dict):
        raise _unreadable("Erwartet wird ein JSON-Objekt mit den Feldern des Formulars.")
    return data


def _parse_form(raw: bytes) -> list[tuple[str, str]]:
    try:
        text = raw.decode("utf-8")
        return parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=current_app.config["FORMS_MAX_FIELDS"],
        )
    except UnicodeDecodeError as exc:
        raise _unreadable("Der Inhalt ist nicht richtig kodiert (UTF-8 erwartet).") from exc
    except ValueError as exc:
        raise ApiError(413, *GENERIC[413]) from exc


def _unreadable(detail: str) -> ApiError:
    return ApiError(
        400,
        "bad_request",
        f"Die Anfrage konnte nicht gelesen werden. {detail} Bitte laden Sie die Seite neu "
        "und senden Sie das Formular noch einmal.",
    )
