"""Build the real content once per session, and give tests parsed pages and a bad-content runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from site_src import pipeline

REPO = Path(__file__).resolve().parents[2]
CONFIG = str(REPO / "mkdocs.yml")


@dataclass(frozen=True)
class BuiltSite:
    """The output folder of one build and the summary build.py printed for it."""

    root: Path
    summary: pipeline.BuildSummary

    def page(self, url: str) -> LexborHTMLParser:
        """Parse the page at a site URL such as /aktuelles/."""
        path = self.root / url.lstrip("/")
        if url.endswith("/"):
            path = path / "index.html"
        return LexborHTMLParser(path.read_text(encoding="utf-8"))

    def html_files(self) -> list[Path]:
        """Every HTML page of the site (not /admin/: the CMS is an app, tested on its own)."""
        admin = self.root / "admin"
        return sorted(path for path in self.root.rglob("*.html") if not path.is_relative_to(admin))


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The real content, built with the function build.py uses."""
    root = tmp_path_factory.mktemp("build") / "site"
    summary = pipeline.build(CONFIG, root)
    return BuiltSite(root, summary)


@dataclass(frozen=True)
class Run:
    """The result of `build.py` on a copy of content/."""

    code: int
    stdout: str
    stderr: str
    site: Path
    content: Path


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A private copy of content/ a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(REPO / "content", copy)
    return copy


@pytest.fixture
def run_build(tmp_path: Path, content_copy: Path) -> Callable[..., Run]:
    """Run build.py as an editor would, on the copy, into a site/ that already holds a build."""
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("previous build", encoding="utf-8")

    def run(*args: str, umask: int | None = None) -> Run:
        command = [sys.executable, str(REPO / "build.py"), "--content", str(content_copy)]
        command += ["--site", str(site_dir), *args]
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=300,
            preexec_fn=None if umask is None else lambda: os.umask(umask),
        )
        return Run(done.returncode, done.stdout, done.stderr, site_dir, content_copy)

    return run
