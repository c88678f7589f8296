"""Shared benchmark helpers: run a child, measure its wall time and peak memory, print tables."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
TIME = "/usr/bin/time"


@dataclass(frozen=True)
class Run:
    """One finished child process: how long it took, its peak resident memory, what it said."""

    seconds: float
    peak_mib: float
    returncode: int
    output: str


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command`; peak memory from /usr/bin/time, as a fork of us inherits our own peak."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "maxrss"
        timed = [TIME, "-f", "%M", "-o", str(report), *command] if Path(TIME).exists() else command
        started = time.perf_counter()
        with open(os.devnull, "rb") as stdin, tempfile.TemporaryFile() as sink:
            proc = subprocess.Popen(
                timed, cwd=cwd, env=env, stdin=stdin, stdout=sink, stderr=subprocess.STDOUT
            )
            _pid, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - started
            proc.returncode = os.waitstatus_to_exitcode(status)
            sink.seek(0)
            output = sink.read().decode("utf-8", "replace")
        peak_kib = usage.ru_maxrss
        if report.exists():
            lines = report.read_text().split()
            peak_kib = int(lines[-1]) if lines and lines[-1].isdigit() else peak_kib
    return Run(seconds, peak_kib / 1024, proc.returncode, output)


def median_run(runs: list[Run]) -> Run:
    """Summarise repeated runs by their medians, which noisy shared machines need."""
    return Run(
        statistics.median(run.seconds for run in runs),
        statistics.median(run.peak_mib for run in runs),
        max(run.returncode for run in runs),
        runs[-1].output,
    )


def markdown_table(header: list[str], rows: list[list[object]]) -> str:
    """Render rows as a GitHub Markdown table, so the output pastes straight into the README."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    """Say plainly whether a target was met."""
    return "met" if ok else "MISSED"


def python_env(**extra: str) -> dict[str, str]:
    """The environment for children: this interpreter's venv first on PATH, plus `extra`."""
    env = dict(os.environ)
    env["PATH"] = f"{Path(PYTHON).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(extra)
    return env
