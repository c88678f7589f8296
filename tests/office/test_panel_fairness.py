"""LEXIMIN selection: published optimum, quotas always kept, chances that add up and come true."""

from __future__ import annotations

import math
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.office.panel import draw, lottery, selection
from forms.office.panel.leximin import leximin
from forms.office.panel.pool import Pool, Quota
from forms.office.panel.tables import PanelInputError

from .panel_pools import flanigan_example


def approx(value: float):
    """Equal up to the solver's precision."""
    return pytest.approx(value, abs=1e-6)


def test_flanigan_example_reaches_the_published_leximin_optimum_of_ten_percent():
    pool, quotas, seats = flanigan_example()
    chances = leximin(pool, quotas, seats).type_chances(pool.sizes)
    assert min(chances) == approx(0.10)


def test_lone_female_conservative_gets_ten_percent_also_in_the_ten_times_larger_pool():
    pool, quotas, seats = flanigan_example(scale=10)
    chances = leximin(pool, quotas, seats).type_chances(pool.sizes)
    lone = pool.types.index(("female", "conservative"))
    assert chances[lone] == approx(0.10)
    assert min(chances) == approx(0.10)


def test_leximin_keeps_raising_chances_after_the_lowest_is_stuck_at_zero():
    """A quota shuts one type out; maximin is then satisfied by anything, LEXIMIN is not."""
    types = (("a", "x"), ("a", "y"), ("b", "y"))
    members = (("ax1",), tuple(f"ay{i}" for i in range(3)), tuple(f"by{i}" for i in range(6)))
    pool = Pool(("group", "side"), types, members)
    quotas = (
        Quota("group", "a", 0, 3),
        Quota("group", "b", 0, 3),
        Quota("side", "x", 0, 0),
        Quota("side", "y", 0, 3),
    )
    chances = leximin(pool, quotas, 3).type_chances(pool.sizes)
    assert chances[0] == pytest.approx(0, abs=1e-6)
    assert chances[1] == pytest.approx(1 / 3, abs=1e-6)
    assert chances[2] == pytest.approx(1 / 3, abs=1e-6)


@st.composite
def feasible_cases(draw_):
    """A random pool and quotas that a hidden reference panel is known to meet."""
    categories = [f"c{i}" for i in range(draw_(st.integers(1, 3)))]
    features = {c: [f"{c}f{j}" for j in range(draw_(st.integers(2, 3)))] for c in categories}
    size = draw_(st.integers(4, 30))
    people = [tuple(draw_(st.sampled_from(features[c])) for c in categories) for _ in range(size)]
    seats = draw_(st.integers(1, min(8, size)))
    reference = draw_(st.permutations(range(size)))[:seats]
    quotas = []
    for k, category in enumerate(categories):
        counts = Counter(people[i][k] for i in reference)
        for feature in features[category]:
            low = max(0, counts[feature] - draw_(st.integers(0, 2)))
            quotas.append(Quota(category, feature, low, counts[feature] + draw_(st.integers(0, 2))))
    by_type: dict[tuple, list[str]] = {}
    for number, person in enumerate(people):
        by_type.setdefault(person, []).append(f"p{number:02d}")
    types = tuple(sorted(by_type))
    pool = Pool(tuple(categories), types, tuple(tuple(by_type[t]) for t in types))
    return (
        pool,
        tuple(quotas),
        seats,
        draw_(st.integers(0, 10**6)),
        draw_(st.sampled_from([0, 7, 1000])),
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feasible_cases())
def test_every_drawn_panel_meets_every_quota_and_chances_sum_to_the_seats(case):
    pool, quotas, seats, seed, tickets = case
    outcome = selection.select(pool, quotas, seats, str(seed), tickets, "pool.csv")
    for composition in outcome.exact.compositions:
        assert draw.meets_quotas(pool, quotas, composition)
    members = outcome.selection.members
    assert len(members) == len(set(members)) == seats
    type_of = {p: t for t, ids in enumerate(pool.members) for p in ids}
    counts = Counter(type_of[p] for p in members)
    assert draw.meets_quotas(pool, quotas, [counts[t] for t in range(len(pool.types))])
    chances = outcome.chances()
    assert math.isclose(sum(c * n for c, n in zip(chances, pool.sizes, strict=True)), seats)
    assert all(-1e-9 <= c <= 1 + 1e-9 for c in chances)


