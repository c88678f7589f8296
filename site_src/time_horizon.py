"""Until when a build stays true: the first moment its output could change without any edit.

A page built on the real clock shows what is true at that moment: which dates are still ahead,
which form takes entries, the day in feeds and file stamps. Each of these changes only at a
moment the content names (a form's opening or closing, a date's start or end) or at midnight
in Kassel. The build cache reuses an output only before the earliest of them.

Every use of the build clock (`build_clock`, `build_moment`) must be covered here; a test
lists them, so a new one cannot slip past.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from forms.definitions.model import FormDefinition
from site_src.clock import BERLIN
from site_src.termine.model import Agenda


def valid_until(
    now: dt.datetime, agenda: Agenda | None, forms: Iterable[FormDefinition]
) -> dt.datetime:
    """The first moment after `now` at which a build could give another result."""
    # mkdocs stamps sitemap.xml with the UTC day: in winter it turns an hour after Kassel's.
    candidates = [_next_midnight(now), _next_utc_midnight(now)]
    for form in forms:
        event_start = form.event.start if form.event else None
        candidates += [moment for moment in (form.opens, form.closes, event_start) if moment]
    for event in agenda.upcoming if agenda else []:
        occurrence = event.next(now)
        if occurrence is not None:
            candidates += [occurrence.start, occurrence.end]
    return min(moment for moment in candidates if moment > now)


def _next_midnight(now: dt.datetime) -> dt.datetime:
    day = now.astimezone(BERLIN).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(0), tzinfo=BERLIN)


def _next_utc_midnight(now: dt.datetime) -> dt.datetime:
    day = now.astimezone(dt.UTC).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(0), tzinfo=dt.UTC)
