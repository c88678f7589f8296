"""Find one URL per page type in a built site, so every kind of page gets checked."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

# Page types with a fixed address (DESIGN.md's site table).
FIXED = {
    "home": "/",
    "news-index": "/aktuelles/",
    "strategy": "/strategie/mobilitaet/",
    "videos-index": "/videos/",
    "quiz": "/mitmachen/quiz/",
    "contact": "/kontakt/",
    "impressum": "/impressum/",
    "datenschutz": "/datenschutz/",
    "barrierefreiheit": "/barrierefreiheit/",
    "leichte-sprache": "/leichte-sprache/",
    "events-index": "/termine/",
    "events-archive": "/termine/archiv/",
    "events-district": "/termine/stadtteil/mitte/",
    "events-topic": "/termine/thema/mobilitaet/",
    "open-data": "/offene-daten/",
    "buergerrat": "/mitmachen/buergerrat/",
    "buergerrat-form": "/mitmachen/buergerrat/interesse/",
    "buergerrat-leichte-sprache": "/mitmachen/buergerrat/leichte-sprache/",
}
CATEGORY_DIRS = ("category", "kategorie", "kategorien", "themen")
ARCHIVE_DIRS = ("archive", "archiv")


class MissingPage(Exception):
    """A page type the site does not (yet) have; the message says what was looked for."""


def find_pages(site_dir: Path) -> dict[str, str | MissingPage]:
    """Map every URL-addressable page type to a site path, or to why none was found."""
    finders = {name: (lambda path=path: _existing(site_dir, path)) for name, path in FIXED.items()}
    finders |= {
        "article": lambda: _first_article(site_dir),
        "category": lambda: _first_below(site_dir, "aktuelles", CATEGORY_DIRS, depth=1),
        "archive": lambda: _first_below(site_dir, "aktuelles", ARCHIVE_DIRS, depth=1),
        "evening": lambda: _first_video_page(site_dir, depth=1),
        "recording": lambda: _first_video_page(site_dir, depth=2),
        "event": lambda: _first_event(site_dir),
    }
    found: dict[str, str | MissingPage] = {}
    for name, finder in finders.items():
        try:
            found[name] = finder()
        except MissingPage as missing:
            found[name] = missing
    return found


def _existing(site_dir: Path, path: str) -> str:
    if not (site_dir / path.lstrip("/") / "index.html").is_file():
        raise MissingPage(f"no page at {path}")
    return path


def _first_article(site_dir: Path) -> str:
    """Take the newest article from the news feed, the one place that lists articles by contract."""
    feed = site_dir / "aktuelles" / "feed.xml"
    if not feed.is_file():
        raise MissingPage("no /aktuelles/feed.xml to find an article in")
    root = ET.parse(feed).getroot()
    links = [
        element.get("href") or (element.text or "")
        for element in root.iter()
        if element.tag.rsplit("}", 1)[-1] == "link"
        and element.get("rel", "alternate") == "alternate"
    ]
    for link in links:
        path = urlsplit(link.strip()).path
        if path.startswith("/aktuelles/") and path != "/aktuelles/":
            return _existing(site_dir, path)
    raise MissingPage("the news feed links no article under /aktuelles/")


def _first_event(site_dir: Path) -> str:
    """Take the first date from the open-data document, which lists every date by contract."""
    document = site_dir / "api" / "v1" / "termine.json"
    if not document.is_file():
        raise MissingPage("no /api/v1/termine.json to find a date in")
    for item in json.loads(document.read_text(encoding="utf-8"))["items"]:
        return _existing(site_dir, urlsplit(item["url"]).path)
    raise MissingPage("/api/v1/termine.json lists no date")


def _first_below(site_dir: Path, section: str, names: tuple[str, ...], depth: int) -> str:
    for name in names:
        base = site_dir / section / name
        pages = sorted(base.glob("/".join(["*"] * depth) + "/index.html"))
        if pages:
            return "/" + pages[0].parent.relative_to(site_dir).as_posix() + "/"
    raise MissingPage(f"no page under /{section}/{{{','.join(names)}}}/")


def _first_video_page(site_dir: Path, depth: int) -> str:
    pages = sorted((site_dir / "videos").glob("/".join(["*"] * depth) + "/index.html"))
    pages = [page for page in pages if "assets" not in page.parts]
    if not pages:
        kind = "evening" if depth == 1 else "recording"
        raise MissingPage(f"no {kind} page under /videos/" + "<slug>/" * depth)
    return "/" + pages[0].parent.relative_to(site_dir).as_posix() + "/"
