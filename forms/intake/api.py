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
from forms.intake import antispam, html, idempotency, ratelimit, request_ids
from forms.intake.body import read_body
from forms.intake.errors import ApiError, wants_html
from forms.storage import entries, mail_headers, seats
from forms.storage.db import get_db

bp = Blueprint("api", __name__, url_prefix="/api")

UNSAFE_ADDRESS = (
    "An diese E-Mail-Adresse können wir keine E-Mail schicken. Bitte prüfen Sie die "
    "Schreibweise oder nutzen Sie eine andere Adresse."
)
# One text for both paths (site_src/assets/js/form-answers.js shows it): reassure, then a way on.
DUPLICATE_TITLE = "Sie haben bereits teilgenommen"
DUPLICATE = (
    "Mit dieser E-Mail-Adresse ist schon eine Teilnahme bei uns eingegangen. Jede Person kann "
    "nur einmal teilnehmen. Ihre erste Teilnahme zählt – Sie müssen nichts weiter tun. Haben "
    "Sie nicht selbst teilgenommen? Dann schreiben Sie uns über die Seite Kontakt."
)
REGISTERED_TITLE = "Sie sind bereits angemeldet"
REGISTERED = (
    "Mit dieser E-Mail-Adresse ist schon eine Anmeldung zu diesem Termin bei uns eingegangen. "
    "Ob Sie einen Platz haben oder auf der Warteliste stehen, steht in Ihrer "
    "Bestätigungsmail; dort finden Sie auch den Link zum Absagen. Haben Sie sich nicht selbst "
    "angemeldet? Dann schreiben Sie uns über die Seite Kontakt."
)
CHECK_EMAIL = (
    "Fast geschafft! Bitte bestätigen Sie Ihre Teilnahme über den Link in der E-Mail, die wir "
    "Ihnen gerade geschickt haben. Erst dann zählt sie und Sie erhalten Ihre Losnummer."
)
REGISTRATION_FULL = (
    " Alle Plätze sind zurzeit vergeben: Mit der Bestätigung kommen Sie auf die Warteliste und "
    "rücken nach, wenn jemand absagt."
)
RESENT_CHANGED = (
    "Dieses Formular wurde bereits mit anderen Angaben abgeschickt und gespeichert. Wenn Sie "
    "etwas ändern oder eine weitere Nachricht senden möchten, laden Sie die Seite bitte neu."
)


@bp.get("/health")
def health() -> Response:
    """Say the service is up once the database answers."""
    get_db().execute(sa.text("SELECT 1"))
    return jsonify({"status": "ok"})


@bp.get("/forms/<form_id>")
def show_form(form_id: str) -> Response:
    """The public definition (never the answers) and whether it takes entries now.

    An event registration adds its seats: capacity, taken, left and waiting, counted now.
    """
    definition = _definition(form_id)
    described = public.definition(definition, clock.now())
    if definition.kind == "registration":
        found = seats.count(get_db(), definition)
        described["seats"] = {
            "capacity": found.capacity,
            "taken": found.taken,
            "left": found.left,
            "waiting": found.waiting,
        }
        response = jsonify(described)
        response.headers["Cache-Control"] = "no-store"  # the seats change with every sign-up
        return response
    return jsonify(described)


@bp.get("/challenge")
def challenge() -> Response:
    """A fresh proof-of-work challenge that also marks when the form was started."""
    rate_limit("RATELIMIT_CHALLENGE")
    app = current_app
    challenge = antispam.new_challenge(clock.now(), app.config, app.extensions["keys"])
    # The page waits this long before it sends, so nobody is refused for being quick.
    challenge["wait_seconds"] = app.config["FORMS_MIN_FILL_SECONDS"]
    response = jsonify(challenge)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/forms/<form_id>")
def submit(form_id: str) -> Response:
    """Take one submission: 201 (JSON) or 303 to the thank-you page."""
    definition = _definition(form_id)
    now = clock.now()
    _require_open(definition, now)
    rate_limit("RATELIMIT_SUBMIT")
    data = read_body(definition)
    result = validate(definition, data)
    resend = _resend_of(definition, data, result, now)
    try:
        proof = _check_spam(data, now, resend)
    except ProofRefused:
        # A resend of a stored submission may carry a proof that has expired or been used
        # since; honeypot and missing proof are refused before this, resend or not.
        if resend and (earlier := _earlier_answer(definition, resend)):
            return earlier
        raise
    if result.errors:
        return _invalid(definition, data, result.errors)
    try:
        return _save(definition, result, proof, now, resend)
    except mail_headers.UnsafeMail:
        return _invalid(definition, data, {_address_field(definition): UNSAFE_ADDRESS})


