"""The public API: read → check → write → answer, in the order DESIGN.md fixes."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, jsonify, redirect

from forms import clock
from forms.clock import german_time
from forms.definitions import public
from forms.definitions.model import FormDefinition
from forms.definitions.validation import validate
from forms.intake import antispam, html, ratelimit, request_ids
from forms.intake.body import read_body
from forms.intake.errors import ApiError, wants_html
from forms.storage import entries, mail_headers
from forms.storage.db import get_db

bp = Blueprint("api", __name__, url_prefix="/api")

UNSAFE_ADDRESS = (
    "An diese E-Mail-Adresse können wir keine E-Mail schicken. Bitte prüfen Sie die "
    "Schreibweise oder nutzen Sie eine andere Adresse."
)
DUPLICATE = (
    "Mit dieser E-Mail-Adresse wurde bereits teilgenommen. Jede Person kann nur einmal teilnehmen."
)


@bp.get("/health")
def health() -> Response:
    """Say the service is up once the database answers."""
    get_db().execute(sa.text("SELECT 1"))
    return jsonify({"status": "ok"})


@bp.get("/forms/<form_id>")
def show_form(form_id: str) -> Response:
    """The public definition (never the answers) and whether it takes entries now."""
    return jsonify(public.definition(_definition(form_id), clock.now()))


@bp.get("/challenge")
def challenge() -> Response:
    """A fresh proof-of-work challenge that also marks when the form was started."""
    _rate_limit("RATELIMIT_CHALLENGE")
    app = current_app
    response = jsonify(antispam.new_challenge(clock.now(), app.config, app.extensions["keys"]))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/forms/<form_id>")
def submit(form_id: str) -> Response:
    """Take one submission: 201 (JSON) or 303 to the thank-you page."""
    definition = _definition(form_id)
    now = clock.now()
    _require_open(definition, now)
    _rate_limit("RATELIMIT_SUBMIT")
    data = read_body(definition)
    proof = _check_spam(data, now)
    result = validate(definition, data)
    if result.errors:
        return _invalid(definition, data, result.errors)
    try:
        reference = _save(definition, result, proof, now)
    except mail_headers.UnsafeMail:
        return _invalid(definition, data, {_address_field(definition): UNSAFE_ADDRESS})
    if wants_html():
        return redirect(current_app.config["SITE_URL"] + definition.success_url, code=303)
    return jsonify({"id": reference, "message": definition.success_message}), 201


def _address_field(definition: FormDefinition) -> str:
    """The field whose address a mail header carries (the confirmation's, else the first)."""
    first = next((f.name for f in definition.fields if f.type == "email"), "")
    return definition.confirm_to or first


def _definition(form_id: str) -> FormDefinition:
    definition = current_app.extensions["forms_definitions"].get(form_id)
    if definition is None:
        raise ApiError(
            404, "not_found", "Dieses Formular gibt es nicht. Bitte prüfen Sie die Adresse."
        )
    return definition


def _require_open(definition: FormDefinition, now: Any) -> None:
    status = definition.status(now)
    if status == "not_yet_open":
        message = f"„{definition.title}“ beginnt am {german_time(definition.opens)}."
        raise ApiError(403, "not_yet_open", message + " Bitte kommen Sie dann wieder.")
    if status == "closed":
        message = f"Einsendeschluss für „{definition.title}“ war {german_time(definition.closes)}."
        raise ApiError(410, "closed", message + " Eine Teilnahme ist nicht mehr möglich.")


def _rate_limit(setting: str) -> None:
    try:
        ratelimit.check(setting)
    except ratelimit.RateLimited as exc:
        minutes = -(-exc.retry_after // 60)
        wait = f"{exc.retry_after} Sekunden" if exc.retry_after < 120 else f"{minutes} Minuten"
        message = (
            f"Zu viele Versuche in kurzer Zeit. Bitte warten Sie {wait} und versuchen Sie es "
            "dann noch einmal."
        )
        raise ApiError(429, "rate_limited", message, {"Retry-After": str(exc.retry_after)}) from exc


def _check_spam(data: dict[str, Any], now: Any) -> antispam.Proof | None:
    """Honeypot always; the proof of work is required for JSON and optional without JavaScript."""
    app = current_app
    try:
        antispam.check_honeypot(data)
        payload = data.get(antispam.PAYLOAD_FIELD)
        if payload in (None, "") and not wants_html():
            raise antispam.SpamSuspected(antispam.PROOF_MISSING)
        if payload in (None, ""):
            return None
        proof = antispam.verify(payload, now, app.config, app.extensions["keys"])
        if app.extensions["forms_replay"].seen(proof.key, now):
            raise antispam.SpamSuspected(antispam.PROOF_USED)
        return proof
    except antispam.SpamSuspected as exc:
        raise ApiError(400, "spam_suspected", exc.message) from exc


def _invalid(definition: FormDefinition, data: dict[str, Any], errors: dict[str, str]) -> Any:
    if wants_html():
        return html.form_page(definition, data, errors)
    message = "Bitte korrigieren Sie die markierten Angaben."
    body = {"error": "invalid", "message": message, "errors": errors}
    return jsonify(body | {"request_id": request_ids.current()}), 422


def _save(definition: FormDefinition, result: Any, proof: antispam.Proof | None, now: Any) -> str:
    app = current_app
    if proof and not app.extensions["forms_replay"].claim(proof.key, proof.expires_at, now):
        raise ApiError(400, "spam_suspected", antispam.PROOF_USED)
    try:
        return entries.save(
            get_db(),
            definition,
            result.values,
            all_correct=result.all_correct,
            verified=proof is not None,
            now=now,
            secret=app.config["SECRET_KEY"],
        )
    except entries.DuplicateEntry as exc:
        raise ApiError(409, "duplicate", DUPLICATE) from exc
