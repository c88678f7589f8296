"""Dates as plain data: when and where each one is, and whether it is still ahead at a moment."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from site_src.settings import EVENTS_DIR

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Venue:
    """A place in Kassel with its postal address and Stadtteil."""

    name: str
    street: str
    postal_code: str
    city: str
    stadtteil: str

    @property
    def address(self) -> str:
        """The address in one line, as a letter would carry it."""
        return f"{self.street}, {self.postal_code} {self.city}"


@dataclass(frozen=True)
class Accessibility:
    """What the venue offers; None where the editor said nothing (online dates)."""

    step_free: bool | None = None
    hearing_loop: bool | None = None
    sign_language: bool | None = None


@dataclass(frozen=True)
class Registration:
    """A registration with a fixed number of seats; the form service wires it up later."""

    form: str
    capacity: int
    deadline: dt.datetime


@dataclass(frozen=True)
class Occurrence:
    """One time a date takes place; all-day dates run from midnight to midnight in Berlin."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Event:
    """One date from content/termine/<slug>.md, checked and ready to show."""

    src: str
    slug: str
    title: str
    description: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    body: str = ""
    venue: Venue | None = None
    online: str | None = None
    accessibility: Accessibility = field(default_factory=Accessibility)
    focus: tuple[str, ...] = ()
    image: str | None = None
    image_alt: str | None = None
    registration: Registration | None = None
    weekly: bool = False
    until: dt.date | None = None
    free: bool = True

    @property
    def all_day(self) -> bool:
        """Whether the date names days only, no times."""
        return not isinstance(self.start, dt.datetime)

    @property
    def url(self) -> str:
        """The page's address relative to the site root."""
        return f"{EVENTS_DIR}/{self.slug}/"

    @property
    def ics_path(self) -> str:
        """The calendar file of this date, relative to the site root."""
        return f"{EVENTS_DIR}/{self.slug}.ics"

    def first(self) -> Occurrence:
        """The first (or only) time, as moments in Berlin."""
        return self._nth(0)

    def last(self) -> Occurrence | None:
        """The last time; None for a weekly date without an end."""
        if not self.weekly:
            return self.first()
        if self.until is None:
            return None
        span = (self.until - _day(self.start)).days // 7
        return self._nth(span)

    def next(self, now: dt.datetime) -> Occurrence | None:
        """The first time that has not ended at `now`; None once everything is over."""
        first = self.first()
        if first.end > now or not self.weekly:
            return first if first.end > now else None
        weeks = max(0, (now - first.end).days // 7)
        while True:
            occurrence = self._nth(weeks)
            if self.until and _day(occurrence.start) > self.until:
                return None
            if occurrence.end > now:
                return occurrence
            weeks += 1

    def _nth(self, weeks: int) -> Occurrence:
        """The time `weeks` weeks after the first: same wall-clock time, also across DST."""
        shift = WEEK * weeks
        if self.all_day:
            start = dt.datetime.combine(self.start + shift, dt.time(), BERLIN)
            end = dt.datetime.combine(self.end + shift + dt.timedelta(days=1), dt.time(), BERLIN)
            return Occurrence(start, end)
        start, end = self.start.replace(tzinfo=None), self.end.replace(tzinfo=None)
        return Occurrence(
            (start + shift).replace(tzinfo=BERLIN), (end + shift).replace(tzinfo=BERLIN)
        )


@dataclass
class Agenda:
    """All published dates split at the build's moment: what is ahead and what is over."""

    now: dt.datetime
    upcoming: list[Event] = field(default_factory=list)
    past: list[Event] = field(default_factory=list)
    drafts: list[Event] = field(default_factory=list)

    @property
    def published(self) -> list[Event]:
        """Every date with a page: the ones ahead first, then the archive."""
        return self.upcoming + self.past


def agenda(events: list[Event], now: dt.datetime, drafts: list[Event] | None = None) -> Agenda:
    """Sort dates as readers expect: next one first; the archive newest first."""
    result = Agenda(now=now, drafts=drafts or [])
    timed = [(event.next(now), event) for event in events]
    ahead = [(nxt, event) for nxt, event in timed if nxt is not None]
    ahead.sort(key=lambda pair: (pair[0].start, pair[1].slug))
    result.upcoming = [event for _, event in ahead]
    over = [event for nxt, event in timed if nxt is None]
    result.past = sorted(over, key=lambda event: (event.last().end, event.slug), reverse=True)
    return result


def _day(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
