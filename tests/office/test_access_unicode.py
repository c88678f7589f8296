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
