"""One way to fail: every error becomes a German answer, as JSON or as an HTML page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from forms.intake import html, logs, request_ids
from forms.intake.error_texts import GENERIC, TITLES, full_message, offers_office

# Seconds a client should wait after a 503; nginx's own 503 says the same.
RETRY_AFTER_UNAVAILABLE = 60


class ApiError(Exception):
    """An answer other than success, with the German message a person reads."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        cause: str = "",
        title: str = "",
    ):
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}
        self.cause = cause
        # One status can mean several things (409: already entered, or a changed resend).
        self.title = title or TITLES.get(status, "Fehler")
        super().__init__(message)


def wants_html() -> bool:
    """Browsers without JavaScript post form-encoded and get pages; everything else gets JSON."""
    if request.method == "POST":
        return request.mimetype == "application/x-www-form-urlencoded"
    return not request.path.startswith("/api/")


def respond(error: ApiError) -> Response:
    """Render `error` for the kind of client that sent the request, with its request id."""
    logs.record(error.status, error.code, error.cause)
    request_id = request_ids.current()
    if wants_html():
        office = offers_office(error.status)
        response = html.message_page(f"Fehler: {error.title}", error.message, error.status, office)
    else:
        message = full_message(error.status, error.message)
        body = {"error": error.code, "title": error.title, "message": message}
        response = jsonify(body | {"request_id": request_id})
        response.status_code = error.status
    response.headers.update(error.headers)
    return response


def _from_http(exc: HTTPException) -> Response:
    code, message = GENERIC.get(exc.code or 500, ("error", exc.description or ""))
    error = ApiError(exc.code or 500, code, message)
    if exc.code == 405 and exc.valid_methods:
        error.headers["Allow"] = ", ".join(exc.valid_methods)
    return respond(error)


def _from_database(exc: sa.exc.OperationalError) -> Response:
    retry = {"Retry-After": str(RETRY_AFTER_UNAVAILABLE)}
    cause = f"database unavailable ({type(exc.orig).__name__})"
    return respond(ApiError(503, *GENERIC[503], retry, cause))


def _from_anything(exc: Exception) -> Response:
    return respond(ApiError(500, *GENERIC[500], cause=logs.cause_of(exc)))


def init_app(app: Flask) -> None:
    """Register handlers so that no request ends in a bare traceback or an English page."""
    app.register_error_handler(ApiError, respond)
    app.register_error_handler(HTTPException, _from_http)
    app.register_error_handler(sa.exc.OperationalError, _from_database)
    app.register_error_handler(Exception, _from_anything)
