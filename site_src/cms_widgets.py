"""Decap CMS field descriptions shared by every collection, so each constraint is spelled once.

Decap treats a field as required unless it says otherwise, so every helper states it. Patterns
are JavaScript regular expressions without flags: letter case is spelled out where it matters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from site_src.schema import SLUG

NOT_BLANK = ["\\S", "Bitte ausfüllen; nur Leerzeichen reichen nicht."]
SLUG_MESSAGE = "Nur Kleinbuchstaben, Ziffern und Bindestriche, z. B. neue-buslinie"


def suffix_pattern(suffixes: Iterable[str], what: str) -> list[str]:
    """A pattern for file names ending in one of `suffixes`, in any letter case."""
    suffixes = tuple(suffixes)
    cases = ("".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in s[1:]) for s in suffixes)
    return ["\\.(" + "|".join(cases) + ")$", f"Nur {what} mit der Endung " + ", ".join(suffixes)]


def js_pattern(regex: re.Pattern[str], message: str) -> list[str]:
    """A check's own regular expression for a Decap `pattern` (the syntax both share)."""
    return [regex.pattern, message]


def field(name: str, label: str, widget: str, required: bool = False, **options) -> dict:
    """One Decap field; `options` are the widget's own settings (pattern, hint, default ...)."""
    return {"name": name, "label": label, "widget": widget, "required": required} | options


def text(name: str, label: str, required: bool = False, long: bool = False, **options) -> dict:
    """A text that must not be blank when given (check refuses whitespace only)."""
    widget = "text" if long else "string"
    return field(name, label, widget, required, pattern=NOT_BLANK) | options


def slug(name: str, label: str, required: bool = False, **options) -> dict:
    """A URL part: lower-case letters, digits and single hyphens."""
    return field(name, label, "string", required, pattern=js_pattern(SLUG, SLUG_MESSAGE)) | options


def flag(name: str, label: str, default: bool | None, **options) -> dict:
    """A yes/no switch; never required. No default inside list items: Decap would start
    every new list with one item made of that default alone."""
    if default is not None:
        options["default"] = default
    return field(name, label, "boolean", False) | options
