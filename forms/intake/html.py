"""HTML answers for browsers without JavaScript, rendered with the site's own form macros."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, render_template, request
from jinja2 import ChoiceLoader, FileSystemLoader

from forms.definitions.model import FormDefinition
from forms.intake import error_texts, request_ids
from forms.intake.idempotency import SUBMISSION_ID, new_id

OWN_TEMPLATES = Path(__file__).resolve().parent / "templates"


def message_page(title: str, message: str, status: int, office: bool = False) -> Response:
    """A page with one message, e.g. 'Formular geschlossen'; its links come from SITE_URL alone.

    With `office` the page also offers the office's phone and mail (our fault, it may be urgent).
    """
    body = render_template(
        "forms/message.html", title=title, message=message, office=office and error_texts
    )
    return Response(body, status=status, mimetype="text/html")


def form_page(definition: FormDefinition, data: dict[str, Any], errors: dict[str, str]) -> Response:
    """The form again, with an error summary, inline messages and every entry kept.

    Without JavaScript this page is the form's next rendering: it gets a submission id of its
    own (or keeps the one posted), so that sending it again is recognised as a resend.
    """
    values = {name: displayable(value) for name, value in data.items()}
    values[SUBMISSION_ID] = data.get(SUBMISSION_ID) or new_id()
    body = render_template(
        "forms/form_errors.html",
        title=f"Fehler: {definition.title}",
        definition=definition,
        values=values,
        errors=errors,
        action=request.path,
    )
    return Response(body, status=422, mimetype="text/html")


def displayable(value: Any) -> Any:
    """Drop what cannot be shown again (control characters, broken surrogates), keep the rest."""
    if isinstance(value, list):
        return [displayable(item) for item in value]
    if not isinstance(value, str):
        return value
    return "".join(
        char for char in value if unicodedata.category(char) not in ("Cc", "Cs") or char in "\n\t"
    )


def site_url(path: str) -> str:
    """The address of a page of the static site, e.g. 'impressum/' -> '/impressum/'."""
    return f"{current_app.config['SITE_URL']}/{path.lstrip('/')}"


def init_app(app: Flask) -> None:
    """Look up templates in the service first, then in the site's overrides (form macros)."""
    shared = Path(app.config["FORMS_TEMPLATES_DIR"])
    if not (shared / "partials" / "forms" / "form.html").is_file():
        raise RuntimeError(
            f"FORMS_TEMPLATES_DIR={shared} has no partials/forms/form.html; point it at "
            "site_src/overrides of this repository."
        )
    app.jinja_loader = ChoiceLoader([FileSystemLoader(OWN_TEMPLATES), FileSystemLoader(shared)])
    # The site's footer partial links with mkdocs' `url` filter; here it leads to the site.
    app.jinja_env.filters["url"] = site_url

    @app.context_processor
    def _page_settings() -> dict[str, Any]:
        return {
            "stylesheets": current_app.config["FORMS_STYLESHEETS"],
            "preview": current_app.extensions["forms_clock"].preview,
            # Never from Referer, Host or X-Forwarded-Host: a client sets those, and a link
            # built from them can lead a citizen to another site ("//evil.example/...").
            "home": current_app.config["SITE_URL"] + "/",
            "request_id": request_ids.current(),
        }
