"""The build step for videos: check content/videos/ and add its generated pages to the content."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from site_src.errors import ContentError
from site_src.settings import SiteSettings
from site_src.videos.catalog import load_catalog, replaced_sources
from site_src.videos.pages import poster_pictures, video_pages


class _Content(Protocol):
    """What this step needs from the build's content model (site_src.content.Content)."""

    root: object
    drafts: set[str]
    generated: list
    pictures: dict


def add_videos(content: _Content, settings: SiteSettings) -> list[ContentError]:
    """Return every video error; without errors, add the video pages in place of their sources."""
    catalog = load_catalog(content.root)
    if catalog.errors:
        return catalog.errors
    pictures = poster_pictures(catalog, Path(str(content.root)))
    content.pictures.update(pictures)
    pages = video_pages(catalog, content.root, settings.site_url, pictures)
    generated = {page.src for page in pages}
    # Transcripts and replaced evening files are parts of generated pages, never pages of their own.
    content.drafts.update(replaced_sources(content.root) - generated)
    content.generated.extend(pages)
    return []
