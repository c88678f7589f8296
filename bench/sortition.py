"""LEXIMIN panel selection against plain maximin and the greedy draw in use before it.

Pools: Flanigan et al.'s two public examples (200 -> 20 and 2,000 -> 200) and a synthetic
Kassel-like pool of 300 volunteers (older and central districts over-represented; 30 seats,
quotas by age band, gender and district group). Prints a Markdown table and a headline.

Usage: python bench/sortition.py [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.measure import markdown_table
from forms.definitions.stadtteile import STADTTEILE
from forms.office.panel.leximin import leximin
from forms.office.panel.pool import Pool, Quota
from forms.office.panel.solver import quota_members

HEADER = ("pool", "method", "lowest chance", "10 % quantile", "highest", "seconds")
AGES = (("16-24", 0.07, 0.13), ("25-39", 0.15, 0.25), ("40-59", 0.28, 0.30))
AGES += (("60-74", 0.32, 0.19), ("75+", 0.18, 0.13))  # band, share of volunteers, of residents
DISTRICT_GROUPS = {
    "Mitte": (*STADTTEILE[0:4], "Unterneustadt"),
    "West": ("Bad Wilhelmshöhe", "Brasselsberg", "Harleshausen", "Kirchditmold", "Nordshausen"),
    "Nord": ("Rothenditmold", "Nord-Holland", "Philippinenhof-Warteberg", "Fasanenhof"),
    "Ost": ("Wesertor", "Wolfsanger-Hasenhecke", "Bettenhausen", "Forstfeld", "Waldau"),
    "Süd": ("Süsterfeld-Helleböhn", "Niederzwehren", "Oberzwehren", "Jungfernkopf"),
}
GROUP_SHARES = {"Mitte": (0.40, 0.24), "West": (0.22, 0.20), "Nord": (0.12, 0.19)}
GROUP_SHARES |= {"Ost": (0.12, 0.19), "Süd": (0.14, 0.18)}  # share of volunteers, of residents


def flanigan(scale: int) -> tuple[Pool, tuple[Quota, ...], int]:
    """1 female-conservative, 100s-1 female-liberal, 100s male-conservative; each >= 10s-1."""
    counts = {("female", "conservative"): 1, ("female", "liberal"): 100 * scale - 1}
    counts[("male", "conservative")] = 100 * scale
    types = tuple(sorted(counts))
    members = tuple(tuple(f"{t}{i}" for i in range(counts[t])) for t in types)
    least, seats = 10 * scale - 1, 20 * scale
    quotas = tuple(
        Quota(c, f, least, seats)
        for c in ("gender", "politics")
        for f in (("female", "male") if c == "gender" else ("liberal", "conservative"))
    )
    return Pool(("gender", "politics"), types, members), quotas, seats


def kassel_like(seed: int = 18) -> tuple[Pool, tuple[Quota, ...], int]:
    """300 volunteers skewed older and central; quotas around the residents' shares."""
    rng, seats = random.Random(seed), 30
    people: dict[tuple[str, ...], list[str]] = {}
    for number in range(300):
        age = rng.choices([a for a, _, _ in AGES], [w for _, w, _ in AGES])[0]
        group = rng.choices(list(GROUP_SHARES), [v for v, _ in GROUP_SHARES.values()])[0]
        gender = rng.choices(["weiblich", "männlich", "divers"], [0.52, 0.46, 0.02])[0]
        people.setdefault((age, gender, group), []).append(f"k{number:03d}")
    quotas = [Quota("alter", a, *_band(share, seats)) for a, _, share in AGES]
    quotas += [Quota("geschlecht", g, 14, 16) for g in ("weiblich", "männlich")]
    quotas.append(Quota("geschlecht", "divers", 0, 1))
    quotas += [Quota("bezirk", g, *_band(r, seats)) for g, (_, r) in GROUP_SHARES.items()]
    types = tuple(sorted(people))
    pool = Pool(("alter", "geschlecht", "bezirk"), types, tuple(tuple(people[t]) for t in types))
    return pool, tuple(quotas), seats


def _band(share: float, seats: int) -> tuple[int, int]:
    expected = share * seats
    return max(0, int(expected) - 1), int(expected) + 2


