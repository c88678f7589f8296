"""The one clock of a build: which day decides scheduled articles, which moment decides forms.

Precedence, first match wins:

1. `SITE_AS_OF` (what `build.py --as-of` sets): the whole site as of that day. A date means
   12:00 Europe/Berlin on that day; an ISO 8601 time with offset is taken as given.
2. Otherwise articles follow today's date in Europe/Berlin, and forms follow
   `FORMS_PREVIEW_NOW` when it is set (a demo of a past quiz, as in `make run`), else the real
   time. FORMS_PREVIEW_NOW does not hold articles back: the demo shows every article written.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass

from forms.clock import BERLIN, parse_moment
from site_src.errors import ContentError

AS_OF_VARIABLE = "SITE_AS_OF"
FORMS_PREVIEW_VARIABLE = "FORMS_PREVIEW_NOW"
_NOON = dt.time(12, 0)


class ClockError(ValueError):
    """An environment variable of the clock cannot be read; names the variable for editors."""

    def __init__(self, variable: str, message: str):
        self.variable, self.message = variable, message
        super().__init__(f"{variable}: {message}")

    def as_content_error(self) -> ContentError:
        """The problem as one line of a build's error report."""
        return ContentError(self.variable, 1, "Umgebungsvariable", self.message)


@dataclass(frozen=True)
class BuildClock:
    """The day articles are published up to, and the moment forms are shown open or closed."""

    day: dt.date
    moment: dt.datetime
    preview: bool


def build_clock(environ: Mapping[str, str] | None = None) -> BuildClock:
    """Read the clock from the environment; raise ClockError with a German message if bad."""
    environ = os.environ if environ is None else environ
    as_of = environ.get(AS_OF_VARIABLE, "").strip()
    if as_of:
        try:
            moment = parse_as_of(as_of)
        except ValueError as exc:
            raise ClockError(AS_OF_VARIABLE, str(exc)) from None
        return BuildClock(moment.astimezone(BERLIN).date(), moment, preview=True)
    real = dt.datetime.now(dt.UTC)
    day = real.astimezone(BERLIN).date()
    preview_text = environ.get(FORMS_PREVIEW_VARIABLE, "").strip()
    if not preview_text:
        return BuildClock(day, real, preview=False)
    try:
        return BuildClock(day, parse_moment(preview_text), preview=True)
    except ValueError as exc:
        message = f"{preview_text!r} ist keine Uhrzeit im Format 2021-06-20T12:00:00+02:00 ({exc})"
        raise ClockError(FORMS_PREVIEW_VARIABLE, message) from None


def parse_as_of(text: str) -> dt.datetime:
    """Read JJJJ-MM-TT (noon in Kassel) or an ISO 8601 time with offset."""
    try:
        if len(text) == 10:
            return dt.datetime.combine(dt.date.fromisoformat(text), _NOON, tzinfo=BERLIN)
        return parse_moment(text)
    except ValueError:
        raise ValueError(
            f"{text!r} ist kein Tag; schreiben Sie JJJJ-MM-TT, z. B. 2021-06-25, "
            "oder eine Uhrzeit wie 2021-06-25T09:00:00+02:00"
        ) from None


def berlin_today() -> dt.date:
    """Today's date in Kassel, whatever the server's time zone."""
    return dt.datetime.now(dt.UTC).astimezone(BERLIN).date()


def day_stamp(moment: dt.datetime) -> dt.datetime:
    """Midnight in Kassel of the moment's day, in UTC: the time stamp files of a build carry.

    Builds on the same day write the same bytes (a preview equals a full build, an unchanged
    site rebuilds identically), and the stamp still moves on when the day does.
    """
    midnight = dt.datetime.combine(moment.astimezone(BERLIN).date(), dt.time(0), tzinfo=BERLIN)
    return midnight.astimezone(dt.UTC)


def kassel_midnight(day: dt.date) -> str:
    """The start of a day in Kassel as RFC 3339, for feeds: 2021-06-24T00:00:00+02:00.

    An article of 24 June is published at Kassel's midnight, not at 02:00 (UTC midnight).
    """
    return dt.datetime.combine(day, dt.time(0), tzinfo=BERLIN).isoformat()
