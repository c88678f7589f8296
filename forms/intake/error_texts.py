"""The German texts of generic error answers, shared by the service and nginx's own answers.

Kept free of Flask so that deploy/render_nginx.py can write the same words into nginx.conf:
a citizen must not get other advice because nginx, not the service, answered.
"""

from __future__ import annotations

# The office as the press release names it (../shared/seed); the contact pages say the same.
OFFICE_PHONE = "0561 787-2467"
OFFICE_PHONE_LINK = "tel:+495617872467"
OFFICE_EMAIL = "smart@kassel.de"

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
    # The service's own 429 says how long to wait; nginx's cannot know it.
    429: (
        "rate_limited",
        "Zu viele Versuche in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es "
        "dann noch einmal.",
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
    409: "Nicht gesendet",
    410: "Formular geschlossen",
    413: "Anfrage zu groß",
    415: "Format nicht unterstützt",
    422: "Angaben unvollständig",
    429: "Zu viele Versuche",
    500: "Technischer Fehler",
    503: "Dienst nicht erreichbar",
}


def offers_office(status: int) -> bool:
    """Whether the answer names another way to reach the office: our fault, the person waits."""
    return status >= 500


def urgent_contact() -> str:
    """The sentence that lets a person reach the office when the form fails on our side."""
    return (
        f"Wenn es eilt: Rufen Sie uns an unter {OFFICE_PHONE} oder schreiben Sie an {OFFICE_EMAIL}."
    )


def full_message(status: int, message: str) -> str:
    """The message as plain text (JSON, mails), with the office's contact on server errors."""
    return f"{message} {urgent_contact()}" if offers_office(status) else message
