"""Draw the panel with the public seed: only SHA-256, so anyone can redo it with any tool.

1. The panel composition: with a lottery of m tickets, ticket number ``1 + U(m)`` where ``U``
   is a uniform number from the seed (below); tickets are numbered through the published
   compositions in their published order. Without a lottery, ``U`` picks by the cumulative
   published probabilities.
2. The people: within each type, people are ordered by ``SHA-256(seed + "\\nperson\\n" + id)``;
   the first ones of each type take that type's seats. The panel lists members in that key order.
3. Substitutes: for each member in panel order, the next unused person of the same type (then the
   quotas hold whoever drops out); if the type has nobody left, the first unused person (by key)
   whose swap keeps every quota.

``U(m)``: the integer ``SHA-256(seed + "\\nticket\\n" + k)`` for k = 0, 1, ... until one is below
the largest multiple of m under 2**256, taken modulo m (no bias).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from forms.office.panel.leximin import Distribution
from forms.office.panel.pool import Pool, Quota
from forms.office.panel.solver import Composition, quota_members

SPACE = 2**256


@dataclass(frozen=True)
class Selection:
    """The drawn panel: which composition, the members, and a substitute for each member."""

    pick: int
    composition: Composition
    members: tuple[str, ...]
    substitutes: tuple[tuple[str, int], ...]


def uniform(seed: str, label: str, bound: int) -> int:
    """A number in ``0..bound-1`` from the seed, without modulo bias."""
    limit = SPACE - SPACE % bound
    counter = 0
    while True:
        digest = hashlib.sha256(f"{seed}\n{label}\n{counter}".encode()).digest()
        value = int.from_bytes(digest, "big")
        if value < limit:
            return value % bound
        counter += 1


def person_key(seed: str, person: str) -> str:
    """The rank of a person within their type, unknown until the seed is."""
    return hashlib.sha256(f"{seed}\nperson\n{person}".encode()).hexdigest()


def public_token(fingerprint: str, person: str) -> str:
    """The reference under which a person finds themselves in the published protocol."""
    return hashlib.sha256(f"{fingerprint}\n{person}".encode()).hexdigest()[:16]


def pick_composition(seed: str, distribution: Distribution, tickets: Sequence[int] | None) -> int:
    """Return the ticket number (lottery, from 1) or the index (exact distribution) drawn."""
    if tickets:
        return uniform(seed, "ticket", sum(tickets)) + 1
    point, total = uniform(seed, "ticket", SPACE - 1) / (SPACE - 1), 0.0
    for index, weight in enumerate(distribution.weights):
        total += weight
        if point < total:
            return index
    return len(distribution.weights) - 1


def composition_for(pick: int, tickets: Sequence[int] | None) -> int:
    """The composition a ticket number (or index) stands for."""
    if not tickets:
        return pick
    upto = 0
    for index, count in enumerate(tickets):
        upto += count
        if pick <= upto:
            return index
    raise ValueError("ticket number beyond the lottery")


def draw(seed, pool: Pool, quotas: Sequence[Quota], distribution, tickets) -> Selection:
    """Draw the panel and its substitutes."""
    pick = pick_composition(seed, distribution, tickets)
    composition = distribution.compositions[composition_for(pick, tickets)]
    queues = [sorted(ids, key=lambda p: person_key(seed, p)) for ids in pool.members]
    chosen = [(person, t) for t, queue in enumerate(queues) for person in queue[: composition[t]]]
    chosen.sort(key=lambda pair: person_key(seed, pair[0]))
    spare = [list(queue[composition[t] :]) for t, queue in enumerate(queues)]
    substitutes = [
        _substitute(seed, pool, quotas, composition, spare, t, position)
        for position, (_, t) in enumerate(chosen, start=1)
    ]
    return Selection(
        pick,
        composition,
        tuple(person for person, _ in chosen),
        tuple(s for s in substitutes if s is not None),
    )


def _substitute(seed, pool, quotas, composition, spare, kind, position):
    """Same type if possible, else the first spare person whose swap keeps the quotas."""
    if spare[kind]:
        return spare[kind].pop(0), position
    fitting = [
        t for t in range(len(spare)) if spare[t] and _swap_keeps(pool, quotas, composition, kind, t)
    ]
    if not fitting:
        return None
    best = min(fitting, key=lambda t: person_key(seed, spare[t][0]))
    return spare[best].pop(0), position


def _swap_keeps(pool, quotas, composition, leaving: int, coming: int) -> bool:
    changed = list(composition)
    changed[leaving] -= 1
    changed[coming] += 1
    return meets_quotas(pool, quotas, changed)


def meets_quotas(pool: Pool, quotas: Sequence[Quota], composition: Sequence[int]) -> bool:
    """Whether a composition keeps every quota (the seat count is checked by the caller)."""
    return all(
        quota.min <= sum(composition[t] for t in quota_members(pool, quota)) <= quota.max
        for quota in quotas
    )
