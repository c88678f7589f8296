"""Turn a tool's English message into German by a table of patterns (argparse, YAML parser)."""

from __future__ import annotations

import re

# (pattern on the English text, German text with {0}, {1}, ... for the pattern's groups)
Table = list[tuple[re.Pattern[str], str]]


def translate(table: Table, english: str, fallback: str) -> str:
    """The German text of the first pattern found in `english`; `fallback` when none is."""
    for pattern, german in table:
        found = pattern.search(english)
        if found:
            return german.format(*(group.replace("'", "") for group in found.groups()))
    return fallback
