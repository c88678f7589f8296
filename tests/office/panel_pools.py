"""Pools and quotas for the Bürgerrat tests, built in memory or written as the office's CSVs."""

from __future__ import annotations

from pathlib import Path

from forms.office.panel.pool import Pool, Quota

QUOTA_HEADER = "category,feature,min,max\n"


def flanigan_example(scale: int = 1) -> tuple[Pool, tuple[Quota, ...], int]:
    """Flanigan et al.'s example: 1 female-conservative, 99 female-liberal, 100 male-cons."""
    counts = {("female", "conservative"): 1, ("female", "liberal"): 100 * scale - 1}
    counts[("male", "conservative")] = 100 * scale
    types = tuple(sorted(counts))
    members = tuple(tuple(f"{t[0][0]}{t[1][0]}{i:04d}" for i in range(counts[t])) for t in types)
    seats, least = 20 * scale, 10 * scale - 1
    quotas = tuple(
        Quota(category, feature, least, seats)
        for category, feature in (
            ("gender", "female"),
            ("gender", "male"),
            ("politics", "liberal"),
            ("politics", "conservative"),
        )
    )
    return Pool(("gender", "politics"), types, members), quotas, seats


def write_pool(path: Path, pool: Pool) -> Path:
    """The pool as the office's CSV: id plus one column per category."""
    lines = [",".join(("id", *pool.categories))]
    for features, ids in zip(pool.types, pool.members, strict=True):
        lines += [",".join((person, *features)) for person in ids]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_quotas(path: Path, quotas: tuple[Quota, ...]) -> Path:
    """The quotas in the Sortition Foundation's format."""
    body = "".join(f"{q.category},{q.feature},{q.min},{q.max}\n" for q in quotas)
    path.write_text(QUOTA_HEADER + body, encoding="utf-8")
    return path
