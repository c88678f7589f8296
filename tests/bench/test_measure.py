"""The build benchmark's measurements must belong to the one child they describe."""

from __future__ import annotations

import sys

from bench.measure import markdown_table, run_measured

ALLOCATE = "data = bytearray(80 * 1024 * 1024); data[::4096] = b'x' * len(data[::4096])"


def test_peak_memory_is_the_childs_own_not_the_largest_so_far(tmp_path):
    big = run_measured([sys.executable, "-c", ALLOCATE], tmp_path)
    small = run_measured([sys.executable, "-c", "print('klein')"], tmp_path)
    assert big.returncode == small.returncode == 0
    assert big.peak_mib >= 80
    assert small.peak_mib < 60
    assert small.output.strip() == "klein"


def test_failed_child_reports_its_exit_code_and_output(tmp_path):
    run = run_measured([sys.executable, "-c", "import sys; print('kaputt'); sys.exit(3)"], tmp_path)
    assert run.returncode == 3 and "kaputt" in run.output


def test_table_is_github_markdown():
    assert markdown_table(["N", "s"], [[100, "1.5"]]).splitlines() == [
        "| N | s |",
        "| --- | --- |",
        "| 100 | 1.5 |",
    ]
