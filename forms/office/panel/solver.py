"""Integer programs over panel compositions, solved by HiGHS (MIT licensed, no Gurobi needed).

A composition says how many seats each type gets. It is valid when it fills every seat, takes no
more people of a type than the pool has, and keeps every quota's min and max.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np

from forms.office.panel.pool import Pool, Quota

Composition = tuple[int, ...]
INF = highspy.kHighsInf


_banner_shown = False


def new_highs() -> highspy.Highs:
    """A quiet, single-threaded, deterministic solver instance."""
    global _banner_shown
    if _banner_shown:
        highs = highspy.Highs()
    else:
        highs = _without_banner()
        _banner_shown = True
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("threads", 1)
    highs.setOptionValue("random_seed", 0)
    return highs


def _without_banner() -> highspy.Highs:
    """Build the first instance with stdout closed: HiGHS prints a banner then, in C."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def quota_members(pool: Pool, quota: Quota) -> list[int]:
    """The types a quota counts."""
    column = pool.categories.index(quota.category)
    return [t for t, features in enumerate(pool.types) if features[column] == quota.feature]


class CompositionProgram:
    """One MIP for "the best valid composition for these weights", re-solved with new weights."""

    def __init__(self, pool: Pool, quotas: Sequence[Quota], seats: int) -> None:
        self.size = len(pool.types)
        self.highs = new_highs()
        self.highs.setOptionValue("mip_rel_gap", 0.0)
        self.highs.setOptionValue("mip_abs_gap", 1e-10)
        self.highs.setOptionValue("mip_improving_solution_save", True)
        for count in pool.sizes:
            self.highs.addVar(0, count)
        self.highs.changeColsIntegrality(
            self.size,
            np.arange(self.size, dtype=np.int32),
            np.full(self.size, highspy.HighsVarType.kInteger),
        )
        everyone = np.arange(self.size, dtype=np.int32)
        self.highs.addRow(seats, seats, self.size, everyone, np.ones(self.size))
        for quota in quotas:
            members = np.array(quota_members(pool, quota), dtype=np.int32)
            self.highs.addRow(quota.min, quota.max, len(members), members, np.ones(len(members)))
        self.highs.changeObjectiveSense(highspy.ObjSense.kMaximize)

    def best(self, weights: Sequence[float]) -> tuple[Composition, float] | None:
        """The valid composition with the largest weighted sum, or None if there is none."""
        self.highs.changeColsCost(
            self.size, np.arange(self.size, dtype=np.int32), np.asarray(weights, dtype=float)
        )
        self.highs.run()
        if self.highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        values = self.highs.getSolution().col_value
        composition = tuple(round(v) for v in values)
        return composition, float(np.dot(weights, composition))

    def runners_up(self, weights: Sequence[float], above: float) -> list[Composition]:
        """Other valid compositions the last solve met on its way, worth more than ``above``."""
        found = []
        for saved in self.highs.getSavedMipSolutions():
            composition = tuple(round(v) for v in saved.col_value)
            if float(np.dot(weights, composition)) > above and composition not in found:
                found.append(composition)
        return found


@dataclass(frozen=True)
class Relaxation:
    """The smallest change of quotas that makes them feasible: new bounds for changed quotas."""

    changes: tuple[tuple[Quota, int, int], ...]


def smallest_relaxation(pool: Pool, quotas: Sequence[Quota], seats: int) -> Relaxation:
    """Minimise the total amount by which mins must drop and maxes rise (slack variables).

    The pool must have at least ``seats`` people, so that some relaxation always exists.
    """
    highs = new_highs()
    size = len(pool.types)
    for count in pool.sizes:
        highs.addVar(0, count)
    highs.changeColsIntegrality(
        size, np.arange(size, dtype=np.int32), np.full(size, highspy.HighsVarType.kInteger)
    )
    highs.addRow(seats, seats, size, np.arange(size, dtype=np.int32), np.ones(size))
    for q, quota in enumerate(quotas):
        members = quota_members(pool, quota)
        down, up = size + 2 * q, size + 2 * q + 1
        highs.addVar(0, INF)
        highs.addVar(0, INF)
        highs.changeColCost(down, 1.0)
        highs.changeColCost(up, 1.0)
        count = len(members)
        index = np.array(members, dtype=np.int32)
        highs.addRow(quota.min, INF, count + 1, np.append(index, down), np.ones(count + 1))
        highs.addRow(
            -INF, quota.max, count + 1, np.append(index, up), np.append(np.ones(count), -1)
        )
    highs.run()
    values = highs.getSolution().col_value
    changes = []
    for q, quota in enumerate(quotas):
        down, up = round(values[size + 2 * q]), round(values[size + 2 * q + 1])
        if down or up:
            changes.append((quota, quota.min - down, quota.max + up))
    return Relaxation(tuple(changes))
