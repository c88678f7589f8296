"""Build into a temporary folder and swap it into place, so site/ is never half-written."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from site_src import build_cache, review

_DOCS_DIR = re.compile(r"^docs_dir:\s*[\"']?([^\"'#\s]+)", re.MULTILINE)


@dataclass(frozen=True)
class BuildSummary:
    """What a build produced, for the one-line report."""

    pages: int
    articles: int
    seconds: float
    reused: bool = False

    def __str__(self) -> str:
        if self.reused:
            return (
                f"Website unverändert: {self.pages} Seiten, {self.articles} Meldungen "
                f"aus dem letzten Bau übernommen und geprüft in {self.seconds:.1f} s"
            )
        return (
            f"Website gebaut: {self.pages} Seiten, {self.articles} Meldungen "
            f"in {self.seconds:.1f} s"
        )


def build(
    config_file: str, site_dir: Path, docs_dir: str | None = None, cache_dir: Path | None = None
) -> BuildSummary:
    """Validate and build into `site_dir`; on any error `site_dir` stays as it was.

    With a `cache_dir`, a build whose every input equals an earlier one's restores that output.
    """
    started = time.perf_counter()
    site_dir = site_dir.resolve()
    key = _cache_key(config_file, docs_dir) if cache_dir else None
    if key:
        reused = build_cache.restore(site_dir, key, cache_dir, dt.datetime.now(dt.UTC))
        if reused:
            if reused.repaired:
                make_world_readable(site_dir)
            seconds = time.perf_counter() - started
            return BuildSummary(reused.pages, reused.articles, seconds, reused=True)
    # Imported only now: the engine takes most of a second to load, a warm build less in all.
    from site_src import admin_csp, csp, mkdocs_adapter

    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    overrides = {"site_dir": str(staging)}
    if docs_dir:
        overrides["docs_dir"] = docs_dir
    try:
        built = mkdocs_adapter.build_site(config_file, **overrides)
        include = csp.write_nginx_include(staging)
        admin_csp.write_admin_include(staging, os.environ)
        if review.review_branch():
            with include.open("a", encoding="utf-8") as headers:
                headers.write(review.NGINX_HEADER)
        make_world_readable(staging)
        _swap(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if key:
        build_cache.store(site_dir, key, cache_dir, built)
    return BuildSummary(built.pages, built.articles, time.perf_counter() - started)


def _cache_key(config_file: str, docs_dir: str | None) -> str | None:
    config = Path(config_file).resolve()
    if docs_dir is None:
        named = _DOCS_DIR.search(config.read_text(encoding="utf-8"))
        docs_dir = named.group(1) if named else "docs"
    return build_cache.input_key(config, config.parent / docs_dir)


def make_world_readable(root: Path) -> None:
    """Let any web server user read the output, whatever the builder's umask.

    The staging folder comes from mkdtemp (mode 0700), and a strict umask (077) makes every file
    private too; nginx's workers run as another user (www-data) and would answer 403 or 404.
    """
    root.chmod(root.stat().st_mode | 0o755)
    for folder, subfolders, files in os.walk(root):
        for name in subfolders:
            path = Path(folder, name)
            path.chmod(path.stat().st_mode | 0o755)
        for name in files:
            path = Path(folder, name)
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o644)


def _swap(new: Path, target: Path) -> None:
    """Replace `target` by `new` with two renames; the old tree is deleted afterwards."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    new.rename(target)
    if old:
        shutil.rmtree(old, ignore_errors=True)