def greedy_chances(pool: Pool, quotas, seats: int, runs: int, seed: int = 1) -> list[float]:
    """Monte Carlo estimate of the legacy greedy draw: fill the most urgent quota first.

    Each step takes a random person with the feature whose unmet minimum is largest relative
    to the people still available for it (any eligible person once all minimums are met),
    skipping people a maximum excludes; a run that gets stuck starts again.
    """
    rng = random.Random(seed)
    members = [set(quota_members(pool, q)) for q in quotas]
    of_type = [[q for q, group in enumerate(members) if t in group] for t in range(len(pool.types))]
    totals = [0] * len(pool.types)
    done = 0
    while done < runs:
        counts = _greedy_once(rng, pool, quotas, (members, of_type), seats)
        if counts is not None:
            done += 1
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return [total / runs / size for total, size in zip(totals, pool.sizes, strict=True)]


def _greedy_once(rng, pool, quotas, memberships, seats):
    members, of_type = memberships
    left, chosen, filled = list(pool.sizes), [0] * len(pool.sizes), [0] * len(quotas)
    for _ in range(seats):
        eligible = [
            t
            for t in range(len(left))
            if left[t] and all(filled[q] < quotas[q].max for q in of_type[t])
        ]
        urgent, ratio = None, -1.0
        for q, quota in enumerate(quotas):
            if filled[q] < quota.min:
                available = sum(left[t] for t in eligible if t in members[q])
                if not available:
                    return None
                if (quota.min - filled[q]) / available > ratio:
                    urgent, ratio = q, (quota.min - filled[q]) / available
        candidates = [t for t in eligible if urgent is None or t in members[urgent]]
        if not candidates:
            return None
        kind = rng.choices(candidates, [left[t] for t in candidates])[0]
        left[kind] -= 1
        chosen[kind] += 1
        for q in of_type[kind]:
            filled[q] += 1
    return chosen if all(f >= q.min for f, q in zip(filled, quotas, strict=True)) else None


def person_chances(pool: Pool, chances) -> list[float]:
    """Expand type chances to one value per person."""
    return sorted(c for c, n in zip(chances, pool.sizes, strict=True) for _ in range(n))


def measure(name: str, method: str, run: Callable[[], list[float]], pool: Pool) -> tuple:
    begun = time.perf_counter()
    chances = person_chances(pool, run())
    seconds = time.perf_counter() - begun
    quantile = chances[len(chances) // 10]
    return (name, method, chances[0], quantile, chances[-1], seconds)


def compare(name: str, pool: Pool, quotas, seats: int, runs: int) -> list[tuple]:
    """The three methods on one pool, one row each."""
    sizes = pool.sizes
    return [
        measure(name, "LEXIMIN", lambda: leximin(pool, quotas, seats).type_chances(sizes), pool),
        measure(
            name,
            "maximin",
            lambda: leximin(pool, quotas, seats, rounds=1).type_chances(sizes),
            pool,
        ),
        measure(
            name,
            f"greedy ({runs:,} draws)",
            lambda: greedy_chances(pool, quotas, seats, runs),
            pool,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10000, help="greedy draws per pool")
    parser.add_argument("--quick", action="store_true", help="2,000 greedy draws")
    args = parser.parse_args(argv)
    runs = 2000 if args.quick else args.runs
    rows = []
    for name, (pool, quotas, seats) in (
        ("Flanigan 200 → 20", flanigan(1)),
        ("Flanigan 2,000 → 200", flanigan(10)),
        ("Kassel-like 300 → 30", kassel_like()),
    ):
        rows += compare(name, pool, quotas, seats, runs)
    print(
        markdown_table(
            HEADER,
            [
                (n, m, f"{lo:.2%}", f"{q:.2%}", f"{hi:.2%}", f"{s:.2f}")
                for n, m, lo, q, hi, s in rows
            ],
        )
    )
    print()
    small, large, kassel = rows[0], rows[3], rows[6]
    print(
        f"sortition: LEXIMIN lowest chance {small[2]:.1%} vs greedy {rows[2][2]:.2%} (200 → 20), "
        f"{large[2]:.1%} vs {rows[5][2]:.2%} (2,000 → 200, {large[5]:.2f} s), "
        f"Kassel-like {kassel[2]:.1%} vs greedy {rows[8][2]:.1%} ({kassel[5]:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
