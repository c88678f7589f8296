"""Spam defences without tracking: a honeypot, a signed start time and ALTCHA proof of work."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import altcha

HONEYPOT = "website"
PAYLOAD_FIELD = "altcha"
MAX_PAYLOAD_LENGTH = 4096
ALGORITHM = "PBKDF2/SHA-256"

HONEYPOT_MISSING = (
    "Die Anfrage ist unvollständig. Bitte laden Sie die Seite neu und senden Sie das Formular "
    "noch einmal."
)
# Browser autofill or a password manager can fill the hidden field: no accusation, no reload.
HONEYPOT_FILLED = (
    "Ihre Angaben konnten nicht angenommen werden, weil ein verstecktes Feld ausgefüllt war. "
    "Das passiert manchmal durch automatisches Ausfüllen im Browser. Bitte gehen Sie zurück, "
    "prüfen Sie Ihre Angaben und senden Sie das Formular noch einmal."
)
PROOF_MISSING = (
    "Die automatische Sicherheitsprüfung fehlt. Bitte laden Sie die Seite neu und warten Sie, "
    "bis die Prüfung abgeschlossen ist."
)
PROOF_INVALID = "Die Sicherheitsprüfung ist ungültig. Bitte laden Sie die Seite neu."
PROOF_EXPIRED = "Die Sicherheitsprüfung ist abgelaufen. Bitte senden Sie das Formular noch einmal."
PROOF_USED = (
    "Diese Sicherheitsprüfung wurde bereits verwendet. Bitte laden Sie die Seite neu, bevor Sie "
    "ein weiteres Formular senden."
)
# Autofill users really are fast: say why we wait, never that the person looks like a program.
# Only the JavaScript path has a start time; its page adds that the entries are kept.
TOO_FAST = (
    "Das Formular wurde sehr schnell nach dem Öffnen abgeschickt. Zum Schutz vor automatischen "
    "Programmen warten Sie bitte einige Sekunden und senden Sie es dann noch einmal."
)


class SpamSuspected(Exception):
    """A post failed a spam check; the message tells a person what to do."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Proof:
    """A verified solution: the key to remember it by and until when."""

    key: str
    expires_at: datetime


def check_honeypot(data: dict[str, Any]) -> None:
    """Refuse posts that lack the hidden field or filled it (bots replay or fill everything)."""
    if HONEYPOT not in data:
        raise SpamSuspected(HONEYPOT_MISSING)
    if data[HONEYPOT] not in ("", None):
        raise SpamSuspected(HONEYPOT_FILLED)


def new_challenge(now: datetime, config: dict, keys: dict[str, bytes]) -> dict:
    """A signed challenge whose data carries when the form was started and when it expires."""
    issued = int(now.timestamp())
    challenge = altcha.create_challenge(
        algorithm=ALGORITHM,
        cost=config["ALTCHA_COST"],
        counter=secrets.randbelow(config["ALTCHA_MAX_NUMBER"]),
        data={"issued": issued, "expires": issued + config["ALTCHA_EXPIRES_SECONDS"]},
        hmac_secret=keys["altcha"],
        hmac_key_secret=keys["altcha-key"],
    )
    return challenge.to_dict()


def verify(payload: Any, now: datetime, config: dict, keys: dict[str, bytes]) -> Proof:
    """Check signature, solution, expiry and fill time; raise SpamSuspected otherwise."""
    if not isinstance(payload, str) or not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        raise SpamSuspected(PROOF_INVALID if payload else PROOF_MISSING)
    try:
        parsed = altcha.Payload.from_base64(payload)
        result = altcha.verify_solution(
            parsed, hmac_secret=keys["altcha"], hmac_key_secret=keys["altcha-key"]
        )
    except Exception as exc:  # any malformed payload is simply not a valid proof
        raise SpamSuspected(PROOF_INVALID) from exc
    data = parsed.challenge.parameters.data
    if not result.verified or not isinstance(data, dict):
        raise SpamSuspected(PROOF_INVALID)
    issued = datetime.fromtimestamp(data["issued"], UTC)
    expires_at = datetime.fromtimestamp(data["expires"], UTC)
    if now >= expires_at:
        raise SpamSuspected(PROOF_EXPIRED)
    if now < issued + timedelta(seconds=config["FORMS_MIN_FILL_SECONDS"]):
        raise SpamSuspected(TOO_FAST)
    return Proof(key=parsed.challenge.signature, expires_at=expires_at)


def solve(challenge: dict) -> str:
    """Solve a challenge like a browser would and return the payload (tests and tools)."""
    parsed = altcha.Challenge.from_dict(challenge)
    solution = altcha.solve_challenge(parsed)
    return altcha.Payload(parsed, solution).to_base64()
