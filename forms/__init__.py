"""The Smart Kassel form service: contact messages and quiz entries (flaskr-style app factory).

Four rooms along the data's way, imports running one way (a test reads them):

    definitions  <-  storage  <-  intake
          ^             ^
          +-------------+------  office

The ground floor (`settings`, `clock`, `keys`) may be used by every room and uses none.
`create_app` here and `devserver` (for `make run`) wire the rooms together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the service; refuse to start on bad definitions or a preview clock outside debug."""
    # Imported here so that `import forms.definitions` (the site build) stays light.
    from flask import Flask, jsonify

    from forms import clock, definitions, keys, settings
    from forms.intake import (
        cors,
        errors,
        html,
        logs,
        no_sessions,
        origins,
        ratelimit,
        replay,
        request_ids,
        security_headers,
    )
    from forms.intake.openapi import document
    from forms.storage import db
    from forms.storage.migrate import is_current, upgrade

    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(settings.load())
    app.json.ensure_ascii = False
    if test_config is not None:
        app.config.from_mapping(test_config)
    app.config["SECRET_KEY"] = keys.load_secret(app.config["SECRET_KEY"], app.instance_path)
    app.extensions["keys"] = {
        purpose: keys.derive(app.config["SECRET_KEY"], purpose) for purpose in keys.PURPOSES
    }
    app.extensions["forms_clock"] = clock.clock_for(app.config)
    app.extensions["forms_definitions"] = definitions.load_all(app.config["FORMS_CONTENT_DIR"])
    app.extensions["forms_replay"] = app.config.get("REPLAY_STORE") or replay.store_for(
        app.config["RATELIMIT_STORAGE_URI"]
    )
    _check_mail_settings(app.config)
    logs.init_app(app)
    db.init_app(app)
    if not is_current(db.engine_of(app)):
        upgrade(db.engine_of(app))
    no_sessions.init_app(app)
    request_ids.init_app(app)
    html.init_app(app)
    errors.init_app(app)
    ratelimit.init_app(app)
    cors.init_app(app)
    origins.init_app(app)
    security_headers.init_app(app)
    from forms.intake import api, cancel, confirm, my_data
    from forms.office import commands

    app.register_blueprint(api.bp)
    app.register_blueprint(confirm.bp)
    app.register_blueprint(cancel.bp)
    app.register_blueprint(my_data.bp)
    commands.init_app(app)
    openapi = document(app.extensions["forms_definitions"])
    app.add_url_rule("/api/openapi.json", "openapi", lambda: jsonify(openapi))
    return app


def _check_mail_settings(config: dict[str, Any]) -> None:
    """Refuse to start on mail settings `deliver` would refuse, e.g. plain SMTP to another host."""
    from forms.office.mailer import MailSettings

    try:
        MailSettings.from_mapping(config)
    except ValueError as error:
        raise RuntimeError(str(error)) from error
