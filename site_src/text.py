"""Small text helpers for German content: URL slugs, reading time and dates in German."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import cache

from babel.dates import format_date

_UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_WORD = re.compile(r"\w+")
_MARKUP = re.compile(r"<[^>]+>|\]\([^)]*\)|[#*_`>\[\]]")


def slugify(text: str) -> str:
    """Make a stable, readable URL part from German text ("Straßenbahn" -> "strassenbahn")."""
    text = text.translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("-", text.lower()).strip("-")


def reading_minutes(markdown: str, words_per_minute: int = 200) -> int:
    """Estimate reading time so readers know what they commit to; at least one minute."""
    words = len(_WORD.findall(_MARKUP.sub(" ", markdown)))
    return max(1, round(words / words_per_minute))


@cache
def german_date(day: dt.date) -> str:
    """Write a date as German readers expect it ("18. Juni 2021")."""
    return format_date(day, format="long", locale="de_DE")


def minutes_label(minutes: int) -> str:
    """Phrase a reading time in German with the right plural."""
    return "1 Minute" if minutes == 1 else f"{minutes} Minuten"
