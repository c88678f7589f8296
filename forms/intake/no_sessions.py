"""The service keeps no session: it neither reads nor sets a cookie.

Nothing in the service uses `flask.session`; Flask's default would still build a signing
serializer and parse the Cookie header on every request. Writing to the session now fails
loudly (Flask's NullSession) instead of quietly setting a cookie a citizen never agreed to.
"""

from __future__ import annotations

from flask import Flask
from flask.sessions import SessionInterface


class NoSessions(SessionInterface):
    """Every request gets Flask's read-only null session."""

    def open_session(self, app: Flask, request: object) -> None:
        return None

    def save_session(self, app: Flask, session: object, response: object) -> None:
        return None


def init_app(app: Flask) -> None:
    """Switch sessions off for `app`."""
    app.session_interface = NoSessions()
