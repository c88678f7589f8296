"""The LEXIMIN distribution over panels: raise the lowest chance, then the next lowest, and so on.

Method (after Flanigan, Gölz, Gupta, Hennig, Procaccia, Nature 596, 2021), on types:

1. Find a first set of valid compositions that between them give every type a seat it can get.
2. Outer loop. With some types' chances already fixed, maximise the lowest chance ``z`` of the
   others. The LP over a distribution on all valid compositions is too large to write down, so its
   dual is solved over the compositions found so far: weights ``y`` on the types (summing to 1
   over the unfixed ones) and a bound ``mu`` that no known composition's ``y``-weighted share of
   seats exceeds. The pricing MIP then looks for a composition above ``mu``; if it finds one, it
   joins (with the other compositions above ``mu`` the MIP met on its way) and the dual is
   solved again; if not, the dual is optimal and ``z`` is its value.
3. Every unfixed type with positive dual weight is at ``z`` in every optimal distribution
   (complementary slackness), so those types are fixed at ``z``; repeat until all are fixed.
4. A final LP finds weights on the known compositions that give every type its fixed chance.

A person's chance is the expected number of seats of their type divided by the type's size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from forms.office.panel.dual import DualProgram
from forms.office.panel.pool import Pool, Quota
from forms.office.panel.solver import INF, Composition, CompositionProgram, new_highs

IMPROVEMENT = 1e-7
POSITIVE_DUAL = 1e-7
SMALLEST_WEIGHT = 1e-9
LEVEL_MARGIN = 1e-10  # keeps later rounds feasible despite the solver's last digits


@dataclass(frozen=True)
class Distribution:
    """Panels with their probabilities, and each type's resulting chance per person."""

    compositions: tuple[Composition, ...]
    weights: tuple[float, ...]

    def type_chances(self, sizes: Sequence[int]) -> tuple[float, ...]:
        """Expected seats per type divided by its size."""
        seats = np.asarray(self.weights) @ np.asarray(self.compositions, dtype=float)
        return tuple(float(s / n) for s, n in zip(seats, sizes, strict=True))


class NoValidPanel(ValueError):
    """No panel meets all quotas with this pool."""


def leximin(pool: Pool, quotas: Sequence[Quota], seats: int, rounds: int | None = None):
    """Return the LEXIMIN distribution; ``rounds=1`` stops after maximin (for comparison)."""
    program = CompositionProgram(pool, quotas, seats)
    sizes = np.asarray(pool.sizes, dtype=float)
    known = _first_compositions(program, len(sizes))
    dual = DualProgram(sizes)
    dual.add(known)
    fixed: dict[int, float] = {}
    done = 0
    while len(fixed) < len(sizes):
        level, duals = _maximise_lowest(program, dual, known)
        unfixed = [t for t in range(len(sizes)) if t not in fixed]
        chosen = [t for t in unfixed if duals[t] > POSITIVE_DUAL] or [
            max(unfixed, key=lambda t: duals[t])
        ]
        done += 1
        if rounds is not None and done >= rounds:
            chosen = unfixed
        for t in chosen:
            fixed[t] = max(level - LEVEL_MARGIN, 0.0)
            dual.fix(t, fixed[t])
    return _final_weights(known, sizes, fixed)


def _first_compositions(program: CompositionProgram, count: int) -> list[Composition]:
    """Cover every type that can get a seat at all with at least one known composition."""
    known: list[Composition] = []
    uncovered = set(range(count))
    while uncovered:
        weights = [1.0 if t in uncovered else 0.0 for t in range(count)]
        found = program.best(weights)
        if found is None:
            raise NoValidPanel
        composition, _ = found
        newly = {t for t in uncovered if composition[t] > 0}
        if composition not in known:
            known.append(composition)
        if not newly:
            break
        uncovered -= newly
    return known


def _maximise_lowest(program, dual: DualProgram, known) -> tuple[float, np.ndarray]:
    """Column generation on the dual; returns the best lowest chance and the type weights."""
    seen = set(known)
    while True:
        objective, mu, duals = dual.solve()
        weights = duals / dual.sizes
        found = program.best(weights)
        if found is None or found[1] <= mu + IMPROVEMENT or found[0] in seen:
            return objective, duals
        runners_up = program.runners_up(weights, mu + IMPROVEMENT)
        fresh = [c for c in dict.fromkeys([found[0], *runners_up]) if c not in seen]
        known.extend(fresh)
        seen.update(fresh)
        dual.add(fresh)


def _final_weights(known, sizes, fixed) -> Distribution:
    """Weights on the known compositions that give every type its fixed chance.

    A shortfall variable per type (cost 1) absorbs the solver's rounding, so the LP always has a
    solution and uses the shortfall only where the fixed chance is off in the last digits.
    """
    highs = new_highs()
    count, types = len(known), len(sizes)
    for _ in range(count):
        highs.addVar(0, INF)
    for t in range(types):
        highs.addVar(0, INF)
        highs.changeColCost(count + t, 1.0)
    every = np.arange(count, dtype=np.int32)
    highs.addRow(1, 1, count, every, np.ones(count))
    matrix = np.asarray(known, dtype=float) / sizes
    for t in range(types):
        index = np.append(every, count + t).astype(np.int32)
        highs.addRow(fixed[t], INF, count + 1, index, np.append(matrix[:, t], 1.0))
    highs.changeObjectiveSense(highspy.ObjSense.kMinimize)
    highs.run()
    weights = np.maximum(np.asarray(highs.getSolution().col_value[:count]), 0.0)
    kept = [i for i in range(count) if weights[i] > SMALLEST_WEIGHT]
    total = float(sum(weights[i] for i in kept))
    pairs = sorted((known[i], float(weights[i]) / total) for i in kept)
    return Distribution(tuple(c for c, _ in pairs), tuple(w for _, w in pairs))
