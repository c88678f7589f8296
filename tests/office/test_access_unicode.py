"""Outside review: `access` and `erase` find an address however case, Unicode or IDNA spell it."""

import json
import unicodedata

import pytest


@pytest.mark.parametrize(
    "typed",
    [
        "JÜRGEN@MÜLLER.DE",
        unicodedata.normalize("NFD", "jürgen@müller.de"),
        "jürgen@xn--mller-kva.de",
        " Jürgen@Müller.de ",
    ],
)
def test_access_finds_a_unicode_address_however_it_is_typed(app, runner, add_entry, typed):
    reference = add_entry("kontakt", email="jürgen@müller.de", name="Jürgen Müller")
    result = runner.invoke(args=["access", typed])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    [entry] = report["forms"]["kontakt"]
    assert entry["reference"] == reference


def test_erase_with_the_idna_spelling_deletes_the_unicode_address(app, runner, add_entry):
    add_entry("kontakt", email="jürgen@müller.de", name="Jürgen Müller")
    result = runner.invoke(args=["erase", "jürgen@xn--mller-kva.de"])
    assert result.exit_code == 0, result.output
    after = runner.invoke(args=["access", "jürgen@müller.de"])
    assert json.loads(after.stdout)["forms"] == {}


def test_rows_hashed_by_the_old_folding_are_found_and_erased(app, runner, add_entry):
    """Before 2 December 2026 addresses were folded with NFC and lower(): 'ß' stayed 'ß'."""
    import sqlalchemy as sa

    from forms import keys
    from forms.storage.db import engine
    from forms.storage.tables import submissions

    reference = add_entry("kontakt", email="weiß@beispiel.de", name="Ilse Weiß")
    secret = app.config["SECRET_KEY"]
    old_hash = hmac_of_old_folding(secret, "weiß@beispiel.de")
    assert old_hash != keys.email_hash(secret, "weiß@beispiel.de")
    with app.app_context(), engine().begin() as connection:
        # A row that kept only its hash, as written under the old folding.
        connection.execute(
            sa.update(submissions)
            .where(submissions.c.reference == reference)
            .values(email_hash=old_hash, data={"subject": "frage"})
        )
    found = json.loads(runner.invoke(args=["access", "Weiß@Beispiel.de"]).stdout)
    assert [entry["reference"] for entry in found["forms"]["kontakt"]] == [reference]
    assert runner.invoke(args=["erase", "weiß@beispiel.de"]).exit_code == 0
    after = json.loads(runner.invoke(args=["access", "weiß@beispiel.de"]).stdout)
    assert after["forms"] == {}


def hmac_of_old_folding(secret: str, address: str) -> str:
    """The old hash, computed here independently of forms.keys.legacy_email_hashes."""
    import hashlib
    import hmac

    from forms import keys

    old = unicodedata.normalize("NFC", address).strip().lower()
    return hmac.new(keys.derive(secret, "email"), old.encode(), hashlib.sha256).hexdigest()
