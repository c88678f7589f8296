"""Addresses are judged the same whether their domain was checked before or not."""

from __future__ import annotations

import uuid

from forms.definitions import addresses
from forms.definitions.addresses import check_address

ADDRESSES = [
    "anna@beispiel.de",
    "Anna.Schmidt@Beispiel.DE",
    "x@bücher.de",
    "x@xn--bcher-kva.de",
    "x@BÜCHER.de",
    "x@beispiel.de.",
    "x@a..de",
    "x@-beispiel.de",
    "x@beispiel.local",
    "x@localhost",
    "x@[127.0.0.1]",
    "x@" + "a" * 64 + ".de",
    "x@" + ".".join(["abcdefghij"] * 25) + ".de",
    "x@beispiel.d",
    "x@ab--cd.de",
    "x@beispiel\uff0ede",
    "x@beispiel.de\u200b",
    "\u00e4rger@beispiel.de",
    '"quoted"@beispiel.de',
    "x@",
    "@beispiel.de",
]


def _answers() -> list[tuple[str, str | None]]:
    return [check_address(address) for address in ADDRESSES]


def test_remembered_domains_give_the_library_s_own_answers(monkeypatch):
    """Asked twice (the second time from memory), every address gets what the library says."""
    remembered = addresses._LIBRARY.validate_email_domain_name
    remembered.cache_clear()
    first, again = _answers(), _answers()
    monkeypatch.setattr(addresses._LIBRARY, "validate_email_domain_name", remembered.__wrapped__)
    assert first == again == _answers()
    assert ("", addresses.ADDRESS_MESSAGE) in first  # the list holds refusals, too
    assert ("anna.schmidt@beispiel.de", None) not in first  # the local part keeps its case
    assert ("Anna.Schmidt@beispiel.de", None) in first


def test_a_refused_domain_is_refused_again():
    for _ in range(3):
        assert check_address("x@a..de") == ("", addresses.ADDRESS_MESSAGE)
        assert check_address(f"{uuid.uuid4().hex}@-beispiel.de")[1] == addresses.ADDRESS_MESSAGE


def test_the_second_address_of_a_provider_skips_the_domain_check():
    """Fails when a new email-validator stops calling the name the memory sits on."""
    domain = f"anbieter-{uuid.uuid4().hex[:12]}.de"
    remembered = addresses._LIBRARY.validate_email_domain_name
    before = remembered.cache_info()
    assert check_address(f"erste@{domain}") == (f"erste@{domain}", None)
    assert check_address(f"zweite@{domain}") == (f"zweite@{domain}", None)
    after = remembered.cache_info()
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)


def test_memory_stays_bounded_under_many_domains():
    remembered = addresses._LIBRARY.validate_email_domain_name
    for number in range(addresses.REMEMBERED_DOMAINS + 10):
        assert check_address(f"x@d{number}.de")[1] is None
    assert remembered.cache_info().currsize <= addresses.REMEMBERED_DOMAINS
