#!/usr/bin/env python3
"""Command line for editors and CI: check content, build the site, preview it, start an article.

Exit codes: 0 success, 1 content errors (or the build stopped), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from site_src import mkdocs_adapter, pipeline, preview_server  # noqa: E402
from site_src.errors import ContentError, ContentErrors  # noqa: E402
from site_src.german_cli import GermanArgumentParser  # noqa: E402
from site_src.mkdocs_preview import PreviewSite  # noqa: E402
from site_src.scaffold import ScaffoldError, new_news  # noqa: E402

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    overrides = {"docs_dir": str(Path(args.content).resolve())} if args.content else {}
    command = args.command or "build"
    if command == "new":
        return _new(args)
    if command == "check":
        _content, errors = mkdocs_adapter.read_content(args.config, **overrides)
        if errors:
            return _report(errors)
        print("Inhalte in Ordnung: keine Fehler gefunden.")
        return EXIT_OK
    if command == "serve":
        return _serve(args, overrides)
    try:
        summary = pipeline.build(args.config, Path(args.site), overrides.get("docs_dir"))
    except ContentErrors as exc:
        return _report(exc.errors)
    except mkdocs_adapter.BuildAborted as exc:
        print(
            f"Build abgebrochen: {exc}. Die Warnungen darüber nennen die Ursache.", file=sys.stderr
        )
        print("site/ wurde nicht verändert.", file=sys.stderr)
        return EXIT_CONTENT
    print(summary)
    return EXIT_OK


def _serve(args: argparse.Namespace, overrides: dict[str, str]) -> int:
    """Build into a temporary folder once, then re-render only what each saved edit changes."""
    with tempfile.TemporaryDirectory(prefix="smart-kassel-preview-") as folder:
        site = PreviewSite(args.config, Path(folder), **overrides)
        try:
            preview_server.serve(site, args.host, args.port)
        except ContentErrors as exc:
            return _report(exc.errors)
        except mkdocs_adapter.BuildAborted as exc:
            message = f"Vorschau abgebrochen: {exc}. Die Warnungen darüber nennen die Ursache."
            print(message, file=sys.stderr)
            return EXIT_CONTENT
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    content = Path(args.content) if args.content else ROOT / "content"
    try:
        path = new_news(content, args.title)
    except ScaffoldError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    print(f"Neue Meldung angelegt: {path}")
    return EXIT_OK


def _report(errors: list[ContentError]) -> int:
    for error in errors:
        print(error, file=sys.stderr)
    count = "1 Fehler" if len(errors) == 1 else f"{len(errors)} Fehler"
    print(f"{count} in den Inhalten; nichts wurde geschrieben.", file=sys.stderr)
    return EXIT_CONTENT


def _parser() -> argparse.ArgumentParser:
    parser = GermanArgumentParser(
        prog="build.py",
        description="Smart Kassel: Inhalte prüfen, Website bauen, Vorschau, neue Meldung.",
        epilog="Exit-Codes: 0 in Ordnung, 1 Fehler in den Inhalten, 2 falscher Aufruf.",
    )
    parser.add_argument(
        "--config", default=str(ROOT / "mkdocs.yml"), metavar="DATEI", help="mkdocs.yml"
    )
    parser.add_argument("--content", metavar="ORDNER", help="Inhaltsordner (Standard: content/)")
    parser.add_argument(
        "--site", default=str(ROOT / "site"), metavar="ORDNER", help="Zielordner (Standard: site/)"
    )
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL", title="Befehle")
    commands.add_parser("build", help="Inhalte prüfen und Website nach site/ bauen (Standard)")
    commands.add_parser("check", help="nur Inhalte prüfen, nichts schreiben")
    serve = commands.add_parser("serve", help="Vorschau mit automatischem Neuladen")
    serve.add_argument("--host", default="127.0.0.1", metavar="ADRESSE", help="Standard: 127.0.0.1")
    serve.add_argument("--port", type=int, default=8001, metavar="PORT", help="Standard: 8001")
    new = commands.add_parser("new", help='neuen Inhalt anlegen: new news "Titel"')
    new.add_argument("kind", choices=["news"], metavar="ART", help="Art des Inhalts: news")
    new.add_argument("title", metavar="TITEL", help="Titel der Meldung")
    return parser


if __name__ == "__main__":
    sys.exit(main())
