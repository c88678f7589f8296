"""Round the distribution to a lottery of m equally likely tickets, published before the draw.

With a lottery the final pick is one public number between 1 and m (Flanigan, Kehne, Procaccia,
"Fair sortition made transparent", NeurIPS 2021). Each panel gets ``floor(m * p)`` or
``ceil(m * p)`` tickets, chosen by a MIP that keeps the lowest chance of any type as high as
possible; what the rounding costs in that lowest chance is recorded in the protocol.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import highspy
import numpy as np

from forms.office.panel.leximin import Distribution
from forms.office.panel.solver import INF, new_highs

DEFAULT_SIZE = 1000
TIME_LIMIT_SECONDS = 10.0
RELATIVE_GAP = 0.001  # within 0.1 % of the best lowest chance is close enough


def round_to_lottery(distribution: Distribution, sizes: Sequence[int], size: int) -> list[int]:
    """Tickets per composition, summing to ``size``, each the floor or ceiling of its share."""
    shares = [w * size for w in distribution.weights]
    floors = [math.floor(s) for s in shares]
    ceilings = [math.ceil(s) for s in shares]
    start = _largest_remainder(shares, floors, size)
    return _best_rounding(distribution, sizes, size, (floors, ceilings), start) or start


def lottery_distribution(distribution: Distribution, tickets: Sequence[int]) -> Distribution:
    """The distribution the lottery really draws from."""
    total = sum(tickets)
    kept = [(c, n / total) for c, n in zip(distribution.compositions, tickets, strict=True) if n]
    return Distribution(tuple(c for c, _ in kept), tuple(w for _, w in kept))


def valid_rounding(weights: Sequence[float], tickets: Sequence[int], size: int) -> bool:
    """Whether every panel got the floor or ceiling of its share and all tickets are given."""
    if sum(tickets) != size or len(tickets) != len(weights):
        return False
    return all(
        math.floor(w * size) <= n <= math.ceil(w * size)
        for w, n in zip(weights, tickets, strict=True)
    )


def _best_rounding(distribution, sizes, size, bounds, start) -> list[int] | None:
    """MIP: maximise the lowest chance over types, tickets within floor and ceiling.

    Starts from the largest-remainder rounding, so a time-out still returns at least that.
    """
    floors, ceilings = bounds
    count = len(floors)
    highs = new_highs()
    highs.setOptionValue("time_limit", TIME_LIMIT_SECONDS)
    highs.setOptionValue("mip_rel_gap", RELATIVE_GAP)
    for low, high in zip(floors, ceilings, strict=True):
        highs.addVar(low, high)
    highs.changeColsIntegrality(
        count, np.arange(count, dtype=np.int32), np.full(count, highspy.HighsVarType.kInteger)
    )
    highs.addVar(-INF, INF)
    highs.changeColCost(count, 1.0)
    every = np.arange(count, dtype=np.int32)
    highs.addRow(size, size, count, every, np.ones(count))
    matrix = np.asarray(distribution.compositions, dtype=float) / np.asarray(sizes) / size
    index = np.append(every, count).astype(np.int32)
    for t in range(len(sizes)):
        highs.addRow(0, INF, count + 1, index, np.append(matrix[:, t], -1.0))
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    matrix_start = np.asarray(start, dtype=float) @ matrix
    begin = highspy.HighsSolution()
    begin.col_value = [*map(float, start), float(matrix_start.min())]
    highs.setSolution(begin)
    highs.run()
    solution = highs.getSolution()
    if not solution.value_valid:
        return None
    tickets = [round(v) for v in solution.col_value[:count]]
    return tickets if sum(tickets) == size else None


def _largest_remainder(shares, floors, size) -> list[int]:
    """Fallback rounding: the largest remainders get the tickets left over."""
    tickets = list(floors)
    order = sorted(range(len(shares)), key=lambda i: (floors[i] - shares[i], i))
    for i in order[: max(0, size - sum(floors))]:
        tickets[i] += 1
    return tickets
