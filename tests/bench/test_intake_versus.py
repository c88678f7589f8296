"""The side-by-side intake benchmark runs the baseline from its own checkout and cleans up."""

from __future__ import annotations

import subprocess

from bench.intake_versus import baseline_checkout
from bench.measure import REPO


def _worktrees() -> str:
    return subprocess.run(
        ["git", "-C", str(REPO), "worktree", "list"], capture_output=True, text=True, check=True
    ).stdout


def test_the_baseline_is_the_named_revision_and_its_worktree_is_gone_afterwards():
    first = subprocess.run(
        ["git", "-C", str(REPO), "rev-list", "--max-parents=0", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[0]
    with baseline_checkout(first) as checkout:
        head = subprocess.run(
            ["git", "-C", str(checkout), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        assert head == first
        assert str(checkout) in _worktrees()
    assert not checkout.exists()
    assert str(checkout) not in _worktrees()
