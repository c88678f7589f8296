"""Check the front page's parts in a page's front matter, every error at its own line.

Links name content files relative to the page (`strategie/mobilitaet.md`), as Markdown links do,
so `check` can tell an editor which link leads nowhere before anything is built.
"""

from __future__ import annotations

import posixpath

from site_src.frontmatter import FrontMatter
from site_src.home.model import Hero, Link, Tile
from site_src.images.source import SUFFIXES as IMAGE_SUFFIXES
from site_src.images.variants import plan
from site_src.videos.fields import FieldChecker, KeyPath

HERO_KEYS = ("title", "text", "image", "image_alt", "link", "link_text")
TILE_KEYS = ("title", "icon", "text", "link")
CALL_KEYS = ("title", "quiz", "quiz_text", "quiz_link", "text", "link", "link_text")
VIDEO_KEYS = ("evening", "title", "text")
# The pictures a tile may show (drawn in site_src/templates/home/icons.html).
ICONS = ("bus", "haus", "blatt", "sprechblase", "kalender")
MAX_TILES = 6
# A tile says what a field is about in one sentence: about two lines on a phone.
TILE_TEXT_LIMIT = 160
HERO_TEXT_LIMIT = 300


class PageIndex:
    """Which content files a link may name, and the address each becomes."""

    def __init__(self, content) -> None:
        self.content = content
        self.generated = {page.src: page.url for page in content.generated}

    def url_of(self, target: str) -> str | None:
        """The published address of content/`target`, or None when nothing is published there."""
        if target in self.generated:
            return self.generated[target]
        if target in self.content.pages and target not in self.content.drafts:
            return self.content.page_url(target)
        return None

    def is_draft(self, target: str) -> bool:
        """A page that exists but is held back (draft or not yet due)."""
        return target in self.content.pages and target in self.content.drafts


def mapping(check: FieldChecker, meta: dict, key: str, allowed: tuple[str, ...]) -> dict | None:
    """The value under `key` as a mapping with known keys only, or None with an error."""
    value = meta.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        example = f"{key}:\n  {allowed[0]}: ..."
        check.error((key,), f"muss Angaben unter sich haben (eingerückt), z. B. '{example}'")
        return None
    check.unknown_keys(value, (key,), allowed)
    return value


def hero(check: FieldChecker, meta: dict, index: PageIndex, src: str) -> Hero | None:
    """The claim with its picture; `title` becomes the page's only main heading."""
    data = mapping(check, meta, "hero", HERO_KEYS)
    if data is None:
        return None
    title = check.text(data, ("hero", "title"), "Kassel wird smart")
    text = check.text(data, ("hero", "text"), "Ein Satz, worum es geht.")
    _limit(check, ("hero", "text"), text, HERO_TEXT_LIMIT)
    picture_src, alt = _picture(check, data)
    link = _optional_link(check, data, ("hero",), index, src)
    if title is None or text is None:
        return None
    picture = plan(check.content_dir / picture_src) if picture_src else None
    return Hero(title, text, picture, alt or "", link, picture_src)


def tiles(check: FieldChecker, meta: dict, index: PageIndex, src: str) -> tuple[Tile, ...]:
    """The fields of the strategy as tiles: icon, name, one sentence, link."""
    value = meta.get("tiles")
    if value is None:
        return ()
    if not isinstance(value, list) or not value or len(value) > MAX_TILES:
        check.error(
            ("tiles",),
            f"muss eine Liste mit 1 bis {MAX_TILES} Kacheln sein, je mit "
            "'- title: ...', 'icon: ...', 'text: ...' und 'link: ...'",
        )
        return ()
    found = []
    for number, item in enumerate(value):
        path: KeyPath = ("tiles", number)
        if not isinstance(item, dict):
            check.error(path, "muss eine Kachel mit title, icon, text und link sein")
            continue
        check.unknown_keys(item, path, TILE_KEYS)
        title = check.text(item, (*path, "title"), "Mobilität")
        text = check.text(item, (*path, "text"), "Ein Satz über das Handlungsfeld.")
        _limit(check, (*path, "text"), text, TILE_TEXT_LIMIT)
        icon = _icon(check, item, path)
        url = page_link(check, item, (*path, "link"), index, src)
        if title and text and icon and url is not None:
            found.append(Tile(title=title, icon=icon, text=text, url=url))
    return tuple(found)


def page_link(
    check: FieldChecker, data: dict, path: KeyPath, index: PageIndex, src: str
) -> str | None:
    """The address of the page a link names, or None with an error saying what is wrong."""
    value = check.text(data, path, "strategie/mobilitaet.md")
    if value is None:
        return None
    where = "Pfade gelten relativ zu dieser Datei, z. B. strategie/mobilitaet.md"
    if "://" in value or value.startswith("/") or not value.endswith(".md"):
        check.error(path, f"'{value}' muss eine Seite im Ordner content/ sein ({where})")
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(src), value))
    url = index.url_of(target)
    if url is None:
        reason = "ist ein Entwurf oder erscheint erst später" if index.is_draft(target) else None
        check.error(path, f"'{value}' {reason or f'nicht gefunden ({where})'}")
    return url


def _optional_link(
    check: FieldChecker, data: dict, path: KeyPath, index: PageIndex, src: str
) -> Link | None:
    if data.get("link") is None and data.get("link_text") is None:
        return None
    url = page_link(check, data, (*path, "link"), index, src)
    text = check.text(data, (*path, "link_text"), "Mehr erfahren")
    return Link(text=text, url=url) if url is not None and text else None


def _picture(check: FieldChecker, data: dict) -> tuple[str | None, str | None]:
    """The hero picture's path inside content/ and its description."""
    if data.get("image") is None:
        if data.get("image_alt") is not None:
            check.error(("hero", "image"), "fehlt: image_alt beschreibt ein Bild, das hier fehlt")
        return None, None
    image = check.text(data, ("hero", "image"), "bilder/startseite.png")
    alt = check.text(data, ("hero", "image_alt"), "Was auf dem Bild zu sehen ist.")
    target = check.file(("hero", "image"), image, IMAGE_SUFFIXES) if image else None
    if target is None or alt is None:
        return None, None
    return check.content_path(target), alt


def _icon(check: FieldChecker, item: dict, path: KeyPath) -> str | None:
    icon = check.text(item, (*path, "icon"), "bus")
    if icon is not None and icon not in ICONS:
        check.error((*path, "icon"), f"'{icon}' gibt es nicht; erlaubt sind: {', '.join(ICONS)}")
        return None
    return icon


def _limit(check: FieldChecker, path: KeyPath, text: str | None, limit: int) -> None:
    if text is not None and len(text) > limit:
        check.error(
            path, f"ist {len(text)} Zeichen lang, höchstens {limit} passen; kürzen Sie den Text"
        )


def body_heading_line(fm: FrontMatter) -> int | None:
    """The line of a '# ' heading in the body: with a hero, the hero's title is the heading."""
    for offset, line in enumerate(fm.body.splitlines()):
        if line.startswith("# "):
            return fm.body_line + offset
    return None
