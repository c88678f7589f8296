"""Write the page sources for /termine/: the list, the archive, filters and one page per date.

Every date appears on its own page, on one list (ahead or archive), on its Stadtteil's page and
on at most three topic pages, so the output grows linearly with the number of dates.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from site_src.listings import READY_HTML
from site_src.render import environment, escape_heading, html_block, relative_url, render
from site_src.settings import EVENTS_DIR, FOCUS_AREAS, SiteSettings
from site_src.termine.jsonld import event_object
from site_src.termine.model import Agenda, Event
from site_src.termine.times import day_text, when_text
from site_src.videos.jsonld import script_tag

INDEX_TITLE = "Termine"
INDEX_DESCRIPTION = "Veranstaltungen und Beteiligung vor Ort in den Stadtteilen und online."
ARCHIVE_URL = f"{EVENTS_DIR}/archiv/"


def _where(event: Event) -> str:
    parts = [f"{event.venue.name}, {event.venue.stadtteil}"] if event.venue else []
    if event.online:
        parts.append("online")
    return " und ".join(parts)


def _deadline(moment) -> str:
    """A deadline in words: 'Montag, 5. Juli 2021, 12:00 Uhr'."""
    return f"{day_text(moment.date())}, {moment:%H:%M} Uhr"


# The shared template environment learns the words the date templates use.
environment().filters.update(
    when=when_text,
    where=_where,
    day=lambda moment: day_text(moment.date()),
    moment=_deadline,
    focus_label=FOCUS_AREAS.get,
)


@dataclass(frozen=True)
class EventPage:
    """A page that exists only in the build: its source path (as if under content/) and Markdown."""

    src: str
    url: str
    markdown: str


def district_url(name: str, settings: SiteSettings) -> str:
    """Site-relative address of a Stadtteil's dates."""
    return f"{EVENTS_DIR}/stadtteil/{settings.stadtteil_slugs[name]}/"


def topic_url(slug: str) -> str:
    """Site-relative address of a focus area's dates."""
    return f"{EVENTS_DIR}/thema/{slug}/"


def event_pages(
    agenda: Agenda,
    settings: SiteSettings,
    intro: str = "",
    meta: dict | None = None,
    registration_form: Callable[[str, str], str] | None = None,
) -> list[EventPage]:
    """Every page of /termine/, the editor's intro from content/termine/index.md on the first.

    `registration_form(form_id, page_url)` renders the form of a date with registration.
    """
    meta = meta or {}
    filters = _filters(agenda, settings)
    pages = [
        _list_page(
            f"{EVENTS_DIR}/",
            meta.get("title", INDEX_TITLE),
            meta.get("description", INDEX_DESCRIPTION),
            intro,
            [("Kommende Termine", agenda.upcoming, "Zurzeit sind keine Termine angekündigt.")],
            agenda,
            filters,
        ),
        _list_page(
            ARCHIVE_URL,
            "Vergangene Termine",
            "Termine des Modellprojekts Smart Kassel, die schon stattgefunden haben.",
            "",
            [("Archiv", agenda.past, "Noch keine vergangenen Termine.")],
            agenda,
            filters,
        ),
    ]
    for name in settings.stadtteile:

        def in_district(event: Event, name=name) -> bool:
            return event.venue is not None and event.venue.stadtteil == name

        pages.append(
            _filtered(
                district_url(name, settings), f"Termine in {name}", in_district, agenda, filters
            )
        )
    for slug, name in FOCUS_AREAS.items():
        pages.append(
            _filtered(
                topic_url(slug),
                f"Termine zum Handlungsfeld {name}",
                lambda event, slug=slug: slug in event.focus,
                agenda,
                filters,
            )
        )
    pages += [_event_page(event, agenda, settings, registration_form) for event in agenda.published]
    return pages


def _filters(agenda: Agenda, settings: SiteSettings) -> dict:
    districts: dict[str, int] = {}
    topics: dict[str, int] = {}
    for event in agenda.upcoming:
        if event.venue:
            districts[event.venue.stadtteil] = districts.get(event.venue.stadtteil, 0) + 1
        for slug in event.focus:
            topics[slug] = topics.get(slug, 0) + 1
    return {
        "districts": [
            (name, district_url(name, settings), districts.get(name, 0))
            for name in settings.stadtteile
        ],
        "topics": [
            (name, topic_url(slug), topics.get(slug, 0)) for slug, name in FOCUS_AREAS.items()
        ],
    }


