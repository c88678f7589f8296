"""The build step for dates: check content/termine/ and add its generated pages to the content."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from site_src import frontmatter
from site_src.errors import ContentError
from site_src.form_pages import build_moment  # the build's "now", FORMS_PREVIEW_NOW included
from site_src.settings import EVENTS_DIR, SiteSettings
from site_src.termine.ics import CALENDAR_PATH, calendar_files
from site_src.termine.model import Agenda, Event, agenda
from site_src.termine.pages import event_pages
from site_src.termine.registration import check as check_registrations
from site_src.termine.registration import registration_forms, section_renderer
from site_src.termine.schema import read_event

INDEX_FILE = "index.md"
INDEX_KEYS = ("title", "description")


class _Content(Protocol):
    """What this step needs from the build's content model (site_src.content.Content)."""

    root: Path
    drafts: set[str]
    generated: list
    files: set[str]
    agenda: Agenda | None


def add_events(content: _Content, settings: SiteSettings) -> list[ContentError]:
    """Return every error in content/termine/; without errors, add the pages of all dates."""
    events, drafts, errors, broken = [], [], [], []
    for path in _event_files(content.root):
        event, is_draft, problems = read_event(path, content.root, settings)
        errors += problems
        if event is not None:
            (drafts if is_draft else events).append(event)
        elif not any(error.field == "registration.form" for error in problems):
            broken.append(path)
    intro, meta, index_errors = _read_index(content.root)
    errors += index_errors
    # Registered even when some date is broken, so links to the others report nothing extra.
    content.files.add(CALENDAR_PATH)
    content.files.update(event.ics_path for event in events)
    try:
        now = build_moment().moment
    except ValueError:
        return errors  # form_pages' own check reports the bad preview clock
    forms = registration_forms(content.root)
    errors += check_registrations(content.root, events + drafts, forms, broken)
    if errors:
        return errors
    content.agenda = agenda(events, now, drafts)
    pages = event_pages(content.agenda, settings, intro, meta, section_renderer(forms))
    generated = {page.src for page in pages}
    content.drafts.update(_sources(content.root) - generated)
    content.generated.extend(pages)
    return []


def calendars(content, settings: SiteSettings) -> list[tuple[str, str]]:
    """The calendar files of the validated dates (a GENERATOR for the adapter)."""
    return calendar_files(content.agenda, settings) if content.agenda else []


def published(content) -> list[Event]:
    """Every date with a page, for open data and page blocks."""
    return content.agenda.published if content.agenda else []


def _event_files(root: Path) -> list[Path]:
    folder = root / EVENTS_DIR
    if not folder.is_dir():
        return []
    return sorted(path for path in folder.glob("*.md") if path.name != INDEX_FILE)


def _sources(root: Path) -> set[str]:
    folder = root / EVENTS_DIR
    if not folder.is_dir():
        return set()
    return {path.relative_to(root).as_posix() for path in folder.rglob("*.md")}


def _read_index(root: Path) -> tuple[str, dict, list[ContentError]]:
    """The optional intro of /termine/ from content/termine/index.md."""
    path = root / EVENTS_DIR / INDEX_FILE
    if not path.is_file():
        return "", {}, []
    try:
        page = frontmatter.read(path, root)
    except frontmatter.FrontMatterError as exc:
        return "", {}, [exc.error]
    errors = [
        ContentError(
            page.path,
            page.line_of(key),
            key,
            f"unbekannter Schlüssel; erlaubt sind {', '.join(INDEX_KEYS)} (Schreibweise prüfen)",
        )
        for key in page.meta
        if key not in INDEX_KEYS
    ]
    meta = {key: page.meta[key] for key in INDEX_KEYS if key in page.meta}
    return page.body, meta, errors
