"""The cancellation link of an event registration: GET shows a button, only POST cancels.

The link is personal and signed (forms.keys, purpose `cancel`), needs no account, works once
and until the event starts. Cancelling moves the first person on the waiting list up and
queues their mail (forms.storage.seats). Refusals are German pages: 400 for a link we never
signed, 404 for one whose registration is gone, 410 for a link used or expired.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request

from forms import clock, keys
from forms.intake.confirm import TAMPERED, link_page
from forms.storage import db, seats
from forms.storage.db import get_db

bp = Blueprint("cancel", __name__, url_prefix="/api")

PAGES = {
    seats.READY: (
        200,
        "Absagen",
        "Möchten Sie Ihre Anmeldung{event} absagen? Mit einem Klick auf den Knopf sagen Sie "
        "ab; haben Sie einen Platz, rückt die nächste Person auf der Warteliste nach. Das lässt "
        "sich nicht rückgängig machen.",
    ),
    seats.CANCELLED_NOW: (
        200,
        "Abgesagt",
        "Ihre Anmeldung{event} ist abgesagt. Vielen Dank, dass Sie Bescheid gegeben haben! Wir "
        "haben Ihnen eine Bestätigung per E-Mail geschickt.",
    ),
    seats.ALREADY: (
        410,
        "Absage nicht möglich",
        "Dieser Link wurde bereits verwendet: Die Anmeldung ist schon abgesagt.",
    ),
    seats.EXPIRED: (
        410,
        "Absage nicht möglich",
        "Dieser Link gilt nur bis zum Beginn des Termins. Bitte wenden Sie sich an das Smart "
        "Kassel-Büro: smart@kassel.de.",
    ),
    seats.UNKNOWN: (
        404,
        "Absage nicht möglich",
        "Zu diesem Link gibt es keine Anmeldung (mehr). Vielleicht wurde sie schon gelöscht.",
    ),
}


@bp.get("/absagen/<token>")
def show(token: str) -> Response:
    """Ask whether to cancel; change nothing (mail scanners open links)."""
    link = _read(token)
    if isinstance(link, Response):
        return link
    return _page(seats.look_up(get_db(), link, clock.now()))


@bp.post("/absagen/<token>")
def cancel(token: str) -> Response:
    """Cancel the registration; the first person waiting moves up and gets a mail."""
    link = _read(token)
    if isinstance(link, Response):
        return link
    app = current_app
    links = seats.CancelLinks(app.config["SECRET_KEY"], app.config["SITE_URL"])
    connection = get_db()
    if connection.in_transaction():
        connection.rollback()
    outcome = db.write_committed(
        connection,
        lambda transaction: seats.cancel(
            transaction, link, clock.now(), app.extensions["forms_definitions"].get, links
        ),
    )
    return _page(outcome)


def _read(token: str) -> keys.LinkToken | Response:
    try:
        return keys.read_link(current_app.config["SECRET_KEY"], "cancel", token)
    except keys.TamperedLink:
        return link_page(400, "Link ungültig", TAMPERED)


def _page(outcome: seats.Cancellation) -> Response:
    status, title, message = PAGES[outcome.state]
    message = message.format(event=_event_words(outcome.form_id))
    ready = outcome.state == seats.READY
    return link_page(
        status, title, message, button="Jetzt absagen" if ready else "", action=request.path
    )


def _event_words(form_id: str) -> str:
    """zu „Werkstatt …“ am Donnerstag, 1. Juli 2021, 18:00 Uhr: which date the link is about."""
    definition = current_app.extensions["forms_definitions"].get(form_id)
    event = definition and definition.event
    if event is None:
        return ""
    return f" zu „{event.title}“ am {clock.german_time(event.start)}"
