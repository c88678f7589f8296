"""Seats given before the draw (the quiz winner's): they count against the quotas, not the lot.

The office lists the people with reserved seats in a CSV like the pool (``id`` plus one column per
quota category). Each quota then needs that many fewer people from the draw and allows that many
fewer; the draw fills the remaining seats. Someone with a reserved seat who is also in the pool
leaves the pool, so nobody gets two chances.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.office.panel import draw
from forms.office.panel.pool import Pool, Quota
from forms.office.panel.solver import quota_members
from forms.office.panel.tables import PanelInputError


@dataclass(frozen=True)
class Reservation:
    """Who holds a reserved seat, and the quotas and seats left for the draw."""

    people: Pool
    quotas: tuple[Quota, ...]
    seats: int
    office_quotas: tuple[Quota, ...]

    def record(self) -> dict:
        """The protocol's part: features and public tokens, never the ids themselves."""
        fingerprint = self.people.fingerprint()
        people = sorted(
            (draw.public_token(fingerprint, person), features)
            for features, ids in zip(self.people.types, self.people.members, strict=True)
            for person in ids
        )
        categories = self.people.categories
        return {
            "seats": self.people.size,
            "sha256": fingerprint,
            "people": [
                {"token": token, "features": dict(zip(categories, features, strict=True))}
                for token, features in people
            ],
            "seats_drawn": self.seats,
            "quotas_drawn": [q.__dict__ for q in self.quotas],
        }


def reserve(people: Pool, quotas: tuple[Quota, ...], seats: int) -> Reservation:
    """Take the reserved seats off the seat count and off every quota they fall under."""
    if people.size >= seats:
        raise PanelInputError(
            [f"--reserved: {people.size} reservierte Sitze, aber das Panel hat nur {seats}"]
        )
    problems, left = [], []
    for quota in quotas:
        taken = sum(people.sizes[t] for t in quota_members(people, quota))
        if taken > quota.max:
            problems.append(
                f"--reserved: {taken} reservierte Sitze mit {quota.label}, "
                f"die Quote erlaubt höchstens {quota.max}"
            )
        low, high = max(0, quota.min - taken), quota.max - taken
        left.append(Quota(quota.category, quota.feature, low, high))
    if problems:
        raise PanelInputError(problems)
    return Reservation(people, tuple(left), seats - people.size, tuple(quotas))


def without(pool: Pool, people: Pool) -> Pool:
    """The pool minus anyone who already holds a reserved seat (matched by id)."""
    gone = {person for ids in people.members for person in ids}
    kept = [
        (features, tuple(p for p in ids if p not in gone))
        for features, ids in zip(pool.types, pool.members, strict=True)
    ]
    kept = [(features, ids) for features, ids in kept if ids]
    return Pool(pool.categories, tuple(f for f, _ in kept), tuple(ids for _, ids in kept))
