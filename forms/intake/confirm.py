"""The confirmation link: GET shows a button, only the button's POST confirms the entry.

Mail scanners open links to check them; a GET that acted would confirm entries nobody
confirmed. Every refusal is a German page with its own status: 400 for a link we never
signed, 404 for one whose entry is gone, 409 for a second entry of one person, 410 for a link
used or expired, or for a quiz closed meanwhile.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request

from forms import clock, keys
from forms.storage import confirmations, seats
from forms.storage.confirmations import Outcome
from forms.storage.db import get_db
from forms.storage.outbox import CONFIRM_WITHIN

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
        f"Dieser Link ist abgelaufen. Unbestätigte Teilnahmen löschen wir nach {CONFIRM_WITHIN} "
        "Stunden. Sie können erneut teilnehmen, solange die Teilnahme offen ist.",
    ),
    confirmations.CLOSED: (
        410,
        "Der Einsendeschluss ist vorbei. Eine Teilnahme kann jetzt nicht mehr bestätigt werden.",
    ),
    confirmations.DUPLICATE: (
        409,
        "Mit dieser E-Mail-Adresse wurde bereits teilgenommen und die Teilnahme bestätigt. "
        "Jede Person kann nur einmal teilnehmen; diese zweite Teilnahme zählt nicht.",
    ),
}
# A link whose entry is gone names no form: words that fit a quiz and a registration alike.
FORMLESS_PAGES = {
    confirmations.EXPIRED: (
        410,
        f"Dieser Link ist abgelaufen. Unbestätigte Einsendungen löschen wir nach {CONFIRM_WITHIN} "
        "Stunden. Sie können das Formular erneut ausfüllen, solange es offen ist.",
    ),
    confirmations.UNKNOWN: (
        404,
        "Zu diesem Link ist bei uns nichts (mehr) gespeichert. Vielleicht wurde die Einsendung "
        "zurückgezogen, abgesagt oder gelöscht. Sie können das Formular erneut ausfüllen, "
        "solange es offen ist.",
    ),
}
# An event registration reads differently: a seat or the waiting list, no Losnummer.
REGISTRATION_PAGES = {
    confirmations.READY: (
        200,
        "Bitte bestätigen Sie mit einem Klick auf den Knopf, dass Sie sich selbst angemeldet "
        "haben. Die Plätze vergeben wir in der Reihenfolge der Bestätigungen.",
    ),
    confirmations.USED: (
        410,
        "Dieser Link wurde bereits verwendet. Ihre Anmeldung ist schon bestätigt; ob Sie einen "
        "Platz haben, steht in der E-Mail, die wir Ihnen danach geschickt haben.",
    ),
    confirmations.EXPIRED: (
        410,
        f"Dieser Link ist abgelaufen. Unbestätigte Anmeldungen löschen wir nach {CONFIRM_WITHIN} "
        "Stunden. Sie können sich erneut anmelden, solange die Anmeldung offen ist.",
    ),
    confirmations.CLOSED: (
        410,
        "Die Anmeldung ist geschlossen (Anmeldeschluss oder Beginn des Termins ist vorbei). "
        "Eine Anmeldung kann jetzt nicht mehr bestätigt werden.",
    ),
    confirmations.DUPLICATE: (
        409,
        "Mit dieser E-Mail-Adresse ist schon eine bestätigte Anmeldung zu diesem Termin "
        "eingegangen; diese zweite zählt nicht. Ob Sie einen Platz haben oder auf der "
        "Warteliste stehen, steht in Ihrer Bestätigungsmail, dort finden Sie auch den Link "
        "zum Absagen.",
    ),
}
SEAT_CONFIRMED = (
    "Vielen Dank! Ihre Anmeldung ist bestätigt und Ihr Platz ist reserviert. Wir haben Ihnen "
    "eine E-Mail mit den Angaben zum Termin und einem persönlichen Link zum Absagen geschickt."
)
WAITING_LIST = (
    "Vielen Dank! Ihre Anmeldung ist bestätigt, aber alle Plätze sind vergeben: Sie stehen auf "
    "der Warteliste, auf Platz {rank}. Sagt jemand ab, rücken Sie der Reihe nach auf und "
    "bekommen eine E-Mail. Den Link zum Absagen finden Sie in der E-Mail, die wir Ihnen gerade "
    "geschickt haben."
)
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
    links = seats.CancelLinks(current_app.config["SECRET_KEY"], current_app.config["SITE_URL"])
    outcome = confirmations.confirm(get_db(), link, clock.now(), definitions.get, links)
    return _page(outcome, token)


def _read(token: str) -> keys.LinkToken | Response:
    try:
        return keys.read_link(current_app.config["SECRET_KEY"], "confirm", token)
    except keys.TamperedLink:
        return link_page(400, "Link ungültig", TAMPERED)


def _page(outcome: Outcome, token: str) -> Response:
    definition = current_app.extensions["forms_definitions"].get(outcome.form_id)
    if definition is not None and definition.kind == "registration":
        return _registration_page(outcome)
    status, message = (FORMLESS_PAGES if not outcome.form_id else PAGES)[outcome.state]
    ready = outcome.state == confirmations.READY
    return link_page(
        status,
        TITLE if status == 200 else "Bestätigung nicht möglich",
        message,
        ticket=outcome.ticket,
        button="Teilnahme jetzt bestätigen" if ready else "",
        action=request.path,
    )


def _registration_page(outcome: Outcome) -> Response:
    if outcome.state == confirmations.CONFIRMED:
        waiting = outcome.waiting_rank
        title = "Warteliste" if waiting else "Anmeldung bestätigt"
        message = WAITING_LIST.format(rank=waiting) if waiting else SEAT_CONFIRMED
        return link_page(200, title, message)
    status, message = REGISTRATION_PAGES[outcome.state]
    ready = outcome.state == confirmations.READY
    return link_page(
        status,
        "Anmeldung bestätigen" if status == 200 else "Bestätigung nicht möglich",
        message,
        button="Anmeldung jetzt bestätigen" if ready else "",
        action=request.path,
    )


def link_page(status: int, title: str, message: str, **extra: str) -> Response:
    """A link page (confirm, cancel): German title and message, maybe a button; never cached."""
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
