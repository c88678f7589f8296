"""'Meine Daten': ask by address, then see, download or withdraw through the mailed link.

The request answers the same, in the same time, for every address (see forms.storage.access).
The link's GET shows a button only; its POST shows the data (with a JSON download in the
page) and uses the link up; the page's withdraw button carries a fresh single-use link.
"""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import quote

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from forms import clock, keys
from forms.definitions.addresses import check_address
from forms.definitions.display import value_text
from forms.intake import antispam
from forms.intake.api import rate_limit
from forms.intake.body import read_fields
from forms.intake.errors import ApiError, wants_html
from forms.intake.html import message_page
from forms.storage import access, seats
from forms.storage.db import get_db

bp = Blueprint("my_data", __name__, url_prefix="/api")

ANSWER = (
    "Wenn wir Daten zu dieser Adresse haben, erhalten Sie in den nächsten Minuten eine E-Mail "
    "mit einem Link. Über den Link sehen Sie Ihre Daten und können Ihre Teilnahme zurückziehen."
)
STATES = {
    access.USED: (410, "Dieser Link wurde bereits verwendet. Fordern Sie bitte einen neuen an."),
    access.EXPIRED: (410, "Dieser Link ist abgelaufen. Fordern Sie bitte einen neuen an."),
    access.UNKNOWN: (404, "Zu diesem Link gibt es keine Anfrage (mehr). Bitte neu anfordern."),
}
TAMPERED = "Dieser Link ist ungültig. Bitte öffnen Sie ihn genau so, wie er in der E-Mail steht."


@bp.post("/meine-daten")
def ask() -> Response:
    """Store the request and answer alike for known and unknown addresses."""
    rate_limit("RATELIMIT_SUBMIT")
    data = read_fields()
    try:
        antispam.check_honeypot(data)
    except antispam.SpamSuspected as exc:
        raise ApiError(400, "spam_suspected", exc.message) from exc
    raw = data.get("email")
    address, problem = check_address(raw if isinstance(raw, str) else "")
    if problem:
        raise ApiError(422, "invalid", problem)
    access.request(get_db(), address, clock.now())
    if wants_html():
        return message_page("Anfrage eingegangen", ANSWER, 200)
    return jsonify({"message": ANSWER}), 202


@bp.get("/meine-daten/<token>")
def show(token: str) -> Response:
    """A button only: mail scanners that open the link see nothing and change nothing."""
    link = _read(token)
    state, _address = access.look_up(get_db(), link, clock.now())
    if state != access.READY:
        return _refuse(state)
    return _page("forms/my_data.html", 200, report=None)


@bp.post("/meine-daten/<token>")
def act(token: str) -> Response:
    """Show the data (uses the link up) or withdraw; every link works exactly once."""
    link = _read(token)
    secret = current_app.config["SECRET_KEY"]
    if request.form.get("aktion", "") == "zurueckziehen":
        links = seats.CancelLinks(secret, current_app.config["SITE_URL"])
        definitions = current_app.extensions["forms_definitions"]
        state = access.withdraw(get_db(), secret, link, clock.now(), definitions.get, links)
        if state != "withdrawn":
            return _refuse(state)
        return _page("forms/my_data.html", 200, report=None, withdrawn=True)
    state, address, follow_up = access.open_link(get_db(), secret, link, clock.now())
    if state != access.READY:
        return _refuse(state)
    report = access.report(get_db(), secret, address)
    download = "data:application/json;charset=utf-8," + quote(
        json.dumps(report, ensure_ascii=False, indent=2)
    )
    base = request.path.rsplit("/", 1)[0]
    return _page(
        "forms/my_data.html",
        200,
        report=report,
        forms=_readable(report),
        download=download,
        action=f"{base}/{follow_up}",
    )


def _readable(report: dict) -> list[dict]:
    """The report as a person reads it: form titles, field labels, times on Kassel's clock."""
    definitions = current_app.extensions["forms_definitions"]
    shown = []
    for form_id, entries in report["forms"].items():
        definition = definitions.get(form_id)
        fields = {field.name: field for field in definition.fields} if definition else {}
        shown.append(
            {
                "title": definition.title if definition else form_id,
                "entries": [_entry(entry, fields, definition) for entry in entries],
            }
        )
    return shown


def _entry(entry: dict, fields: dict, definition) -> dict:
    values = [
        (
            definition.label_of(name) if definition else name,
            value_text(fields[name], value) if name in fields else str(value),
        )
        for name, value in entry["data"].items()
    ]
    return {
        "reference": entry["reference"],
        "created_at": _when(entry["created_at"]),
        "confirmed_at": _when(entry["confirmed_at"]) or "nein",
        "ticket": entry.get("ticket"),
        "seat": seats.SEAT_WORDS.get(entry.get("seat") or ""),
        "answers": values,
    }


def _when(stamp: str | None) -> str:
    return clock.german_time(datetime.fromisoformat(stamp)) if stamp else ""


def _read(token: str) -> keys.LinkToken:
    try:
        return keys.read_link(current_app.config["SECRET_KEY"], "access", token)
    except keys.TamperedLink as exc:
        raise _LinkRefused(400, TAMPERED) from exc


def _refuse(state: str) -> Response:
    status, message = STATES[state]
    return _page("forms/message.html", status, message=message)


class _LinkRefused(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message


@bp.errorhandler(_LinkRefused)
def _refused(error: _LinkRefused) -> Response:
    return _page("forms/message.html", error.status, message=error.message)


def _page(template: str, status: int, **context) -> Response:
    context.setdefault("action", request.path)
    body = render_template(template, title="Meine Daten", **context)
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
