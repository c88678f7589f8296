"""Losnummern are short enough to read out on the phone, catch typos, and never repeat."""

from __future__ import annotations

import collections
import itertools
import re

from forms.storage import entries
from forms.storage.references import ALPHABET, new_reference, normalise
from forms.storage.tables import outbox

from .helpers import contact, rows

LOSNUMMER = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$")


def test_a_losnummer_is_eleven_characters_in_groups_without_confusable_letters():
    for _ in range(200):
        assert LOSNUMMER.match(new_reference())


def test_every_single_typo_and_every_swap_of_two_symbols_is_caught():
    for _ in range(30):
        symbols = new_reference().replace("-", "")
        for place, other in itertools.product(range(len(symbols)), ALPHABET):
            if other != symbols[place]:
                assert normalise(symbols[:place] + other + symbols[place + 1 :]) is None
        for first, second in itertools.combinations(range(len(symbols)), 2):
            if symbols[first] != symbols[second]:
                swapped = list(symbols)
                swapped[first], swapped[second] = swapped[second], swapped[first]
                assert normalise("".join(swapped)) is None


def test_a_losnummer_is_read_back_as_people_type_it():
    reference = new_reference()
    typed = reference.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert normalise(typed) == reference
    assert normalise("") is None
    assert normalise("K7QM-2XFD-99") is None
    assert normalise("<script>") is None


def test_the_answer_and_the_mail_carry_the_losnummer(client, app, proof):
    answer = client.post("/api/forms/kontakt", json=contact(altcha=proof()))
    assert answer.status_code == 201
    reference = answer.get_json()["id"]
    assert LOSNUMMER.match(reference) and normalise(reference) == reference
    [entry] = rows(app)
    assert entry.reference == reference
    assert all(reference in mail.body for mail in rows(app, outbox))


def test_a_clash_with_a_stored_losnummer_draws_a_new_one(client, app, proof, monkeypatch):
    drawn = iter(["AAAA-AAAA-A", "AAAA-AAAA-A", "BBBB-BBBB-B"])
    monkeypatch.setattr(entries, "new_reference", lambda: next(drawn))
    first = client.post("/api/forms/kontakt", json=contact(altcha=proof()))
    second = client.post(
        "/api/forms/kontakt", json=contact(altcha=proof(), email="zweite@beispiel.de")
    )
    assert (first.status_code, second.status_code) == (201, 201), second.get_json()
    assert [first.get_json()["id"], second.get_json()["id"]] == ["AAAA-AAAA-A", "BBBB-BBBB-B"]
    assert sorted(entry.reference for entry in rows(app)) == ["AAAA-AAAA-A", "BBBB-BBBB-B"]


def test_every_symbol_is_drawn_about_equally_often_at_every_place():
    # 4,000 draws: each of 32 symbols is expected 125 times per place; a lost bit would halve
    # the symbols seen, a skewed mapping would push counts far outside this range.
    counts = collections.Counter()
    for _ in range(4000):
        for place, symbol in enumerate(new_reference().replace("-", "")[:8]):
            counts[place, symbol] += 1
    assert len(counts) == 8 * len(ALPHABET)
    assert min(counts.values()) >= 60 and max(counts.values()) <= 200
