"""The reference for the intake benchmark: a Flask endpoint that reads the post and answers 201."""

from __future__ import annotations

from flask import Flask, jsonify, request


def create_app() -> Flask:
    """Same URL and gunicorn settings as the real service, but no checks and no database."""
    app = Flask(__name__)

    @app.get("/api/health")
    def health():
        return jsonify({"status": "ok"})

    @app.post("/api/forms/<form_id>")
    def submit(form_id: str):
        return jsonify({"form": form_id, "fields": len(request.form)}), 201

    return app
