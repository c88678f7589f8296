"""The video evenings collection of the browser editor, from the evening and recording schemas.

Keys come from EVENING_KEYS and RECORDING_KEYS (a key without a widget stops the build), file
endings and patterns from the checks themselves. What depends on several fields (exactly one
source, captions for our own files, captions or a transcript before a recording is shown,
chapters in order and inside the recording, one address per recording) is in `rules()`, which
the rules script (admin/regeln.js) enforces on save. Whether a captions file really is WebVTT
only `build.py check` can see.
"""

from __future__ import annotations

import re

from site_src import cms_widgets as w
from site_src.cms_widgets import suffix_pattern
from site_src.schema import SLUG
from site_src.videos.recording_schema import (
    IMAGE_SUFFIXES,
    RECORDING_KEYS,
    VIDEO_SUFFIXES,
    YOUTUBE_ID,
)
from site_src.videos.schema import EVENING_KEYS
from site_src.videos.timecodes import CLOCK_TIME, ISO_DURATION

NAME = "videos"
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_MESSAGE = "MM:SS (z. B. 12:05), H:MM:SS (z. B. 1:02:05) oder PT12M5S"
TRANSCRIPT_SUFFIXES = (".md",)
CAPTION_SUFFIXES = (".vtt",)


def _unnamed(regex: re.Pattern[str]) -> str:
    """The check's pattern without Python's named groups, which JavaScript spells differently."""
    return re.sub(r"\(\?P<\w+>", "(?:", regex.pattern)


def _time_pattern() -> list[str]:
    """The check's two time formats (MM:SS or H:MM:SS, and ISO 8601) as one pattern."""
    both = f"(?:{_unnamed(CLOCK_TIME)[1:-1]})|(?:{_unnamed(ISO_DURATION)[1:-1]})"
    return [f"^(?:{both})$", TIME_MESSAGE]


def _file(name: str, label: str, suffixes: tuple[str, ...], what: str, **options) -> dict:
    """A file we host, uploaded next to the evening (content/videos/media/)."""
    return (
        w.field(name, label, "file", choose_url=False, pattern=suffix_pattern(suffixes, what))
        | options
    )


def evening_fields() -> dict:
    """Widgets for the evening's own keys."""
    return {
        "event": w.text("event", "Name des Abends", True, hint="z. B. 2. Smart Kassel Night"),
        "date": w.field(
            "date",
            "Datum",
            "string",
            True,
            pattern=w.js_pattern(DAY, "JJJJ-MM-TT, z. B. 2021-06-18"),
        ),
        "place": w.text("place", "Ort", True, hint="z. B. Rathaus Kassel und online"),
        "teaser": w.text("teaser", "Anreißer (ein Satz)", True, long=True),
        "poster": w.field(
            "poster",
            "Titelbild des Abends (leer: das der ersten Aufzeichnung)",
            "image",
            choose_url=False,
            pattern=suffix_pattern(IMAGE_SUFFIXES, "Bilder"),
        ),
        "videos": w.field(
            "videos",
            "Aufzeichnungen",
            "list",
            True,
            min=1,
            label_singular="Aufzeichnung",
            summary="{{fields.title}}",
            fields=_in_order(recording_fields(), RECORDING_KEYS),
        ),
    }


def recording_fields() -> dict:
    """Widgets for one entry of `videos`."""
    time = _time_pattern()
    return {
        "title": w.text("title", "Titel", True),
        "slug": w.slug(
            "slug",
            "Kurzname für die Adresse",
            hint="leer: aus dem Titel; bleibt, wenn er sich ändert",
        ),
        "speakers": w.field(
            "speakers",
            "Mitwirkende",
            "list",
            True,
            min=1,
            label_singular="Person",
            field=w.text("name", "Name", True),
        ),
        "duration": w.field("duration", "Dauer", "string", True, pattern=time),
        "poster": w.field(
            "poster",
            "Vorschaubild",
            "image",
            True,
            choose_url=False,
            pattern=suffix_pattern(IMAGE_SUFFIXES, "Bilder"),
        ),
        "youtube": w.field(
            "youtube",
            "YouTube-Video-ID (11 Zeichen nach v=)",
            "string",
            pattern=w.js_pattern(YOUTUBE_ID, "Die 11 Zeichen nach 'v=' in der Adresse des Videos"),
        ),
        "src": _file("src", "Eigene Videodatei", VIDEO_SUFFIXES, "Videos"),
        "captions": _file("captions", "Untertitel (WebVTT)", CAPTION_SUFFIXES, "Untertitel"),
        "transcript": _file(
            "transcript", "Transkript (Markdown)", TRANSCRIPT_SUFFIXES, "Transkripte"
        ),
        "chapters": w.field(
            "chapters",
            "Kapitel",
            "list",
            label_singular="Kapitel",
            summary="{{fields.start}} {{fields.title}}",
            fields=[
                w.field("start", "Beginn", "string", True, pattern=time),
                w.text("title", "Titel", True),
            ],
        ),
        "description": w.text("description", "Beschreibung", long=True),
        "draft": w.flag("draft", "Entwurf (noch nicht zeigen)", default=None),
    }


def _in_order(widgets: dict, keys: tuple[str, ...]) -> list[dict]:
    """The widgets in the schema's order; a key the schema checks without a widget stops here."""
    missing = [key for key in keys if key not in widgets]
    if missing:
        raise ValueError(f"no CMS widget for video keys {missing}")
    return [widgets[key] for key in keys]


def collection(docs_dir: str) -> dict:
    """A folder collection: one file per evening, named after the evening."""
    own = evening_fields()
    return {
        "name": NAME,
        "label": "Videoabende",
        "label_singular": "Videoabend",
        "folder": f"{docs_dir}/videos",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "identifier_field": "event",
        "slug": "{{slug}}",
        "summary": "{{date}} – {{event}}",
        "media_folder": "media",
        "public_folder": "media",
        "fields": [
            *_in_order(own, EVENING_KEYS),
            {"name": "body", "label": "Einleitung", "widget": "markdown", "required": False},
        ],
    }


def rules() -> dict:
    """What the rules script checks on save for each recording."""
    return {
        "needs": {},
        "list": "videos",
        "sources": ["youtube", "src"],
        "own_file": "src",
        "captions": "captions",
        "aids": ["captions", "transcript"],
        "slug": SLUG.pattern,
    }
