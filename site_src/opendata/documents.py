"""The documents under /api/v1/: news, dates and videos with licence, version and schema link.

The format is versioned in the path: fields are only added within v1; a change that breaks
readers gets /api/v2/. Every URL is absolute (site_url), so apps can use them as they are.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from site_src.clock import day_stamp
from site_src.errors import ContentError
from site_src.news import Post
from site_src.opendata.jsonfeed import _image_path
from site_src.settings import FOCUS_AREAS, SiteSettings
from site_src.termine.ics import uid
from site_src.termine.model import BERLIN, Agenda, Event
from site_src.videos.catalog import Catalog
from site_src.videos.pages import evening_url, recording_url
from site_src.videos.timecodes import iso_duration

API_DIR = "api/v1"
SCHEMA_DIR = Path(__file__).parent / "schema"
FORMAT_VERSION = "1.0"
NAMES = ("aktuelles", "termine", "videos")


def api_files(
    posts: list[Post], agenda: Agenda | None, catalog: Catalog, settings: SiteSettings
) -> list[tuple[str, str]]:
    """(path, text) of the three documents and their JSON Schemas."""
    now = agenda.now if agenda else dt.datetime.now(dt.UTC)
    items = {
        "aktuelles": [_post(post, settings) for post in posts],
        "termine": [
            _event(event, agenda, settings) for event in (agenda.published if agenda else [])
        ],
        "videos": [_evening(evening, settings) for evening in catalog.evenings],
    }
    files = []
    for name in NAMES:
        document = _envelope(name, items[name], now, settings)
        files.append((f"{API_DIR}/{name}.json", _dump(document)))
        files.append((f"{API_DIR}/schema/{name}.json", schema_text(name, settings)))
    return files


def register_paths(content, settings: SiteSettings) -> list[ContentError]:
    """Tell the link check about the documents (an EXTRA_CHECK); check the licence setting."""
    content.files.update(f"{API_DIR}/{name}.json" for name in NAMES)
    content.files.update(f"{API_DIR}/schema/{name}.json" for name in NAMES)
    licence = settings.license
    if len(licence) != 2 or not licence[1].startswith("https://"):
        message = (
            "muss genau zwei Zeilen haben: den Namen der Lizenz und ihre Adresse (https://...)"
        )
        return [ContentError("mkdocs.yml", 1, "smart-kassel: open_data_license", message)]
    return []


def schema_text(name: str, settings: SiteSettings) -> str:
    """The published JSON Schema, its $id pointing at where the site serves it."""
    schema = json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    schema["$id"] = f"{settings.site_url}{API_DIR}/schema/{name}.json"
    return _dump(schema)


def _envelope(name: str, items: list, now: dt.datetime, settings: SiteSettings) -> dict:
    licence, licence_url = settings.license
    return {
        "$schema": f"{settings.site_url}{API_DIR}/schema/{name}.json",
        "version": FORMAT_VERSION,
        "generated": day_stamp(now).isoformat(),
        "publisher": "Stadt Kassel, Smart Kassel-Büro",
        "source": settings.site_url,
        "license": {"name": licence, "url": licence_url},
        "items": items,
    }


def _post(post: Post, settings: SiteSettings) -> dict:
    base = settings.site_url
    return {
        "id": base + post.url,
        "url": base + post.url,
        "title": post.title,
        "date": post.date.isoformat(),
        "description": post.description,
        "categories": list(post.categories),
        "image": {"url": base + _image_path(post), "alt": post.image_alt} if post.image else None,
    }


def _event(event: Event, agenda: Agenda, settings: SiteSettings) -> dict:
    base = settings.site_url
    nxt = event.next(agenda.now)
    venue = event.venue
    return {
        "id": uid(event, settings),
        "url": base + event.url,
        "ics_url": base + event.ics_path,
        "title": event.title,
        "description": event.description,
        "all_day": event.all_day,
        "start": _moment(event.start),
        "end": _moment(event.end),
        "recurrence": {
            "frequency": "weekly",
            "until": event.until.isoformat() if event.until else None,
        }
        if event.weekly
        else None,
        "next_start": nxt.start.astimezone(BERLIN).isoformat() if nxt else None,
        "upcoming": nxt is not None,
        "place": {
            "name": venue.name,
            "street": venue.street,
            "postal_code": venue.postal_code,
            "city": venue.city,
            "stadtteil": venue.stadtteil,
        }
        if venue
        else None,
        "online_url": event.online,
        "accessibility": {
            "step_free": event.accessibility.step_free,
            "hearing_loop": event.accessibility.hearing_loop,
            "sign_language": event.accessibility.sign_language,
        },
        "focus": [{"id": slug, "name": FOCUS_AREAS[slug]} for slug in event.focus],
        "free": event.free,
        "registration": {
            "capacity": event.registration.capacity,
            "deadline": event.registration.deadline.isoformat(),
        }
        if event.registration
        else None,
        "image": {"url": base + event.image, "alt": event.image_alt} if event.image else None,
    }


def _evening(evening, settings: SiteSettings) -> dict:
    base = settings.site_url
    return {
        "id": base + evening_url(evening),
        "url": base + evening_url(evening),
        "event": evening.event,
        "date": evening.date,
        "place": evening.place,
        "teaser": evening.teaser,
        "poster": base + evening.cover,
        "recordings": [
            {
                "url": base + recording_url(evening, recording),
                "title": recording.title,
                "speakers": list(recording.speakers),
                "duration": iso_duration(recording.duration),
                "poster": base + recording.poster,
                "youtube_id": recording.youtube,
                "file": base + recording.src if recording.src else None,
                "captions": base + recording.captions if recording.captions else None,
            }
            for recording in evening.recordings
        ],
    }


def _moment(value: dt.datetime | dt.date) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(BERLIN).isoformat()
    return value.isoformat()


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
