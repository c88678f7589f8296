"""The burst benchmark must count what a citizen would miss: a lost, doubled or 5xx entry."""

from __future__ import annotations

import os
import shutil
import socket

import pytest

from bench import burst
from bench.burst import Outcome, judge, token_of

A, B, C, D = (f"{digit}" * 20 for digit in "abcd")


def _outcomes(*pairs: tuple[str, int]) -> list[Outcome]:
    return [Outcome(token, status, 10.0) for token, status in pairs]


def test_every_acknowledged_entry_stored_once_passes():
    found = judge(_outcomes((A, 303), (B, 303)), [A, B, None])
    assert found.ok
    assert (found.acknowledged, found.stored, found.lost, found.duplicated) == (2, 2, 0, 0)


def test_an_acknowledged_entry_missing_from_the_database_is_lost():
    found = judge(_outcomes((A, 303), (B, 303)), [A])
    assert not found.ok
    assert found.lost == 1


def test_an_entry_stored_twice_is_counted():
    found = judge(_outcomes((A, 303)), [A, A, A])
    assert not found.ok
    assert found.duplicated == 2


def test_a_server_error_fails_the_burst_even_if_nothing_is_lost():
    found = judge(_outcomes((A, 303), (B, 502)), [A])
    assert not found.ok
    assert (found.server_errors, found.lost) == (1, 0)


def test_a_refused_entry_is_shown_and_not_lost():
    found = judge(_outcomes((A, 429), (C, 303)), [C])
    assert found.ok
    assert (found.refused, found.lost) == (1, 0)


def test_an_unanswered_entry_fails_the_burst_but_is_not_lost():
    # The citizen saw no answer; a timed-out entry may still have been stored.
    found = judge(_outcomes((B, 0), (C, 303)), [B, C])
    assert not found.ok
    assert (found.unanswered, found.unacknowledged_stored, found.lost) == (1, 1, 0)


def test_a_burst_nobody_got_an_answer_from_fails():
    found = judge(_outcomes((A, 0), (B, 0)), [])
    assert not found.ok


def test_tokens_are_read_from_the_stored_address_only():
    assert token_of({"email": f"burst-{D}@beispiel.de"}) == D
    assert token_of({"email": "erika@beispiel.de"}) is None
    assert token_of({"email": f"BURST-{D}@beispiel.de"}) is None
    assert token_of({"message": f"burst-{D}@beispiel.de"}) is None
    assert token_of(None) is None
    assert token_of({"email": ["not", "a", "string"]}) is None


def test_every_entry_gets_its_own_client_address():
    addresses = [burst.client_address(number) for number in range(burst.FULL["entries"])]
    assert len(set(addresses)) == len(addresses)
    assert all(address.startswith("127.") for address in addresses)
    assert all(0 <= int(part) < 256 for address in addresses for part in address.split(".")[1:])
    assert all(address.split(".")[-1] != "0" for address in addresses)


@pytest.mark.postgres
def test_quick_burst_through_nginx_stores_every_acknowledged_entry_once(capsys):
    if shutil.which(burst.NGINX) is None:
        pytest.fail(f"{burst.NGINX} is missing: scripts/system-packages installs nginx")
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 5432)) != 0:
            message = "PostgreSQL is not running on 127.0.0.1:5432"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)  # locally only, like tests/forms and tests/deploy
    assert burst.main(["--quick"]) == 0
    table, _, headline = capsys.readouterr().out.strip().rpartition("\n")
    rows = [line.split(" | ") for line in table.splitlines() if line.startswith("| Postg")]
    rows += [line.split(" | ") for line in table.splitlines() if line.startswith("| SQLite")]
    assert len(rows) == 2
    for row in rows:
        sent, acknowledged, server_errors, stored, lost, twice = (
            int(row[i]) for i in (1, 2, 4, 6, 7, 8)
        )
        assert sent == burst.QUICK["entries"]
        assert acknowledged > 0 and stored >= acknowledged
        assert (server_errors, lost, twice) == (0, 0, 0)
    assert "stored once and no 5xx: yes" in headline
