"""Read the times editors write (local time in Kassel) and say them back in German."""

from __future__ import annotations

import datetime as dt
import re

from site_src.termine.model import BERLIN, Event, Occurrence
from site_src.text import german_date

MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?$")
_WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


class TimeProblem(ValueError):
    """A time an editor wrote that cannot be used; the message says how to write it."""


def parse_local(text: str) -> dt.datetime | dt.date:
    """'2021-06-18' is a day, '2021-06-21 16:00' a time in Berlin; anything else is refused."""
    match = MOMENT.match(text.strip())
    example = "z. B. 2021-06-21 16:00 oder für ganztägige Termine 2021-06-18"
    if not match:
        raise TimeProblem(
            f"'{text}' ist keine Zeitangabe; schreiben Sie JJJJ-MM-TT HH:MM, {example}"
        )
    try:
        day = dt.date.fromisoformat(match.group(1))
        if match.group(2) is None:
            return day
        clock = dt.time(int(match.group(2)), int(match.group(3)))
    except ValueError:
        raise TimeProblem(f"'{text}' gibt es nicht im Kalender; {example}") from None
    return _in_berlin(dt.datetime.combine(day, clock), text)


def _in_berlin(naive: dt.datetime, text: str) -> dt.datetime:
    """Attach Kassel's time zone; refuse the hour skipped and the hour repeated at DST changes."""
    first, second = naive.replace(tzinfo=BERLIN), naive.replace(tzinfo=BERLIN, fold=1)
    if first.astimezone(dt.UTC).astimezone(BERLIN).replace(tzinfo=None) != naive:
        raise TimeProblem(
            f"'{text}' gibt es in Kassel nicht: Bei der Umstellung auf Sommerzeit springt die Uhr "
            "von 2:00 auf 3:00 Uhr; wählen Sie eine andere Uhrzeit"
        )
    if first.utcoffset() != second.utcoffset():
        raise TimeProblem(
            f"'{text}' gibt es in Kassel zweimal (Ende der Sommerzeit); wählen Sie eine Uhrzeit "
            "vor 2:00 oder ab 3:00 Uhr"
        )
    return first


def weekday(day: dt.date) -> str:
    """The German name of the day of the week."""
    return _WEEKDAYS[day.weekday()]


def day_text(day: dt.date) -> str:
    """'Freitag, 18. Juni 2021'."""
    return f"{weekday(day)}, {german_date(day)}"


def clock_text(moment: dt.datetime) -> str:
    """'16:00' in Berlin time."""
    return f"{moment.astimezone(BERLIN):%H:%M}"


def occurrence_text(event: Event, occurrence: Occurrence) -> str:
    """One time of a date in words: day(s) and, unless all-day, the hours."""
    start, end = occurrence.start.astimezone(BERLIN), occurrence.end.astimezone(BERLIN)
    if event.all_day:
        last = (end - dt.timedelta(days=1)).date()
        if last == start.date():
            return f"{day_text(start.date())} (ganztägig)"
        return f"{day_text(start.date())} bis {day_text(last)}"
    if start.date() == end.date():
        return f"{day_text(start.date())}, {clock_text(start)} bis {clock_text(end)} Uhr"
    return (
        f"{day_text(start.date())}, {clock_text(start)} Uhr, "
        f"bis {day_text(end.date())}, {clock_text(end)} Uhr"
    )


def when_text(event: Event) -> str:
    """When a date takes place, for lists and the page; weekly dates say their rhythm."""
    first = event.first()
    if not event.weekly:
        return occurrence_text(event, first)
    start = first.start.astimezone(BERLIN)
    hours = (
        "ganztägig"
        if event.all_day
        else (f"{clock_text(first.start)} bis {clock_text(first.end)} Uhr")
    )
    span = f"ab {german_date(start.date())}"
    if event.until:
        span += f" bis {german_date(event.until)}"
    return f"jeden {weekday(start.date())}, {hours} ({span})"
