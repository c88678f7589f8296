"""The sortition benchmark's baseline and Kassel-like pool are what the table claims."""

from bench.sortition import DISTRICT_GROUPS, flanigan, greedy_chances, kassel_like
from forms.definitions.stadtteile import STADTTEILE
from forms.office.panel.leximin import leximin


def test_district_groups_cover_each_of_the_23_stadtteile_once():
    grouped = [name for names in DISTRICT_GROUPS.values() for name in names]
    assert sorted(grouped) == sorted(STADTTEILE)
    assert len(STADTTEILE) == len(set(STADTTEILE)) == 23


def test_greedy_baseline_leaves_the_lone_minority_far_below_leximin():
    pool, quotas, seats = flanigan(1)
    lone = pool.types.index(("female", "conservative"))
    greedy = greedy_chances(pool, quotas, seats, runs=1500)
    fair = leximin(pool, quotas, seats).type_chances(pool.sizes)
    assert greedy[lone] < 0.04 < 0.0999 < fair[lone]
    assert sum(c * n for c, n in zip(greedy, pool.sizes, strict=True)) == seats


def test_kassel_like_pool_is_skewed_towards_older_and_central_volunteers():
    pool, quotas, seats = kassel_like()
    assert pool.size == 300 and seats == 30
    share = {q.feature: 0 for q in quotas}
    for features, size in zip(pool.types, pool.sizes, strict=True):
        for value in features:
            share[value] += size / pool.size
    assert share["60-74"] + share["75+"] > 0.4 and share["Mitte"] > 0.3
