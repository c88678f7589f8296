"""The dates other pages show: the next ones on the home page, a focus area's on its strategy page.

Editors place the list with `<!-- termine -->`; without the marker it goes at the end.
"""

from __future__ import annotations

from site_src.render import render
from site_src.settings import EVENTS_DIR, FOCUS_AREAS
from site_src.termine.pages import topic_url

MARKER = "<!-- termine -->"
FOCUS_LIMIT = 5


def page_markdown(src: str, markdown: str, meta: dict, content, settings) -> str:
    """Add the list of dates to a page with `next_events: N` or `events_focus: <slug>`."""
    agenda = content.agenda
    if agenda is None or not (meta.get("next_events") or meta.get("events_focus")):
        return markdown
    url = content.page_url(src)
    if meta.get("next_events"):
        block = _block(
            agenda,
            agenda.upcoming[: meta["next_events"]],
            url,
            f"{EVENTS_DIR}/",
            "Alle Termine",
            "",
        )
    else:
        slug = meta["events_focus"]
        name = FOCUS_AREAS[slug]
        events = [event for event in agenda.upcoming if slug in event.focus][:FOCUS_LIMIT]
        block = _block(
            agenda,
            events,
            url,
            topic_url(slug),
            f"Alle Termine zum Thema {name}",
            f"Termine zum Handlungsfeld {name}",
        )
    if MARKER in markdown:
        return markdown.replace(MARKER, f"\n\n{block}\n\n", 1)
    return f"{markdown.rstrip()}\n\n{block}\n"


def _block(agenda, events, page_url, more_url, more_text, heading) -> str:
    html = render(
        "termine/next.html",
        events=events,
        page_url=page_url,
        empty="Zurzeit sind keine Termine angekündigt.",
        level=3,
        next_of=lambda event: event.next(agenda.now) if event.weekly else None,
        more_url=more_url,
        more_text=more_text,
        heading=heading,
        heading_id="termine-zum-handlungsfeld",
    )
    return "\n".join(line for line in html.splitlines() if line.strip())