def _filtered(url, title, keep, agenda: Agenda, filters: dict) -> EventPage:
    sections = [
        ("Kommende Termine", [e for e in agenda.upcoming if keep(e)], "Zurzeit keine Termine."),
        ("Vergangene Termine", [e for e in agenda.past if keep(e)], "Keine vergangenen Termine."),
    ]
    return _list_page(url, title, title + " (Smart Kassel)", "", sections, agenda, filters)


def _list_page(url, title, description, intro, sections, agenda: Agenda, filters) -> EventPage:
    parts = []
    for heading, events, empty in sections:
        anchor = _anchor(heading)
        parts.append(f'<section class="sk-event-group" aria-labelledby="{anchor}">')
        parts.append(f'<h2 id="{anchor}">{heading}</h2>')
        parts.append(_list(events, url, empty, agenda) + "</section>")
    parts.append(render("termine/filters.html", page_url=url, **filters))
    front = _front(title, description) + "search:\n  exclude: true\n---\n\n"
    body = f"# {title}\n\n{intro.strip()}\n\n" if intro.strip() else f"# {title}\n\n"
    return EventPage(url + "index.md", url, front + body + READY_HTML + "\n".join(parts))


def _list(events: list[Event], page_url: str, empty: str, agenda: Agenda) -> str:
    return render(
        "termine/list.html",
        events=events,
        page_url=page_url,
        empty=empty,
        level=3,
        next_of=lambda event: event.next(agenda.now) if event.weekly else None,
    )


def _event_page(
    event: Event,
    agenda: Agenda,
    settings: SiteSettings,
    registration_form: Callable[[str, str], str] | None = None,
) -> EventPage:
    url = event.url
    upcoming = event.next(agenda.now)
    access = _access_lines(event)
    context = {
        "event": event,
        "page_url": url,
        "next": upcoming if event.weekly else None,
        "access": access,
        "topics": [(FOCUS_AREAS[slug], topic_url(slug)) for slug in event.focus],
        "district_url": district_url(event.venue.stadtteil, settings) if event.venue else "",
    }
    parts = [html_block("termine/event_meta.html", **context)]
    if upcoming is None:
        parts.append('<p class="sk-note">Dieser Termin hat bereits stattgefunden.</p>')
    if event.image:
        alt = (event.image_alt or "").replace("]", "\\]")
        image = posixpath.relpath(event.image, posixpath.dirname(event.src))
        parts.append(f"![{alt}]({image}){{ .sk-post-image }}")
    parts.append(event.body.strip())
    # Everything below the text is finished HTML: past Markdown, not through it (a form is big).
    ready = []
    if event.registration and upcoming is not None:
        form_id = event.registration.form
        form = registration_form(form_id, url) if registration_form else ""
        ready.append(
            html_block(
                "termine/registration.html",
                registration=event.registration,
                page_url=url,
                form=form,
            )
        )
    ready.append(script_tag(event_object(event, agenda.now, settings)))
    back = "termine/" if upcoming else ARCHIVE_URL
    label = "Zurück zu allen Terminen" if upcoming else "Zurück zu den vergangenen Terminen"
    ready.append(f'<p class="sk-back"><a href="{relative_url(back, url)}">{label}</a></p>')
    markdown = _front(event.title, event.description) + "---\n\n"
    markdown += f"# {escape_heading(event.title)}\n\n" + "\n\n".join(part for part in parts if part)
    return EventPage(event.src, url, f"{markdown}\n\n{READY_HTML}" + "\n\n".join(ready) + "\n")


def _access_lines(event: Event) -> list[str]:
    access = event.accessibility
    lines = []
    if access.step_free is not None:
        lines.append("stufenlos erreichbar" if access.step_free else "nicht stufenlos erreichbar")
    if access.hearing_loop is not None:
        lines.append(
            "mit Induktionsschleife für Hörgeräte"
            if access.hearing_loop
            else "keine Induktionsschleife"
        )
    if access.sign_language is not None:
        lines.append(
            "mit Übersetzung in Deutsche Gebärdensprache"
            if access.sign_language
            else "ohne Übersetzung in Gebärdensprache"
        )
    return lines


def _front(title: str, description: str) -> str:
    return (
        f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
        f"description: {json.dumps(description, ensure_ascii=False)}\n"
    )


def _anchor(heading: str) -> str:
    return heading.lower().replace(" ", "-")
