"""Log lines a client cannot break or forge, and that hold no personal data.

One structured line per error answer (time, status, method, path without query string,
request id) goes to the `forms` logger; under gunicorn that logger writes to gunicorn's
error log, and every gunicorn line has its control characters escaped (`EscapingLogger`),
so a percent-encoded CR/LF in a path cannot start a line of its own.
"""

from __future__ import annotations

import logging
import traceback
from datetime import UTC, datetime

from flask import Flask, request
from gunicorn.glogging import Logger

from forms.intake import request_ids

events = logging.getLogger("forms.events")
# C0 controls, DEL, C1 controls and the Unicode line and paragraph separators.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0))} | {
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def escape(text: object) -> str:
    """Write control characters as visible escapes, so one event stays one line."""
    text = str(text)
    # Every character escaped is unprintable: most lines need no translate (2 us an access line).
    return text if text.isprintable() else text.translate(_CONTROLS)


class EscapingFormatter(logging.Formatter):
    """Format as usual, then escape: covers messages, arguments and tracebacks alike."""

    def format(self, record: logging.LogRecord) -> str:
        return escape(super().format(record))


class EscapingLogger(Logger):
    """gunicorn's logger with every access and error line escaped (`logger_class`)."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                formatter = handler.formatter or logging.Formatter()
                handler.setFormatter(EscapingFormatter(formatter._fmt, formatter.datefmt))


def record(status: int, event: str, cause: str = "") -> None:
    """Log one answer that went wrong; no query string, body, address or header values."""
    level = logging.ERROR if status >= 500 else logging.INFO
    line = (
        f"time={datetime.now(UTC).isoformat(timespec='milliseconds')} event={event} "
        f"status={status} method={escape(request.method)} path={escape(request.path)} "
        f"request_id={request_ids.current()}"
    )
    events.log(level, line + (f" cause={escape(cause)}" if cause else ""))


def cause_of(exc: BaseException) -> str:
    """Exception type and where it happened, without its message (which may quote input)."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " < ".join(f"{frame.filename}:{frame.lineno}" for frame in reversed(frames[-5:]))
    return f"{type(exc).__name__} at {where}" if where else type(exc).__name__


def init_app(app: Flask) -> None:
    """Under gunicorn, write the service's lines into gunicorn's error log (its time and level)."""
    gunicorn_errors = logging.getLogger("gunicorn.error")
    if not gunicorn_errors.handlers:
        return
    service = logging.getLogger("forms")
    service.handlers = list(gunicorn_errors.handlers)
    service.setLevel(gunicorn_errors.level)
    service.propagate = False
