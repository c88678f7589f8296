"""Write the page sources for /videos/, each evening and each recording (Markdown with HTML)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from site_src.images.variants import ResponsiveImage, plan
from site_src.render import environment, render
from site_src.render import escape_heading as _escape
from site_src.render import html_block as _html
from site_src.text import german_date
from site_src.videos.catalog import VIDEOS_DIR, Catalog
from site_src.videos.jsonld import default_description, script_tag, video_object
from site_src.videos.model import Evening, Recording
from site_src.videos.timecodes import clock, iso_duration, spoken
from site_src.videos.transcripts import transcript_html

INDEX_TITLE = "Videos der Smart Kassel Nights"
INDEX_DESCRIPTION = "Aufzeichnungen der Smart Kassel Nights mit Untertiteln und Transkripten."
PRIVACY_URL = "datenschutz/#videos-von-youtube"
Pictures = dict[str, ResponsiveImage]


def filesize(size: int) -> str:
    """Say how big a download is, the German way ('312 KB', '1,4 MB')."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


def german_list(words: list[str]) -> str:
    """'Kapitel, Transkript und Untertitel': words joined as a German sentence joins them."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " und " + words[-1]


def aids_sentence(recordings: list[Recording]) -> str:
    """Say how many recordings have captions and transcripts, counted, never assumed."""
    total = len(recordings)
    captioned = sum(1 for recording in recordings if recording.captions)
    transcribed = sum(1 for recording in recordings if recording.transcript)
    if total == 1:
        captions = "Untertitel" if captioned else "keine Untertitel"
        transcript = "ein Transkript" if transcribed else "kein Transkript"
        return f"Die Aufzeichnung hat {captions} und {transcript}."
    if not total:
        return ""
    transcripts = _share(transcribed, total).replace("Alle", "alle")
    return f"{_share(captioned, total)} haben Untertitel, {transcripts} ein Transkript."


def _share(part: int, total: int) -> str:
    return f"Alle {total} Aufzeichnungen" if part == total else f"{part} von {total} Aufzeichnungen"


# The shared template environment learns the time and size formats the video templates use.
environment().filters.update(
    clock=clock,
    iso_duration=iso_duration,
    spoken=spoken,
    filesize=filesize,
    german_list=german_list,
)


@dataclass(frozen=True)
class VideoPage:
    """A page that exists only in the build: its source path (as if under content/) and Markdown."""

    src: str
    url: str
    markdown: str


def video_pages(
    catalog: Catalog, content_dir: Path, site_url: str, pictures: Pictures
) -> list[VideoPage]:
    """All video pages: the list of evenings, one page per evening, one per recording.

    `pictures` holds the planned variants of every poster, by path relative to content/.
    """
    pages = [_index_page(catalog, pictures)]
    for evening in catalog.evenings:
        pages.append(_evening_page(evening, pictures))
        pages += [
            _recording_page(evening, recording, content_dir, site_url, pictures)
            for recording in evening.recordings
        ]
    return pages


def poster_pictures(catalog: Catalog, content_dir: Path) -> Pictures:
    """Plan the responsive variants of every poster (evenings' covers and recordings')."""
    posters = {evening.cover for evening in catalog.evenings}
    posters |= {rec.poster for evening in catalog.evenings for rec in evening.recordings}
    return {src: plan(content_dir / src) for src in sorted(posters)}


def evening_url(evening: Evening) -> str:
    """Site-relative address of an evening: videos/<event-slug>/."""
    return f"{VIDEOS_DIR}/{evening.slug}/"


def recording_url(evening: Evening, recording: Recording) -> str:
    """Site-relative address of a recording's own page: videos/<event-slug>/<video-slug>/."""
    return f"{evening_url(evening)}{recording.slug}/"


def _index_page(catalog: Catalog, pictures: Pictures) -> VideoPage:
    url = f"{VIDEOS_DIR}/"
    title = catalog.index_meta.get("title", INDEX_TITLE)
    cards = [
        {
            "evening": evening,
            "url": evening_url(evening),
            "date_text": _date_text(evening),
            "count": len(evening.recordings),
        }
        for evening in catalog.evenings
    ]
    recordings = [recording for evening in catalog.evenings for recording in evening.recordings]
    body = _html(
        "videos/index.html",
        cards=cards,
        page_url=url,
        pictures=pictures,
        aids=aids_sentence(recordings),
    )
    description = catalog.index_meta.get("description", INDEX_DESCRIPTION)
    markdown = _page(title, description, catalog.index_intro, body)
    return VideoPage(f"{VIDEOS_DIR}/index.md", url, markdown)


def _evening_page(evening: Evening, pictures: Pictures) -> VideoPage:
    url = evening_url(evening)
    parts = [_html("videos/evening_meta.html", evening=evening, date_text=_date_text(evening))]
    parts.append(evening.intro.strip())
    for recording in evening.recordings:
        parts.append(f"## {_escape(recording.title)}")
        parts.append(
            render(
                "videos/evening_recording.html",
                evening=evening,
                recording=recording,
                page_url=url,
                recording_url=recording_url(evening, recording),
                privacy_url=PRIVACY_URL,
                pictures=pictures,
            )
        )
    markdown = _page(evening.event, evening.teaser, "", "\n\n".join(parts))
    return VideoPage(f"{VIDEOS_DIR}/{evening.slug}.md", url, markdown)


def _recording_page(
    evening: Evening, recording: Recording, content_dir: Path, site_url: str, pictures: Pictures
) -> VideoPage:
    url = recording_url(evening, recording)
    context = {
        "evening": evening,
        "recording": recording,
        "page_url": url,
        "evening_url": evening_url(evening),
        "privacy_url": PRIVACY_URL,
        "date_text": _date_text(evening),
        "pictures": pictures,
    }
    parts = [_html("videos/recording.html", **context)]
    if recording.chapters:
        parts += ["## Kapitel", _html("videos/chapters.html", **context)]
    parts.append("## Transkript")
    transcript = transcript_html(content_dir / recording.transcript) if recording.transcript else ""
    parts.append(_html("videos/transcript.html", transcript=transcript, **context))
    parts.append(script_tag(video_object(evening, recording, url, site_url)))
    description = recording.description or default_description(evening, recording)
    markdown = _page(recording.title, description, "", "\n\n".join(parts))
    return VideoPage(f"{VIDEOS_DIR}/{evening.slug}/{recording.slug}.md", url, markdown)


def _page(title: str, description: str, intro: str, body: str) -> str:
    """Front matter, the H1, the editor's text and our HTML, each block apart for Markdown."""
    meta = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
    meta += f"description: {json.dumps(description, ensure_ascii=False)}\n---\n\n"
    blocks = [f"# {_escape(title)}", intro.strip(), body]
    return meta + "\n\n".join(block for block in blocks if block) + "\n"


def _date_text(evening: Evening) -> str:
    return german_date(dt.date.fromisoformat(evening.date))
