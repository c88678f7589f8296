"""Run every benchmark in turn (`make bench`); each prints its table and its headline line.

Usage: python bench/run_all.py [--large] [--quick]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
# The code before issues 12-20 added work to the request path: issue 13 asks that `make bench`
# show no slowdown against it beyond noise.
INTAKE_BASELINE = "8c9ece8"


def steps(large: bool, quick: bool) -> list[tuple[str, list[str]]]:
    """The benchmarks with their arguments; --quick shrinks them for a smoke run."""
    scaling = ["--large"] if large else []
    return [
        ("build_scaling", scaling + (["--sizes", "100", "--runs", "1"] if quick else [])),
        ("preview_latency", ["--articles", "100", "--edits", "2"] if quick else []),
        ("intake", ["--seconds", "3", "--rounds", "1"] if quick else []),
        ("intake_versus", ["--baseline", INTAKE_BASELINE, *(["--seconds", "2"] if quick else [])]),
        ("burst", ["--quick"] if quick else []),
        ("crash", ["--target", "300", "--min-kills", "2"] if quick else []),
        ("sortition", ["--quick"] if quick else []),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="build_scaling also at 5,000")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    args = parser.parse_args(argv)
    started, failed, headlines = time.monotonic(), [], []
    for name, extra in steps(args.large, args.quick):
        print(f"\n## {name}\n", flush=True)
        begun = time.monotonic()
        result = subprocess.run(
            [sys.executable, str(BENCH / f"{name}.py"), *extra], capture_output=True, text=True
        )
        print(result.stdout, end="", flush=True)
        if result.returncode != 0:
            failed.append(name)
            print(result.stderr[-3000:], file=sys.stderr, flush=True)
        lines = result.stdout.strip().splitlines()
        headlines.append(lines[-1] if lines else f"{name}: no output")
        print(f"\n({name} took {time.monotonic() - begun:.0f} s)", flush=True)
    print("\n## Headlines\n")
    print("\n".join(f"- {line}" for line in headlines))
    minutes = (time.monotonic() - started) / 60
    print(
        f"\nrun_all: {len(headlines) - len(failed)} of {len(headlines)} benchmarks ran "
        f"in {minutes:.1f} min" + (f"; failed: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
