"""The draw is reproducible from its protocol, fair over many seeds and refuses to cheat."""

import copy
import hashlib
import json
from collections import Counter

import pytest

from forms.office import raffle
from forms.office.raffle import Entry, Prize, RaffleError

SEAT = Prize("buergerrat", "Platz im Bürgerinnen- und Bürgerrat", 1)
TICKETS = Prize("auebad", "Auebad-Karte", 20)


def _entry(ref: str, raffles=("buergerrat", "auebad"), correct=True, person=None) -> Entry:
    return Entry(ref, frozenset(raffles), correct, person or f"person-{ref}")


def _pools(entries):
    return [(prize, raffle.eligible_references(entries, prize.id)) for prize in (SEAT, TICKETS)]


def _protocol(entries, seed="Lotto 6aus49 26.06.2021: 3 11 19 26 38 45"):
    return raffle.draw("smart-kassel-quiz", seed, _pools(entries), "2021-07-01T10:00:00+00:00")


ENTRIES = [_entry(f"R{i:03d}") for i in range(40)]


def test_rank_key_is_the_documented_sha256_so_anyone_can_recompute_it():
    expected = hashlib.sha256(b"seed\nbuergerrat\nABC").hexdigest()
    assert raffle.rank_key("seed", "buergerrat", "ABC") == expected


def test_reference_list_digest_matches_sorted_lines_with_line_feeds():
    expected = hashlib.sha256(b"A1\nB2\nC3\n").hexdigest()
    assert raffle.list_digest(["C3", "A1", "B2"]) == expected


def test_same_seed_and_entries_give_an_identical_protocol():
    first = _protocol(ENTRIES)
    second = _protocol(list(reversed(ENTRIES)))
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)


def test_a_different_seed_gives_a_different_result():
    assert (
        _protocol(ENTRIES)["raffles"][1]["winners"]
        != _protocol(ENTRIES, "other")["raffles"][1]["winners"]
    )


def test_seat_first_then_tickets_and_nobody_wins_twice():
    protocol = _protocol(ENTRIES)
    seat, tickets = protocol["raffles"]
    assert [r["raffle"] for r in protocol["raffles"]] == ["buergerrat", "auebad"]
    assert len(seat["winners"]) == 1 and len(tickets["winners"]) == 20
    assert seat["winners"][0] not in tickets["winners"]
    assert tickets["excluded"] == seat["winners"]
    all_winners = set(seat["winners"] + tickets["winners"])
    assert len(seat["substitutes"]) == len(tickets["substitutes"]) == 5
    assert not (set(seat["substitutes"]) | set(tickets["substitutes"])) & all_winners


def test_only_entries_with_all_answers_right_that_joined_the_raffle_are_eligible():
    entries = [
        _entry("OK1"),
        _entry("WRONG", correct=False),
        _entry("ONLYPOOL", raffles=("auebad",)),
        _entry("TWICE-A", person="same"),
        _entry("TWICE-B", person="same"),
    ]
    assert raffle.eligible_references(entries, "buergerrat") == ["OK1", "TWICE-A"]
    assert raffle.eligible_references(entries, "auebad") == ["OK1", "ONLYPOOL", "TWICE-A"]


def test_fewer_entries_than_prizes_all_win_without_substitutes():
    protocol = _protocol([_entry("A"), _entry("B", raffles=("auebad",))])
    seat, tickets = protocol["raffles"]
    assert seat["winners"] == ["A"] and tickets["winners"] == ["B"]
    assert tickets["substitutes"] == []


def test_no_eligible_entries_is_refused():
    with pytest.raises(RaffleError, match="keine teilnahmeberechtigten"):
        _protocol([_entry("X", correct=False)])


@pytest.mark.parametrize("seed", ["", "   ", "a\nb", "x" * 501])
def test_unusable_seed_is_refused(seed):
    with pytest.raises(RaffleError, match="Seed"):
        _protocol(ENTRIES, seed)


def test_verify_accepts_an_untouched_protocol():
    assert raffle.verify(json.loads(json.dumps(_protocol(ENTRIES)))) == []


def test_verify_detects_a_changed_reference_list():
    protocol = _protocol(ENTRIES)
    forged = copy.deepcopy(protocol)
    forged["raffles"][0]["references"].append("R999")
    problems = raffle.verify(forged)
    assert any("references_sha256" in p for p in problems)
    assert any("eligible" in p for p in problems)


def test_verify_detects_a_swapped_winner_even_with_a_consistent_list():
    forged = copy.deepcopy(_protocol(ENTRIES))
    seat = forged["raffles"][0]
    loser = next(ref for ref in seat["references"] if ref not in seat["winners"])
    seat["winners"] = [loser]
    assert any("winners" in p for p in raffle.verify(forged))


def test_verify_reports_a_broken_file_instead_of_crashing():
    assert raffle.verify({"protocol": raffle.PROTOCOL_VERSION}) != []
    assert "Protokollversion" in raffle.verify({"protocol": "other/9"})[0]


def test_standalone_verifier_exit_codes(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(_protocol(ENTRIES)), encoding="utf-8")
    assert raffle.main([str(good)]) == 0
    forged = _protocol(ENTRIES)
    forged["seed"] = "anders"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(forged), encoding="utf-8")
    assert raffle.main([str(bad)]) == 1
    assert "NICHT bestätigt" in capsys.readouterr().out


def test_each_entry_wins_the_seat_about_equally_often_over_many_seeds():
    references = [f"E{i:02d}" for i in range(20)]
    seeds = 4000
    wins = Counter(
        raffle.draw("q", f"seed-{n}", [(SEAT, references)], "t")["raffles"][0]["winners"][0]
        for n in range(seeds)
    )
    expected = seeds / len(references)
    assert set(wins) == set(references)
    assert all(expected * 0.65 < count < expected * 1.35 for count in wins.values())
    chi_square = sum((count - expected) ** 2 / expected for count in wins.values())
    assert chi_square < 43.8  # 19 degrees of freedom, p = 0.001
