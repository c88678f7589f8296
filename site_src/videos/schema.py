"""Validate an evening's file (`content/videos/<event-slug>.md`) into an Evening."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from site_src import frontmatter
from site_src.errors import ContentError
from site_src.videos.fields import FieldChecker
from site_src.videos.model import Evening, Recording
from site_src.videos.recording_schema import IMAGE_SUFFIXES, read_recording
from site_src.videos.yamlnodes import front_matter_spots

EVENING_KEYS = ("event", "date", "place", "teaser", "poster", "videos")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_evening(path: Path, content_dir: Path) -> tuple[Evening | None, list[ContentError]]:
    """Parse and check one evening; the Evening only when the file has no error at all."""
    try:
        page = frontmatter.read(path, content_dir)
    except frontmatter.FrontMatterError as exc:
        return None, [exc.error]
    text = path.read_text(encoding="utf-8")
    check = FieldChecker(page.path, front_matter_spots(text), path.parent, content_dir)
    meta = page.meta
    slug = path.stem
    check.file_name(path, "videos")
    check.unknown_keys(meta, (), EVENING_KEYS)
    event = check.text(meta, ("event",), "2. Smart Kassel Night")
    date = _date(check, meta)
    place = check.text(meta, ("place",), "Rathaus Kassel und online")
    teaser = check.text(meta, ("teaser",), "Ein Satz, worum es an dem Abend ging.")
    poster = None
    if meta.get("poster") is not None:
        poster_value = check.text(meta, ("poster",), "media/abend.jpg")
        target = check.file(("poster",), poster_value, IMAGE_SUFFIXES) if poster_value else None
        poster = check.content_path(target) if target else None
    recordings = _recordings(check, meta.get("videos"))
    if check.errors:
        return None, check.errors
    return Evening(
        slug=slug,
        source=page.path,
        event=event,
        date=date,
        place=place,
        teaser=teaser,
        intro=page.body,
        recordings=[recording for recording in recordings if not recording.draft],
        poster=poster,
    ), []


def _date(check: FieldChecker, meta: dict) -> str | None:
    """The evening's date as YYYY-MM-DD; a real calendar day."""
    value = check.text(meta, ("date",), "2021-06-18")
    if value is None:
        return None
    try:
        if not _ISO_DAY.match(value):
            raise ValueError(value)
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        check.error(
            ("date",),
            f"'{value}' ist kein gültiges Datum; schreiben Sie JJJJ-MM-TT, z. B. 2021-06-18",
        )
        return None


def _recordings(check: FieldChecker, value: object) -> list[Recording]:
    """Every recording of the evening; slugs must differ because each gets its own page."""
    if not isinstance(value, list) or not value:
        check.error(
            ("videos",),
            "fehlt, ist aber Pflicht: eine Liste mit mindestens einer Aufzeichnung "
            "('- title: ...')",
        )
        return []
    recordings: list[Recording] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(value):
        recording = read_recording(check, item, ("videos", index))
        if recording is None:
            continue
        if recording.slug in seen:
            first = seen[recording.slug]
            field = "slug" if "slug" in item else "title"
            check.error(
                ("videos", index, field),
                f"ergibt dieselbe Adresse '{recording.slug}' wie videos[{first + 1}] "
                f"(Zeile {check.line(('videos', first))}); ändern Sie den Titel oder setzen Sie "
                "einen anderen 'slug'",
            )
            continue
        seen[recording.slug] = index
        recordings.append(recording)
    return recordings
