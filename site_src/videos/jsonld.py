"""schema.org VideoObject data, so search engines show recordings with their chapters."""

from __future__ import annotations

import json

from site_src.videos.model import Evening, Recording
from site_src.videos.timecodes import iso_duration

YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/{id}"


def video_object(evening: Evening, recording: Recording, page_url: str, site_url: str) -> dict:
    """Describe one recording; every URL is absolute, chapters become Clip parts."""
    absolute = f"{site_url}{page_url}"
    data: dict = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": recording.title,
        "description": recording.description or default_description(evening, recording),
        "thumbnailUrl": [site_url + recording.poster],
        "uploadDate": evening.date,
        "duration": iso_duration(recording.duration),
        "inLanguage": "de",
        "url": absolute,
    }
    if recording.youtube:
        data["embedUrl"] = YOUTUBE_EMBED.format(id=recording.youtube)
    else:
        data["contentUrl"] = site_url + recording.src
    if recording.captions:
        data["caption"] = {
            "@type": "MediaObject",
            "encodingFormat": "text/vtt",
            "inLanguage": "de",
            "contentUrl": site_url + recording.captions,
        }
    if recording.chapters:
        data["hasPart"] = [
            {
                "@type": "Clip",
                "name": chapter.title,
                "startOffset": chapter.start,
                "endOffset": end,
                "url": f"{absolute}?t={chapter.start}",
            }
            for chapter, end in recording.chapter_ends()
        ]
    return data


def default_description(evening: Evening, recording: Recording) -> str:
    """A factual description for recordings whose editor gave none."""
    speakers = ", ".join(recording.speakers)
    return f"{recording.title} – Aufzeichnung von der {evening.event} ({speakers})."


def script_tag(data: dict) -> str:
    """Embed the data in HTML; '</' is escaped so no value can close the script element."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'
