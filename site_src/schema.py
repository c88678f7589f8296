"""Front-matter schemas declared as data: which keys each content type takes and how to fix them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from site_src.errors import ContentError
from site_src.frontmatter import FrontMatter
from site_src.settings import FOCUS_AREAS, SiteSettings

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HIDE_VALUES = ("navigation", "toc", "footer", "path")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")  # what Pillow reads and converts
COUNT_RANGE = (1, 20)


@dataclass(frozen=True)
class ItemProblem:
    """A problem with one entry of a list, so the error can point at that entry's line."""

    index: int
    message: str


@dataclass(frozen=True)
class Field:
    """One front-matter key: its kind, whether it is required, and a hint an editor can act on."""

    kind: str
    required: bool = False
    hint: str = ""
    needs: str | None = None


NEWS = {
    "date": Field(
        "date", True, "tragen Sie den Tag der Veröffentlichung ein, z. B. date: 2021-06-18"
    ),
    "title": Field("text"),
    "description": Field(
        "text", True, "ergänzen Sie einen Satz als Anreißer, z. B. description: Worum es geht."
    ),
    "categories": Field("categories"),
    "slug": Field("slug"),
    "image": Field("image", needs="image_alt"),
    "image_alt": Field("text"),
    "draft": Field("bool"),
    "pinned": Field("bool"),
}

PAGE = {
    "title": Field("text"),
    "description": Field("text"),
    "form": Field("slug"),
    "latest_news": Field("count"),
    "news_category": Field("category"),
    "next_events": Field("count"),
    "events_focus": Field("focus"),
    "hide": Field("hide"),
    "image": Field("image", needs="image_alt"),
    "image_alt": Field("text"),
    "line_breaks": Field("bool"),
}


# The home page (content/index.md) takes the front page's parts besides a page's keys; their
# nested fields are checked by site_src/home/ (each error at its own line).
HOME_PAGE = "index.md"
HOME = PAGE | {
    "hero": Field("part"),
    "tiles": Field("part"),
    "mitmachen": Field("part"),
    "video": Field("part"),
}


@dataclass(frozen=True)
class ContentType:
    """A kind of content editors write in the browser (site_src/cms.py makes a collection of it).

    `folder` is relative to content/. With `fixed_pages` the CMS edits the pages that exist
    there and creates none (the navigation in mkdocs.yml lists them by hand).
    """

    name: str
    label: str
    label_singular: str
    folder: str
    spec: dict[str, Field]
    fixed_pages: bool = False
    # Fields the CMS asks for although `check` accepts a substitute (a news title: or an H1).
    cms_required: tuple[str, ...] = ()


# Every content type the browser editor offers; a new type added here appears there by itself.
CONTENT_TYPES: list[ContentType] = [
    ContentType(
        "aktuelles", "Aktuelles", "Meldung", "aktuelles/posts", NEWS, cms_required=("title",)
    ),
    ContentType("strategie", "Strategie", "Strategieseite", "strategie", PAGE, fixed_pages=True),
]


def parse_date(value: object) -> dt.date | None:
    """Read YYYY-MM-DD (or an ISO date-time) as a date, or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        if len(value) == 10:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value).date()
    except ValueError:
        return None


def check(fm: FrontMatter, spec: dict[str, Field], settings: SiteSettings) -> list[ContentError]:
    """Check one file's front matter against `spec`; return every problem, never stop at one."""
    errors = []
    for key in fm.meta:
        if key not in spec:
            allowed = ", ".join(sorted(spec))
            message = f"unbekannter Schlüssel; erlaubt sind {allowed} (Schreibweise prüfen)"
            errors.append(ContentError(fm.path, fm.line_of(key), str(key), message))
    for key, field in spec.items():
        value = fm.meta.get(key)
        if value is None:
            if field.required:
                message = f"fehlt, ist aber Pflicht; {field.hint}"
                errors.append(ContentError(fm.path, fm.line_of(key), key, message))
            continue
        problem = _CHECKERS[field.kind](value, fm, settings)
        if isinstance(problem, ItemProblem):
            line = fm.line_of_item(key, problem.index)
            errors.append(ContentError(fm.path, line, key, problem.message))
        elif problem:
            errors.append(ContentError(fm.path, fm.line_of(key), key, problem))
        if field.needs and not fm.meta.get(field.needs):
            message = f"ist Pflicht, wenn '{key}' gesetzt ist; beschreiben Sie, was das Bild zeigt"
            errors.append(ContentError(fm.path, fm.line_of(key), field.needs, message))
    return errors


def _check_text(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "muss ein Text sein; mit Doppelpunkt darin setzen Sie ihn in Anführungszeichen"
    return None


def _check_date(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if parse_date(value) is None:
        return f"'{value}' ist kein gültiges Datum; schreiben Sie JJJJ-MM-TT, z. B. 2021-06-18"
    return None


def _check_category(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if value not in settings.categories:
        allowed = ", ".join(settings.categories)
        return f"'{value}' ist keine erlaubte Kategorie; erlaubt sind: {allowed}"
    return None


def _check_categories(
    value: object, fm: FrontMatter, settings: SiteSettings
) -> str | ItemProblem | None:
    if not isinstance(value, list):
        return "muss eine Liste sein, z. B. categories: [Mobilität, Beteiligung]"
    for index, item in enumerate(value):
        problem = _check_category(item, fm, settings)
        if problem:
            return ItemProblem(index, problem)
    return None


def _check_slug(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if not isinstance(value, str) or not SLUG.match(value):
        return f"'{value}' ist kein gültiger Slug; nur Kleinbuchstaben, Ziffern und Bindestriche"
    return None


def _check_bool(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    return None if isinstance(value, bool) else "muss true oder false sein"


def _check_count(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    low, high = COUNT_RANGE
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return "muss eine ganze Zahl von 1 bis 20 sein"
    return None


def _check_hide(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if not isinstance(value, list) or any(item not in HIDE_VALUES for item in value):
        return f"muss eine Liste aus diesen Werten sein: {', '.join(HIDE_VALUES)}"
    return None


def _check_image(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if not isinstance(value, str) or "://" in value or value.startswith("/"):
        return "muss ein Pfad relativ zu dieser Datei sein, z. B. image: bilder/auftakt.jpg"
    if PurePosixPath(value).suffix.lower() not in IMAGE_SUFFIXES:
        return "muss eine Datei mit der Endung .jpg, .jpeg, .png oder .webp sein"
    return None


def _check_focus(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if value not in FOCUS_AREAS:
        return f"'{value}' ist kein Handlungsfeld; erlaubt sind: {', '.join(FOCUS_AREAS)}"
    return None


_CHECKERS: dict[str, Callable[[object, FrontMatter, SiteSettings], str | ItemProblem | None]] = {
    "text": _check_text,
    "date": _check_date,
    "category": _check_category,
    "categories": _check_categories,
    "slug": _check_slug,
    "bool": _check_bool,
    "count": _check_count,
    "hide": _check_hide,
    "image": _check_image,
    "focus": _check_focus,
    "part": lambda value, fm, settings: None,
}
