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

# Only what every command needs: a build of an unchanged site takes well under a second in
# all, so the engine (mkdocs, the preview, the scaffold) is imported by the commands using it.
from site_src import pipeline, staged  # noqa: E402
from site_src.errors import BuildAborted, ContentError, ContentErrors  # noqa: E402
from site_src.german_cli import GermanArgumentParser  # noqa: E402

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code."""
    args = _parser().parse_args(argv)
    if args.as_of:
        from site_src.clock import AS_OF_VARIABLE, parse_as_of

        try:
            parse_as_of(args.as_of)
        except ValueError as exc:
            print(f"--as-of: {exc}", file=sys.stderr)
            return EXIT_USAGE
        # The build reads the clock from the environment, as CI and `make` set it.
        os.environ[AS_OF_VARIABLE] = args.as_of
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    overrides = {"docs_dir": str(Path(args.content).resolve())} if args.content else {}
    command = args.command or "build"
    if command == "new":
        return _new(args)
    if command == "check":
        if args.if_removed and not staged.removed_content(Path.cwd()):
            return EXIT_OK
        from site_src import mkdocs_adapter

        only = _content_paths(args.files, overrides) if args.files else None
        _content, errors = mkdocs_adapter.read_content(args.config, only, **overrides)
        if errors:
            return _report(errors)
        print("Inhalte in Ordnung: keine Fehler gefunden.")
        return EXIT_OK
    if command == "serve":
        return _serve(args, overrides)
    try:
        cache = None if args.no_cache else Path(args.cache_dir)
        summary = pipeline.build(args.config, Path(args.site), overrides.get("docs_dir"), cache)
    except ContentErrors as exc:
        return _report(exc.errors)
    except BuildAborted as exc:
        print(
            f"Build abgebrochen: {exc}. Die Warnungen darüber nennen die Ursache.", file=sys.stderr
        )
        print("site/ wurde nicht verändert.", file=sys.stderr)
        return EXIT_CONTENT
    print(summary)
    return EXIT_OK


def _serve(args: argparse.Namespace, overrides: dict[str, str]) -> int:
    """Build into a temporary folder once, then re-render only what each saved edit changes."""
    from site_src import preview_server
    from site_src.mkdocs_preview import PreviewSite

    with tempfile.TemporaryDirectory(prefix="smart-kassel-preview-") as folder:
        site = PreviewSite(args.config, Path(folder), **overrides)
        try:
            preview_server.serve(site, args.host, args.port)
        except ContentErrors as exc:
            return _report(exc.errors)
        except BuildAborted as exc:
            message = f"Vorschau abgebrochen: {exc}. Die Warnungen darüber nennen die Ursache."
            print(message, file=sys.stderr)
            return EXIT_CONTENT
    return EXIT_OK


def _content_paths(files: list[str], overrides: dict[str, str]) -> set[str]:
    """Paths relative to content/ of the named files (a commit hook names the changed ones)."""
    root = Path(overrides.get("docs_dir") or ROOT / "content").resolve()
    found = set()
    for name in files:
        path = Path(name).resolve()
        if path.is_relative_to(root):
            found.add(path.relative_to(root).as_posix())
    return found


def _new(args: argparse.Namespace) -> int:
    from site_src.scaffold import ScaffoldError, new_news

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
    _add_places(parser, suppress=False)
    _add_as_of(parser, default=None)
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="alles neu bauen, auch wenn sich seit dem letzten Bau nichts geändert hat",
    )
    parser.add_argument(
        "--cache-dir",
        default=str(ROOT / ".cache" / "build"),
        metavar="ORDNER",
        help="wo fertige Bauten zum Wiederverwenden liegen (Standard: .cache/build/)",
    )
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL", title="Befehle")
    build = commands.add_parser("build", help="Inhalte prüfen und nach site/ bauen (Standard)")
    check = commands.add_parser("check", help="nur Inhalte prüfen, nichts schreiben")
    serve = commands.add_parser("serve", help="Vorschau mit automatischem Neuladen")
    check.add_argument(
        "files", nargs="*", metavar="DATEI", help="nur diese Dateien prüfen (für den Commit-Hook)"
    )
    check.add_argument(
        "--if-removed",
        action="store_true",
        help="alles prüfen, aber nur, wenn der Commit Inhalte löscht oder umbenennt (Commit-Hook)",
    )
    for command in (build, check, serve):
        _add_as_of(command, default=argparse.SUPPRESS)
        _add_places(command, suppress=True)
    serve.add_argument("--host", default="127.0.0.1", metavar="ADRESSE", help="Standard: 127.0.0.1")
    serve.add_argument("--port", type=int, default=8001, metavar="PORT", help="Standard: 8001")
    new = commands.add_parser("new", help='neuen Inhalt anlegen: new news "Titel"')
    new.add_argument("kind", choices=["news"], metavar="ART", help="Art des Inhalts: news")
    new.add_argument("title", metavar="TITEL", help="Titel der Meldung")
    return parser


def _add_places(parser: argparse.ArgumentParser, suppress: bool) -> None:
    """--config, --content and --site, before or after the command (`check --content DIR`)."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value  # keeps a value given before

    parser.add_argument(
        "--config", default=default(str(ROOT / "mkdocs.yml")), metavar="DATEI", help="mkdocs.yml"
    )
    parser.add_argument(
        "--content",
        default=default(None),
        metavar="ORDNER",
        help="Inhaltsordner (Standard: content/)",
    )
    parser.add_argument(
        "--site",
        default=default(str(ROOT / "site")),
        metavar="ORDNER",
        help="Zielordner (Standard: site/)",
    )


def _add_as_of(parser: argparse.ArgumentParser, default: object) -> None:
    # SUPPRESS on the subcommands keeps a value given before the subcommand.
    parser.add_argument(
        "--as-of",
        metavar="TAG",
        default=default,
        help="die Website, wie sie an diesem Tag aussieht (JJJJ-MM-TT; setzt SITE_AS_OF)",
    )


if __name__ == "__main__":
    sys.exit(main())
