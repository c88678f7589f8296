"""HTML answers for browsers without JavaScript, rendered with the site's own form macros."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import jinja2
from flask import Flask, Response, current_app, render_template, request

from forms.definitions.model import FormDefinition
from forms.intake import error_texts, request_ids, site_frame
from forms.intake.idempotency import SUBMISSION_ID, new_id


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
    return site_frame.link_filter(current_app.config["SITE_URL"])(path)


def standalone_message_page(
    shared_templates: Path, title: str, message: str, status: int, request_id: str
) -> str:
    """The same page as `message_page`, rendered without the service (nginx's own answers).

    Links lead to the site on the same host; `request_id` may be an nginx variable.
    """
    environment = jinja2.Environment(
        loader=site_frame.loader(shared_templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["url"] = site_frame.link_filter("")
    template = environment.get_template("forms/message.html")
    frame = site_frame.read_frame(site_frame.mkdocs_file_for(shared_templates))
    return template.render(
        title=title,
        message=message,
        office=error_texts.offers_office(status) and error_texts,
        frame=frame,
        config=frame.page_config(),
        stylesheets=["/assets/sk/forms.css"],
        preview=False,
        home="/",
        request_id=request_id,
    )


def init_app(app: Flask) -> None:
    """Look up templates in the service first, then in the site's overrides (form macros)."""
    shared = Path(app.config["FORMS_TEMPLATES_DIR"])
    if not (shared / "partials" / "forms" / "form.html").is_file():
        raise RuntimeError(
            f"FORMS_TEMPLATES_DIR={shared} has no partials/forms/form.html; point it at "
            "site_src/overrides of this repository."
        )
    mkdocs_file = site_frame.mkdocs_file_for(shared)
    if not mkdocs_file.is_file():
        raise RuntimeError(
            f"FORMS_TEMPLATES_DIR={shared}: no mkdocs.yml two folders up, which lists the "
            "site's menu for the header of the service's pages."
        )
    frame = site_frame.read_frame(mkdocs_file)
    app.jinja_loader = site_frame.loader(shared)
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
            "frame": frame,
            # The site's partials read mkdocs' `config`, never the service's settings.
            "config": frame.page_config(),
        }
