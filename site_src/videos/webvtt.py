"""Recognise a usable WebVTT captions file, so a broken one fails the build, not the visitor."""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\ufeff?WEBVTT(?:[ \t].*)?$")
_STAMP = r"(?:\d{2,}:)?[0-5]\d:[0-5]\d\.\d{3}"
_TIMING = re.compile(rf"^{_STAMP}[ \t]+-->[ \t]+{_STAMP}(?:[ \t].*)?$")


def webvtt_problem(text: str) -> str | None:
    """Say what is wrong with a captions file, or None when it is WebVTT with at least one cue."""
    lines = text.splitlines()
    if not lines or not _HEADER.match(lines[0]):
        return (
            "ist kein WebVTT: die erste Zeile muss 'WEBVTT' lauten (.srt-Dateien in .vtt umwandeln)"
        )
    if not any(_TIMING.match(line.strip()) for line in lines[1:]):
        return "enthält keine Untertitel: ergänzen Sie Zeilen wie '00:00:01.000 --> 00:00:04.000' "
        "mit dem Text darunter"
    return None
