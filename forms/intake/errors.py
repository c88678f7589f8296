"""One way to fail: every error becomes a German answer, as JSON or as an HTML page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

from forms.intake import html, logs, request_ids

# Seconds a client should wait after a 503; nginx's own 503 says the same.
RETRY_AFTER_UNAVAILABLE = 60

GENERIC = {
    400: (
        "bad_request",
        "Die Anfrage konnte nicht gelesen werden. Bitte laden Sie die Seite neu "
        "und senden Sie das Formular noch einmal.",
    ),
    404: ("not_found", "Diese Adresse gibt es nicht. Bitte prüfen Sie die Schreibweise."),
    405: ("method_not_allowed", "Diese Art von Anfrage ist unter dieser Adresse nicht möglich."),
    413: (
        "too_large",
        "Die Anfrage ist zu groß. Bitte kürzen Sie Ihre Eingaben und senden Sie "
        "das Formular noch einmal.",
    ),
    415: (
        "unsupported_media_type",
        "Bitte senden Sie das Formular als JSON (application/json) "
        "oder als Webformular (application/x-www-form-urlencoded).",
    ),
    500: (
        "internal_error",
        "Bei uns ist ein Fehler aufgetreten. Ihre Angaben wurden nicht "
        "gespeichert. Bitte versuchen Sie es später noch einmal.",
    ),
    503: (
        "unavailable",
        "Der Dienst ist gerade nicht erreichbar. Ihre Angaben wurden nicht "
        "gespeichert. Bitte versuchen Sie es in einigen Minuten noch einmal.",
    ),
}
TITLES = {
    400: "Anfrage nicht angenommen",
    403: "Formular noch nicht geöffnet",
    404: "Nicht gefunden",
    405: "Anfrage nicht möglich",
    409: "Bereits teilgenommen",
    410: "Formular geschlossen",
    413: "Anfrage zu groß",
    415: "Format nicht unterstützt",
    422: "Angaben unvollständig",
    429: "Zu viele Versuche",
    500: "Interner Fehler",
    503: "Dienst nicht erreichbar",
}
# Titles for answers whose status alone would name the wrong cause.
TITLES_BY_CODE = {"foreign_origin": "Von einer fremden Website gesendet"}


class ApiError(Exception):
    """An answer other than success, with the German message a person reads."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        cause: str = "",
    ):
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}
        self.cause = cause
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
        title = TITLES_BY_CODE.get(error.code) or TITLES.get(error.status, "Fehler")
        response = html.message_page(f"Fehler: {title}", error.message, error.status)
    else:
        response = jsonify(
            {"error": error.code, "message": error.message, "request_id": request_id}
        )
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