def _stored(definition: FormDefinition, reference: str) -> Any:
    """The answer to a stored submission, the same for its first post and every resend."""
    if wants_html():
        return redirect(current_app.config["SITE_URL"] + definition.success_url, code=303)
    # Whatever the definition says, the person must learn that the entry waits for the mail.
    message = CHECK_EMAIL if definition.needs_confirmation else definition.success_message
    if definition.kind == "registration":
        message = definition.success_message
        if seats.count(get_db(), definition).left == 0:
            message += REGISTRATION_FULL
    return jsonify({"id": reference, "message": message}), 201


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
    if status == "closed" and definition.kind == "registration":
        event = definition.event
        reason = (
            f"Anmeldeschluss war {german_time(definition.closes)}"
            if definition.closes and now > definition.closes
            else f"der Termin hat am {german_time(event.start)} begonnen"
        )
        message = f"Die Anmeldung für „{event.title}“ ist geschlossen: {reason}."
        raise ApiError(410, "closed", message + " Eine Anmeldung ist nicht mehr möglich.")
    if status == "closed":
        message = f"Einsendeschluss für „{definition.title}“ war {german_time(definition.closes)}."
        raise ApiError(410, "closed", message + " Eine Teilnahme ist nicht mehr möglich.")


def rate_limit(setting: str) -> None:
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


def _resend_of(
    definition: FormDefinition, data: dict[str, Any], result: Any, now: Any
) -> idempotency.Resend | None:
    """What recognises this submission if it comes again (a malformed id is unreadable: 400)."""
    try:
        idempotency.submission_id(data)
    except idempotency.InvalidSubmissionId as exc:
        raise ApiError(400, "bad_request", idempotency.INVALID_ID) from exc
    if result.errors:
        return None  # nothing invalid was ever stored
    return idempotency.identify(
        definition,
        data,
        result.values,
        form_encoded=wants_html(),
        now=now,
        key=current_app.extensions["keys"]["submission"],
    )


def _earlier_answer(definition: FormDefinition, resend: idempotency.Resend) -> Any:
    """The first answer again if this submission is stored already; 409 if it said otherwise."""
    earlier = entries.find_by_key(get_db(), definition.id, resend.key)
    if earlier is None:
        return None
    if earlier.body_hash != resend.body_hash:
        raise ApiError(409, "submission_changed", RESENT_CHANGED)
    return _stored(definition, earlier.reference)


def _check_spam(
    data: dict[str, Any], now: Any, resend: idempotency.Resend | None
) -> antispam.Proof | None:
    """Honeypot always; the proof of work is required for JSON and optional without JavaScript."""
    app = current_app
    try:
        antispam.check_honeypot(data)
        payload = data.get(antispam.PAYLOAD_FIELD)
        if payload in (None, "") and not wants_html():
            raise antispam.SpamSuspected(antispam.PROOF_MISSING)
        if payload in (None, ""):
            return None
    except antispam.SpamSuspected as exc:
        raise ApiError(400, "spam_suspected", exc.message) from exc
    try:
        proof = antispam.verify(payload, now, app.config, app.extensions["keys"])
        if app.extensions["forms_replay"].seen(proof.key, now, resend and resend.key):
            raise antispam.SpamSuspected(antispam.PROOF_USED)
    except antispam.SpamSuspected as exc:
        # Only a genuine proof that has expired or been used since may stand for a resend.
        refusal = ProofRefused if exc.message in STALE_PROOF else ApiError
        raise refusal(400, "spam_suspected", exc.message) from exc
    return proof


STALE_PROOF = (antispam.PROOF_EXPIRED, antispam.PROOF_USED)


class ProofRefused(ApiError):
    """The proof of work has expired or been used: a resend may still get its first answer."""


def _invalid(definition: FormDefinition, data: dict[str, Any], errors: dict[str, str]) -> Any:
    if wants_html():
        return html.form_page(definition, data, errors)
    message = "Bitte korrigieren Sie die markierten Angaben."
    body = {"error": "invalid", "message": message, "errors": errors}
    return jsonify(body | {"request_id": request_ids.current()}), 422


def _save(
    definition: FormDefinition,
    result: Any,
    proof: antispam.Proof | None,
    now: Any,
    resend: idempotency.Resend | None,
) -> Any:
    app = current_app
    owner = resend and resend.key
    if proof and not app.extensions["forms_replay"].claim(proof.key, proof.expires_at, now, owner):
        raise ApiError(400, "spam_suspected", antispam.PROOF_USED)
    try:
        reference = entries.save(
            get_db(),
            definition,
            result.values,
            all_correct=result.all_correct,
            verified=proof is not None,
            now=now,
            secret=app.config["SECRET_KEY"],
            submission_key=owner,
            body_hash=resend and resend.body_hash,
            confirm_url=app.config["SITE_URL"] + "/api/bestaetigen/",
        )
    except (entries.SubmissionKeyTaken, entries.DuplicateEntry) as exc:
        # Two posts of one submission at once: the one stored first decides the answer.
        if resend and (earlier := _earlier_answer(definition, resend)):
            return earlier
        if definition.kind == "registration":
            raise ApiError(409, "duplicate", REGISTERED, title=REGISTERED_TITLE) from exc
        raise ApiError(409, "duplicate", DUPLICATE, title=DUPLICATE_TITLE) from exc
    return _stored(definition, reference)
