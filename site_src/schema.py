"""Front-matter schemas declared as data: which keys each content type takes and how to fix them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath

from site_src.errors import ContentError
from site_src.frontmatter import FrontMatter
from site_src.settings import SiteSettings

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HIDE = ("navigation", "toc", "footer", "path")


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
    "hide": Field("hide"),
    "image": Field("image", needs="image_alt"),
    "image_alt": Field("text"),
}


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
        if problem:
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


def _check_categories(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if not isinstance(value, list):
        return "muss eine Liste sein, z. B. categories: [Mobilität, Beteiligung]"
    problems = (_check_category(item, fm, settings) for item in value)
    return next((problem for problem in problems if problem), None)


def _check_slug(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if not isinstance(value, str) or not _SLUG.match(value):
        return f"'{value}' ist kein gültiger Slug; nur Kleinbuchstaben, Ziffern und Bindestriche"
    return None


def _check_bool(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    return None if isinstance(value, bool) else "muss true oder false sein"


def _check_count(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 20:
        return "muss eine ganze Zahl von 1 bis 20 sein"
    return None


def _check_hide(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if not isinstance(value, list) or any(item not in _HIDE for item in value):
        return f"muss eine Liste aus diesen Werten sein: {', '.join(_HIDE)}"
    return None


def _check_image(value: object, fm: FrontMatter, settings: SiteSettings) -> str | None:
    if not isinstance(value, str) or "://" in value or value.startswith("/"):
        return "muss ein Pfad relativ zu dieser Datei sein, z. B. image: bilder/auftakt.jpg"
    if PurePosixPath(value).suffix.lower() not in (".jpg", ".jpeg", ".png", ".webp"):
        return "muss eine Datei mit der Endung .jpg, .jpeg, .png oder .webp sein"
    return None


_CHECKERS: dict[str, Callable[[object, FrontMatter, SiteSettings], str | None]] = {
    "text": _check_text,
    "date": _check_date,
    "category": _check_category,
    "categories": _check_categories,
    "slug": _check_slug,
    "bool": _check_bool,
    "count": _check_count,
    "hide": _check_hide,
    "image": _check_image,
}
