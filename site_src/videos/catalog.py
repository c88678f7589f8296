"""Load every evening under content/videos/ and say which content files the pages replace."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from site_src import frontmatter
from site_src.errors import ContentError
from site_src.videos.model import Evening
from site_src.videos.schema import read_evening

VIDEOS_DIR = "videos"
INDEX_FILE = "index.md"
INDEX_KEYS = ("title", "description")


@dataclass
class Catalog:
    """All valid evenings (newest first), the list page's own text, and every error found."""

    evenings: list[Evening] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)
    index_meta: dict = field(default_factory=dict)
    index_intro: str = ""


def load_catalog(content_dir: Path) -> Catalog:
    """Read and check every evening; collect all errors so editors fix them in one round."""
    catalog = Catalog()
    for path in _evening_files(content_dir):
        evening, errors = read_evening(path, content_dir)
        catalog.errors.extend(errors)
        if evening is not None and evening.recordings:  # an evening of drafts only stays away
            catalog.evenings.append(evening)
    catalog.evenings.sort(key=lambda evening: (evening.date, evening.slug), reverse=True)
    _read_index(content_dir, catalog)
    return catalog


def replaced_sources(content_dir: Path) -> set[str]:
    """Content files (relative to content/) that become generated pages or page parts, not pages."""
    folder = content_dir / VIDEOS_DIR
    if not folder.is_dir():
        return set()
    return {
        path.relative_to(content_dir).as_posix() for path in folder.rglob("*.md") if path.is_file()
    }


def _evening_files(content_dir: Path) -> list[Path]:
    """The evenings' Markdown files: every .md directly in content/videos/ except the index."""
    folder = content_dir / VIDEOS_DIR
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.md") if path.name != INDEX_FILE)


def _read_index(content_dir: Path, catalog: Catalog) -> None:
    """Take the optional intro of /videos/ from content/videos/index.md."""
    path = content_dir / VIDEOS_DIR / INDEX_FILE
    if not path.is_file():
        return
    try:
        page = frontmatter.read(path, content_dir)
    except frontmatter.FrontMatterError as exc:
        catalog.errors.append(exc.error)
        return
    for key in page.meta:
        if key not in INDEX_KEYS:
            message = (
                f"unbekannter Schlüssel; erlaubt sind {', '.join(INDEX_KEYS)} (Schreibweise prüfen)"
            )
            catalog.errors.append(ContentError(page.path, page.line_of(key), key, message))
    catalog.index_meta = {key: page.meta[key] for key in INDEX_KEYS if key in page.meta}
    catalog.index_intro = page.body