@settings(max_examples=20, deadline=None)
@given(feasible_cases())
def test_a_substitute_moving_up_keeps_every_quota(case):
    pool, quotas, seats, seed, _ = case
    outcome = selection.select(pool, quotas, seats, str(seed), 0, "pool.csv")
    type_of = {p: t for t, ids in enumerate(pool.members) for p in ids}
    members = list(outcome.selection.members)
    for substitute, place in outcome.selection.substitutes:
        changed = [*members[: place - 1], substitute, *members[place:]]
        counts = Counter(type_of[p] for p in changed)
        assert draw.meets_quotas(pool, quotas, [counts[t] for t in range(len(pool.types))])


def test_empirical_frequency_over_many_seeds_matches_the_reported_chance():
    """4,000 seeds; each person's count must lie within 5 binomial standard deviations.

    The seeds are fixed, so the test is deterministic; 5 sigma keeps a correct draw from failing
    by bad luck (about 1 in 1.7 million per person), while a draw that ignored the distribution
    (say, uniform over valid panels) misses the lone minority's 10 % by far more.
    """
    pool, quotas, seats = flanigan_example()
    outcome = selection.select(pool, quotas, seats, "setup", 1000, "pool.csv")
    published = tuple(n for n in outcome.tickets if n)
    drawn = lottery.lottery_distribution(outcome.exact, outcome.tickets)
    runs = 4000
    seen: Counter[str] = Counter()
    for number in range(runs):
        seen.update(draw.draw(f"seed-{number}", pool, quotas, drawn, published).members)
    chances = outcome.chances()
    for t, ids in enumerate(pool.members):
        p = chances[t]
        spread = 5 * math.sqrt(runs * p * (1 - p)) + 1
        for person in ids:
            assert abs(seen[person] - runs * p) <= spread, (person, seen[person], runs * p)


def test_exact_distribution_draw_also_matches_the_chances():
    pool, quotas, seats = flanigan_example()
    outcome = selection.select(pool, quotas, seats, "setup", 0, "pool.csv")
    runs, lone = 3000, pool.members[pool.types.index(("female", "conservative"))][0]
    hits = sum(
        lone in draw.draw(f"s{n}", pool, quotas, outcome.exact, None).members for n in range(runs)
    )
    assert abs(hits - 0.1 * runs) <= 5 * math.sqrt(runs * 0.1 * 0.9)


def test_lottery_rounding_records_its_loss_and_stays_within_one_ticket_per_panel():
    pool, quotas, seats = flanigan_example()
    outcome = selection.select(pool, quotas, seats, "s", 7, "pool.csv")
    record = selection.protocol(outcome)
    assert record["lottery"]["size"] == 7
    assert lottery.valid_rounding(outcome.exact.weights, outcome.tickets, 7)
    assert record["lottery"]["loss"] == approx(
        record["lowest_chance_leximin"] - record["lottery"]["lowest_chance"]
    )


def test_infeasible_quotas_name_the_conflict_and_the_smallest_fix_in_german():
    pool, quotas, seats = flanigan_example()
    quotas = (*quotas[:3], Quota("politics", "conservative", 15, 20))
    try:
        selection.select(pool, quotas, seats, "s", 0, "pool.csv")
    except PanelInputError as error:
        text = str(error)
    else:
        raise AssertionError("infeasible quotas were accepted")
    assert "nicht gemeinsam erfüllen" in text
    assert "politics: die Mindestwerte ergeben 24 Sitze, es gibt 20." in text
    assert "politics = liberal: min 9 → 5" in text or "politics = conservative: min 15 → 11" in text
    assert "Traceback" not in text and "HiGHS" not in text and "Highs" not in text


def test_a_quota_with_more_seats_than_people_says_how_many_there_are():
    pool, quotas, seats = flanigan_example()
    quotas = (
        *quotas[:3],
        Quota("politics", "conservative", 9, 20),
        Quota("gender", "divers", 2, 3),
    )
    try:
        selection.select(pool, quotas, seats, "s", 0, "pool.csv")
    except PanelInputError as error:
        assert "gender = divers: min 2 → 0 (im Pool nur 0 Personen)" in str(error)
    else:
        raise AssertionError("an unreachable minimum was accepted")
