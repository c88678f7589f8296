"""Build the real content plus test dates once, as of a fixed moment, and parse what came out."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from site_src import pipeline

REPO = Path(__file__).resolve().parents[2]
CONFIG = str(REPO / "mkdocs.yml")
FIXTURES = Path(__file__).with_name("fixtures")
# The day the quiz was open (as `make run` and the quality checks use).
NOW = "2021-06-20T12:00:00+02:00"


@dataclass(frozen=True)
class Site:
    """A built site with helpers to read its pages and files."""

    root: Path
    content: Path

    def page(self, url: str) -> LexborHTMLParser:
        """Parse the page at a site URL such as /termine/."""
        path = self.root / url.lstrip("/")
        if url.endswith("/"):
            path = path / "index.html"
        return LexborHTMLParser(path.read_text(encoding="utf-8"))

    def text(self, url: str) -> str:
        """The text of a file at a site URL."""
        return (self.root / url.lstrip("/")).read_text(encoding="utf-8")

    def json(self, url: str) -> dict:
        """A JSON document of the site."""
        return json.loads(self.text(url))

    def event_data(self, url: str) -> dict:
        """The schema.org Event of a date's page."""
        for node in self.page(url).css("script[type='application/ld+json']"):
            data = json.loads(node.text())
            if data.get("@type") == "Event":
                return data
        raise AssertionError(f"{url} has no Event JSON-LD")


def build_at(content: Path, site_dir: Path, now: str) -> Site:
    """Build `content` into `site_dir` with the build's clock set to `now`."""
    previous = os.environ.get("FORMS_PREVIEW_NOW")
    os.environ["FORMS_PREVIEW_NOW"] = now
    try:
        pipeline.build(CONFIG, site_dir, str(content))
    finally:
        if previous is None:
            del os.environ["FORMS_PREVIEW_NOW"]
        else:
            os.environ["FORMS_PREVIEW_NOW"] = previous
    return Site(site_dir, content)


def content_with_fixtures(folder: Path) -> Path:
    """A copy of content/ with the test dates added next to the sample ones."""
    content = folder / "content"
    shutil.copytree(REPO / "content", content)
    for path in FIXTURES.glob("*.md"):
        shutil.copy(path, content / "termine" / path.name)
    for path in (FIXTURES / "forms").glob("*.yml"):
        shutil.copy(path, content / "forms" / path.name)
    return content


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The real content plus the test dates, built as of 20 June 2021."""
    folder = tmp_path_factory.mktemp("termine")
    return build_at(content_with_fixtures(folder), folder / "site", NOW)


@pytest.fixture
def content_copy(tmp_path: Path) -> Iterator[Path]:
    """A private copy of content/ a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(REPO / "content", copy)
    yield copy
