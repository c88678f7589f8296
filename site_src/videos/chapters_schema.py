"""Validate a recording's chapters: playing order, inside the recording, each with a title."""

from __future__ import annotations

from site_src.videos.fields import FieldChecker, KeyPath
from site_src.videos.model import Chapter
from site_src.videos.timecodes import clock, parse_seconds


def read_chapters(
    check: FieldChecker, value: object, path: KeyPath, duration: int | None
) -> list[Chapter]:
    """Chapters in playing order, each starting before the recording ends."""
    if value is None:
        return []
    if not isinstance(value, list):
        check.error(path, "muss eine Liste aus Einträgen '- start: 0:00' und '  title: ...' sein")
        return []
    chapters: list[Chapter] = []
    for index, item in enumerate(value):
        at = (*path, index)
        if not isinstance(item, dict):
            check.error(at, "jedes Kapitel braucht 'start: 0:00' und 'title: ...'")
            continue
        check.unknown_keys(item, at, ("start", "title"))
        title = check.text(item, (*at, "title"), "Fragen aus dem Chat")
        start = _chapter_start(check, item, (*at, "start"), chapters, duration)
        if title is not None and start is not None:
            chapters.append(Chapter(start, title))
    return chapters


def _chapter_start(
    check: FieldChecker, item: dict, path: KeyPath, before: list[Chapter], duration: int | None
) -> int | None:
    """A start time after the previous chapter's and before the end of the recording."""
    raw = check.text(item, path, "12:05")
    if raw is None:
        return None
    try:
        start = parse_seconds(raw)
    except ValueError as exc:
        check.error(path, str(exc))
        return None
    if before and start <= before[-1].start:
        check.error(
            path,
            f"{clock(start)} liegt nicht nach dem vorigen Kapitel ({clock(before[-1].start)}); "
            "ordnen Sie die Kapitel in Abspielreihenfolge",
        )
        return None
    if duration is not None and start >= duration:
        check.error(
            path, f"{clock(start)} liegt nach dem Ende der Aufzeichnung (Dauer {clock(duration)})"
        )
        return None
    return start
