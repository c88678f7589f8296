"""The dual LP of "maximise the lowest chance", kept in one solver so each re-solve starts warm.

Variables: ``mu`` (column 0) and a weight ``y_t >= 0`` per type (column t + 1).
Minimise ``mu - sum_{fixed t} chance_t * y_t`` subject to ``sum_{unfixed t} y_t = 1`` (row 0)
and, for every known composition, ``mu >= sum_t seats_t / size_t * y_t`` (one row each).
Column generation adds rows; fixing a type changes its cost and drops it from row 0.
"""

from __future__ import annotations

from collections.abc import Sequence

import highspy
import numpy as np

from forms.office.panel.solver import INF, Composition, new_highs


class DualProgram:
    """One warm-started LP for all rounds of the LEXIMIN loop."""

    def __init__(self, sizes: np.ndarray) -> None:
        self.sizes = sizes
        self.count = len(sizes)
        self.columns = np.arange(self.count + 1, dtype=np.int32)
        self.highs = new_highs()
        self.highs.addVar(-INF, INF)
        self.highs.changeColCost(0, 1.0)
        for _ in range(self.count):
            self.highs.addVar(0, INF)
        types = self.columns[1:]
        self.highs.addRow(1, 1, self.count, types, np.ones(self.count))

    def add(self, compositions: Sequence[Composition]) -> None:
        """Add the rows of newly known compositions."""
        for composition in compositions:
            shares = np.concatenate(([1.0], -np.asarray(composition) / self.sizes))
            self.highs.addRow(0, INF, self.count + 1, self.columns, shares)

    def fix(self, kind: int, chance: float) -> None:
        """A type's chance is settled: it leaves the normalisation and enters the objective."""
        self.highs.changeCoeff(0, kind + 1, 0.0)
        self.highs.changeColCost(kind + 1, -chance)

    def solve(self) -> tuple[float, float, np.ndarray]:
        """Return the optimal value, ``mu`` and the type weights."""
        self.highs.run()
        status = self.highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            raise ArithmeticError(f"dual LP not solved: {self.highs.modelStatusToString(status)}")
        values = np.asarray(self.highs.getSolution().col_value)
        return self.highs.getInfo().objective_function_value, float(values[0]), values[1:]
