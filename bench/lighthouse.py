"""Lighthouse scores (mobile) for the home page, an article, the quiz and an evening's videos.

Builds the real content, serves it with the form service on a loopback port and runs the npm
`lighthouse` CLI against /usr/bin/chromium. Prints a Markdown table; exits 1 when a score
misses its target (accessibility, best practices, SEO 100; performance 98).

    .venv/bin/python bench/lighthouse.py [--keep-reports DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from site_src.quality.pages import MissingPage, find_pages  # noqa: E402
from site_src.quality.serving import serving, static_app  # noqa: E402

LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"
PAGES = {"Startseite": "home", "Meldung": "article", "Quiz": "quiz", "Videoabend": "evening"}
CATEGORIES = {
    "performance": 98,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
}
PREVIEW_NOW = "2021-06-20T12:00:00+02:00"


def main(argv: list[str] | None = None) -> int:
    """Build, serve, audit every page and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep-reports", type=Path, help="write the JSON reports here")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print(f"{LIGHTHOUSE} is missing: run `npm ci`", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        site = Path(tmp) / "site"
        _build(site)
        pages = find_pages(site)
        reports = args.keep_reports or Path(tmp) / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        with serving(static_app(site, _form_service(Path(tmp)))) as base_url:
            rows = [_audit(label, pages[kind], base_url, reports) for label, kind in PAGES.items()]
    print(_table(rows))
    missed = [row for row in rows if row[2] or any(s < CATEGORIES[c] for c, s in row[3].items())]
    return 1 if missed else 0


def _build(site: Path) -> None:
    environment = os.environ | {"FORMS_PREVIEW_NOW": PREVIEW_NOW}
    command = [sys.executable, "build.py", "--site", str(site), "build"]
    subprocess.run(command, cwd=REPO, env=environment, check=True, capture_output=True)


def _form_service(tmp: Path):
    """The real service (debug mode for the preview clock), so the quiz page talks to it."""
    from forms import create_app

    database = tmp / "forms.sqlite3"
    return create_app(
        {
            "DEBUG": True,
            "SECRET_KEY": "lighthouse-bench",
            "DATABASE_URL": f"sqlite:///{database}",
            "FORMS_PREVIEW_NOW": PREVIEW_NOW,
        }
    )


def _audit(label: str, path, base_url: str, reports: Path) -> tuple:
    """Run Lighthouse once for one page; return (label, path, problem, scores)."""
    if isinstance(path, MissingPage):
        return label, "-", str(path), {}
    output = reports / f"{label.lower()}.json"
    command = [
        str(LIGHTHOUSE),
        base_url + path,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--only-categories=" + ",".join(CATEGORIES),
    ]
    result = subprocess.run(
        command, env=os.environ | {"CHROME_PATH": CHROME}, capture_output=True, text=True
    )
    if result.returncode != 0 or not output.exists():
        return label, path, f"lighthouse failed: {result.stderr.strip()[-300:]}", {}
    report = json.loads(output.read_text(encoding="utf-8"))
    scores = {name: round((report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    return label, path, "", scores


def _table(rows: list[tuple]) -> str:
    header = ["Seite", "Pfad", *CATEGORIES]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for label, path, problem, scores in rows:
        cells = (
            [problem] * len(CATEGORIES)
            if problem
            else [
                f"{scores[name]}" + ("" if scores[name] >= target else f" (< {target})")
                for name, target in CATEGORIES.items()
            ]
        )
        lines.append("| " + " | ".join([label, f"`{path}`", *cells]) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
