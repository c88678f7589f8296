"""Validate one entry of an evening's `videos` list into a Recording."""

from __future__ import annotations

import re

from site_src.images.source import SUFFIXES as IMAGE_SUFFIXES
from site_src.videos.chapters_schema import read_chapters
from site_src.videos.fields import FieldChecker, KeyPath, slugify
from site_src.videos.model import Recording
from site_src.videos.timecodes import parse_seconds
from site_src.videos.webvtt import webvtt_problem

RECORDING_KEYS = (
    "title",
    "slug",
    "speakers",
    "duration",
    "poster",
    "youtube",
    "src",
    "captions",
    "transcript",
    "chapters",
    "description",
    "draft",
)
VIDEO_SUFFIXES = (".mp4", ".webm")
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def read_recording(check: FieldChecker, data: object, at: KeyPath) -> Recording | None:
    """Check every field of one recording; None when anything is wrong (errors are in `check`)."""
    if not isinstance(data, dict):
        check.error(at, "jede Aufzeichnung ist ein Listeneintrag mit 'title:', 'duration:' usw.")
        return None
    before = len(check.errors)
    check.unknown_keys(data, at, RECORDING_KEYS)
    title = check.text(data, (*at, "title"), "Begrüßung und Einführung")
    slug = _slug(check, data, at, title)
    speakers = _speakers(check, data, (*at, "speakers"))
    duration = _duration(check, data, (*at, "duration"))
    poster = _file(check, data, (*at, "poster"), IMAGE_SUFFIXES, "media/begruessung.jpg")
    youtube, src = _source(check, data, at)
    captions = _captions(check, data, (*at, "captions"), required=src is not None or "src" in data)
    transcript = _file(check, data, (*at, "transcript"), (".md",), "media/x.md", required=False)
    description = check.text(data, (*at, "description"), "Kurzer Text", required=False)
    chapters = read_chapters(check, data.get("chapters"), (*at, "chapters"), duration)
    draft = _draft(check, data, (*at, "draft"))
    # Blank values count as missing: `transcript: ""` must not let a recording out unaided.
    unaided = captions is None and transcript is None
    if not draft and unaided and len(check.errors) == before:
        check.error(
            at,
            "braucht Untertitel ('captions:') oder ein Transkript ('transcript:'), bevor sie "
            "erscheint; ergänzen Sie eines davon oder setzen Sie 'draft: true'",
        )
    if len(check.errors) > before:
        return None
    return Recording(
        slug=slug,
        title=title,
        speakers=speakers,
        duration=duration,
        poster=poster,
        youtube=youtube,
        src=src,
        src_bytes=(check.content_dir / src).stat().st_size if src else None,
        captions=captions,
        transcript=transcript,
        description=description,
        chapters=chapters,
        draft=draft,
    )


def _draft(check: FieldChecker, data: dict, path: KeyPath) -> bool:
    """`draft: true` keeps a recording off the site (checked, never published)."""
    value = data.get("draft", False)
    if not isinstance(value, bool):
        check.error(path, "muss true oder false sein")
        return True
    return value


def _slug(check: FieldChecker, data: dict, at: KeyPath, title: str | None) -> str | None:
    """The recording's URL part: the editor's `slug` or one made from the title."""
    given = check.text(data, (*at, "slug"), "begruessung", required=False)
    slug = slugify(given or title or "")
    if given is not None and slug != given:
        check.error((*at, "slug"), f"'{given}' darf nur a-z, 0-9 und '-' enthalten, z. B. '{slug}'")
    if title is not None and not slug:
        check.error(
            (*at, "title"), "braucht Buchstaben oder Ziffern, aus denen die Adresse entsteht"
        )
    return slug


def _speakers(check: FieldChecker, data: dict, path: KeyPath) -> list[str]:
    """One name or a list of names; at least one, because visitors ask who is speaking."""
    value = data.get("speakers")
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names:
        check.error(
            path, "fehlt, ist aber Pflicht; ergänzen Sie z. B. 'speakers: [Vorname Nachname]'"
        )
        return []
    if not all(isinstance(name, str) and name.strip() for name in names):
        check.error(path, "muss Namen als Text aufzählen, z. B. '- Vorname Nachname (Funktion)'")
        return []
    return [name.strip() for name in names]


def _duration(check: FieldChecker, data: dict, path: KeyPath) -> int | None:
    """Seconds from MM:SS, H:MM:SS or ISO 8601; must be longer than zero."""
    value = data.get("duration")
    if value is None:
        check.error(
            path,
            "fehlt, ist aber Pflicht; ergänzen Sie z. B. 'duration: 12:05' (MM:SS oder H:MM:SS)",
        )
        return None
    try:
        seconds = parse_seconds(check.raw(path, value))
    except ValueError as exc:
        check.error(path, str(exc))
        return None
    if seconds <= 0:
        check.error(path, "muss länger als 0:00 sein")
        return None
    return seconds


def _file(check, data, path, suffixes, example, required=True) -> str | None:
    """A file we host, named relative to the evening's file; its content path or None."""
    value = check.text(data, path, example, required=required)
    if value is None:
        return None
    target = check.file(path, value, suffixes)
    return check.content_path(target) if target else None


def _source(check: FieldChecker, data: dict, at: KeyPath) -> tuple[str | None, str | None]:
    """Exactly one of `youtube` (an id) or `src` (a video file we host)."""
    if "youtube" in data and "src" in data:
        check.error(at, "hat 'youtube' und 'src'; behalten Sie genau eine Quelle")
        return None, None
    if "youtube" not in data and "src" not in data:
        check.error(
            at,
            "braucht eine Quelle: 'youtube: <11-stellige Video-ID>' oder 'src: media/<datei>.mp4'",
        )
        return None, None
    if "src" in data:
        return None, _file(check, data, (*at, "src"), VIDEO_SUFFIXES, "media/clip.mp4")
    video_id = check.text(data, (*at, "youtube"), "dQw4w9WgXcQ")
    if video_id is not None and not YOUTUBE_ID.match(video_id):
        check.error(
            (*at, "youtube"),
            f"'{video_id}' ist keine YouTube-Video-ID; tragen Sie die 11 Zeichen nach 'v=' "
            "aus der Adresse des Videos ein, z. B. 'youtube: dQw4w9WgXcQ'",
        )
        return None, None
    return video_id, None


def _captions(check: FieldChecker, data: dict, path: KeyPath, required: bool) -> str | None:
    """A WebVTT file; required for self-hosted video because we are the only caption source."""
    if data.get("captions") is None and required:
        check.error(
            path,
            "ist Pflicht für ein selbst bereitgestelltes Video ('src'); ergänzen Sie eine "
            "WebVTT-Datei, z. B. 'captions: media/clip.de.vtt'",
        )
        return None
    value = check.text(data, path, "media/clip.de.vtt", required=False)
    target = check.file(path, value, (".vtt",)) if value is not None else None
    if target is None:
        return None
    problem = webvtt_problem(target.read_text(encoding="utf-8", errors="replace"))
    if problem:
        check.error(path, f"'{value}' {problem}")
        return None
    return check.content_path(target)
