"""The confirmation link: GET shows a button, only the button's POST confirms the entry.

Mail scanners open links to check them; a GET that acted would confirm entries nobody
confirmed. Every refusal is a German page with its own status: 400 for a link we never
signed, 404 for one whose entry is gone, 409 for a second entry of one person, 410 for a link
used or expired, or for a quiz closed meanwhile.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from forms import clock, keys
from forms.storage import confirmations
from forms.storage.confirmations import Outcome
from forms.storage.db import get_db

bp = Blueprint("confirm", __name__, url_prefix="/api")

TITLE = "Teilnahme bestätigen"
PAGES = {
    confirmations.READY: (
        200,
        "Bitte bestätigen Sie mit einem Klick auf den Knopf, dass Sie selbst teilgenommen haben. "
        "Erst dann zählt Ihre Teilnahme und Sie erhalten Ihre Losnummer.",
    ),
    confirmations.CONFIRMED: (
        200,
        "Vielen Dank! Ihre Teilnahme ist bestätigt und nimmt an der Verlosung teil.",
    ),
    confirmations.USED: (
        410,
        "Dieser Link wurde bereits verwendet. Ihre Teilnahme ist schon bestätigt; die "
        "Losnummer steht in der E-Mail, die wir Ihnen nach der Bestätigung geschickt haben.",
    ),
    confirmations.EXPIRED: (
        410,
        "Dieser Link ist abgelaufen. Unbestätigte Teilnahmen löschen wir nach 72 Stunden. "
        "Sie können erneut teilnehmen, solange die Teilnahme offen ist.",
    ),
    confirmations.CLOSED: (
        410,
        "Der Einsendeschluss ist vorbei. Eine Teilnahme kann jetzt nicht mehr bestätigt werden.",
    ),
    confirmations.UNKNOWN: (
        404,
        "Zu diesem Link gibt es keine Teilnahme (mehr). Vielleicht wurde sie zurückgezogen "
        "oder gelöscht. Sie können erneut teilnehmen, solange die Teilnahme offen ist.",
    ),
    confirmations.DUPLICATE: (
        409,
        "Mit dieser E-Mail-Adresse wurde bereits teilgenommen und die Teilnahme bestätigt. "
        "Jede Person kann nur einmal teilnehmen; diese zweite Teilnahme zählt nicht.",
    ),
}
TAMPERED = (
    "Dieser Link ist ungültig. Bitte öffnen Sie den Link genau so, wie er in der E-Mail "
    "steht, oder kopieren Sie ihn vollständig in die Adresszeile."
)


@bp.get("/bestaetigen/<token>")
def show(token: str) -> Response:
    """Show what the link would confirm and a button; change nothing."""
    link = _read(token)
    if isinstance(link, Response):
        return link
    return _page(confirmations.look_up(get_db(), link, clock.now()), token)


@bp.post("/bestaetigen/<token>")
def confirm(token: str) -> Response:
    """Confirm the entry: record the time, issue the Losnummer, queue the receipt."""
    link = _read(token)
    if isinstance(link, Response):
        return link
    definitions = current_app.extensions["forms_definitions"]
    outcome = confirmations.confirm(get_db(), link, clock.now(), definitions.get)
    return _page(outcome, token)


def _read(token: str) -> keys.LinkToken | Response:
    try:
        return keys.read_link(current_app.config["SECRET_KEY"], "confirm", token)
    except keys.TamperedLink:
        return _render(400, "Link ungültig", TAMPERED)


def _page(outcome: Outcome, token: str) -> Response:
    status, message = PAGES[outcome.state]
    ready = outcome.state == confirmations.READY
    return _render(
        status,
        TITLE if status == 200 else "Bestätigung nicht möglich",
        message,
        ticket=outcome.ticket,
        button="Teilnahme jetzt bestätigen" if ready else "",
        action=request.path,
    )


def _render(status: int, title: str, message: str, **extra: str) -> Response:
    body = render_template(
        "forms/confirm.html",
        title=title,
        message=message,
        **({"ticket": "", "button": "", "action": ""} | extra),
    )
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the token stays out of other logs
    return response
