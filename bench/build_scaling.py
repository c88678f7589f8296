"""Time our build against plain mkdocs-material pages and the material blog plugin, N articles each.

Usage: python bench/build_scaling.py [--large] [--runs 3] [--sizes 100,1000] [--events 500]
[--profile] [--warm]. With --events, every variant also gets that many dates (ours as
content/termine/, the references as ordinary pages with the same text). Our cold builds run with
--no-cache; --warm instead times our build of an unchanged site after one cold build.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import articles, events, sites
from bench.measure import PYTHON, Run, markdown_table, median_run, python_env, run_measured, verdict

VARIANTS = ("ours", "plain pages", "material blog")
MKDOCS = [PYTHON, "-m", "mkdocs", "build", "--quiet"]
# The blog plugin takes about a minute at 1,000 articles here; one run is enough to show its slope.
SLOW_REFERENCE_RUNS_FROM = 1000


def categories() -> list[str]:
    """The allow-list our schema checks, so generated posts are valid for our build."""
    from site_src.settings import SiteSettings

    return list(SiteSettings().categories)


def prepare(root: Path, count: int, event_count: int = 0) -> dict[str, tuple[Path, list[str]]]:
    """Lay out the three sites with the same N articles; return each one's folder and command."""
    posts = articles.generate(count, categories=categories())
    dates = tuple(events.generate(event_count))
    return {
        "ours": (sites.our_site(root / "ours", posts, dates), [PYTHON, "build.py", "--no-cache"]),
        "plain pages": (sites.plain_site(root / "plain", posts, dates), MKDOCS),
        "material blog": (sites.blog_site(root / "blog", posts, categories(), dates), MKDOCS),
    }


def measure_size(
    count: int, runs: int, variants: tuple[str, ...] = VARIANTS, event_count: int = 0
) -> dict[str, Run]:
    """Build each variant `runs` times, interleaved so machine noise hits all of them alike."""
    env = python_env(NO_MKDOCS_2_WARNING="1")
    results: dict[str, list[Run]] = {name: [] for name in variants}
    with tempfile.TemporaryDirectory(prefix="sk-bench-build-") as tmp:
        layout = prepare(Path(tmp), count, event_count)
        for round_number in range(runs):
            for name in variants:
                slow = name == "material blog" and count >= SLOW_REFERENCE_RUNS_FROM
                if slow and round_number > 0:
                    continue
                root, command = layout[name]
                run = run_measured(command, root, env)
                if run.returncode != 0:
                    raise SystemExit(
                        f"{name} build of {count} articles failed:\n{run.output[-3000:]}"
                    )
                results[name].append(run)
    return {name: median_run(found) for name, found in results.items()}


def measure_warm(count: int, runs: int, event_count: int = 0) -> tuple[Run, Run]:
    """Our cold build once, then `runs` builds of the unchanged site (median): the warm build."""
    env = python_env(NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryDirectory(prefix="sk-bench-warm-") as tmp:
        root, _command = prepare(Path(tmp), count, event_count)["ours"]
        cold = run_measured([PYTHON, "build.py"], root, env)
        warm = [run_measured([PYTHON, "build.py"], root, env) for _ in range(runs)]
    for run in (cold, *warm):
        if run.returncode != 0:
            raise SystemExit(f"our build of {count} articles failed:\n{run.output[-3000:]}")
    if any("Website unverändert" not in run.output for run in warm):
        raise SystemExit("a build of the unchanged site did not reuse the last one")
    return cold, median_run(warm)


def warm_report(count: int, cold: Run, warm: Run) -> str:
    """The table and headline of --warm."""
    rows = [
        ["cold (first build, fills the cache)", f"{cold.seconds:.2f}", f"{cold.peak_mib:.0f}"],
        ["warm (unchanged, median)", f"{warm.seconds:.2f}", f"{warm.peak_mib:.0f}"],
    ]
    table = markdown_table(["build", "wall s", "peak RSS MiB"], rows)
    met = verdict(warm.seconds <= 2.0)
    headline = f"warm build at {count:,} = {warm.seconds:.2f} s (target <= 2 s: {met})"
    return f"{table}\n\nbuild_scaling: {headline}"


def profile(count: int, out: Path) -> None:
    """Profile our build at `count` articles with pyinstrument and save the text report."""
    env = python_env(NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryDirectory(prefix="sk-bench-profile-") as tmp:
        root, _command = prepare(Path(tmp), count)["ours"]
        command = [PYTHON, "-m", "pyinstrument", "-r", "text", "-o", str(out), "build.py"]
        run = run_measured(command, root, env)
        if run.returncode != 0:
            raise SystemExit(f"profiled build failed:\n{run.output[-3000:]}")
    print(f"profile of our build at {count} articles written to {out}")


def report(table: dict[int, dict[str, Run]], runs: int) -> str:
    """The Markdown table plus the headline line with both target ratios."""
    rows = []
    for count, by_variant in table.items():
        for name, run in by_variant.items():
            per_thousand = run.seconds / count * 1000
            rows.append(
                [count, name, f"{run.seconds:.2f}", f"{run.peak_mib:.0f}", f"{per_thousand:.1f}"]
            )
    header = ["N", "build", f"wall s (median of <= {runs})", "peak RSS MiB", "s per 1,000"]
    lines = [markdown_table(header, rows), ""]
    lines.append(headline(table))
    return "\n".join(lines)


def headline(table: dict[int, dict[str, Run]]) -> str:
    """One line with the ratios the issue sets targets for."""
    parts = []
    if 1000 in table and len(table[1000]) == len(VARIANTS):
        ratio = table[1000]["ours"].seconds / table[1000]["plain pages"].seconds
        blog = table[1000]["material blog"].seconds / table[1000]["ours"].seconds
        parts.append(f"ours/plain at 1,000 = {ratio:.2f}x (target <= 1.2: {verdict(ratio <= 1.2)})")
        parts.append(f"material blog is {blog:.1f}x slower than ours")
    if 1000 in table and 5000 in table:
        slope = table[5000]["ours"].seconds / table[1000]["ours"].seconds
        parts.append(f"ours 5,000/1,000 = {slope:.2f}x (target <= 5.5: {verdict(slope <= 5.5)})")
    if not parts:
        count, runs = max(table.items())
        ratios = [f"{name} {run.seconds:.1f} s" for name, run in runs.items()]
        parts.append(f"at {count} articles: " + ", ".join(ratios) + " (targets apply at 1,000)")
    return "build_scaling: " + "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also build 5,000 articles")
    parser.add_argument("--runs", type=int, default=3, help="runs per variant (median reported)")
    parser.add_argument("--sizes", default="100,1000", help="comma-separated article counts")
    parser.add_argument(
        "--variants",
        default=",".join(VARIANTS),
        help="comma-separated subset of: " + ", ".join(VARIANTS),
    )
    parser.add_argument("--events", type=int, default=0, help="dates added to every site")
    parser.add_argument("--profile", type=Path, help="profile our build at 1,000 into this file")
    parser.add_argument("--warm", action="store_true", help="time the warm build at 1,000")
    args = parser.parse_args(argv)
    if args.warm:
        print(warm_report(1000, *measure_warm(1000, args.runs, args.events)))
        return 0
    if args.profile:
        profile(1000, args.profile)
        return 0
    sizes = [int(size) for size in args.sizes.split(",")] + ([5000] if args.large else [])
    variants = tuple(name for name in VARIANTS if name in args.variants.split(","))
    table = {
        count: measure_size(count, args.runs if count < 5000 else 1, variants, args.events)
        for count in sizes
    }
    print(report(table, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
