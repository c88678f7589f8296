"""Calendar files (RFC 5545): one per date and a subscribable one of every date still ahead."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import icalendar

from site_src.clock import day_stamp
from site_src.settings import EVENTS_DIR, FOCUS_AREAS, SiteSettings
from site_src.termine.model import BERLIN, Agenda, Event

CALENDAR_PATH = f"{EVENTS_DIR}/kalender.ics"
PRODID = "-//Stadt Kassel//Smart Kassel Termine//DE"


def calendar_files(agenda: Agenda, settings: SiteSettings) -> list[tuple[str, str]]:
    """(path, text) of every date's own file and of the calendar of all dates ahead."""
    stamp = day_stamp(agenda.now)
    # Each component is written once by icalendar and placed in every file that holds it.
    entries = {event.slug: _text(_vevent(event, stamp, settings)) for event in agenda.published}
    zone = _text(_berlin())
    files = [
        (event.ics_path, _calendar([event], event.title, entries, zone))
        for event in agenda.published
    ]
    name = f"{settings.site_name}: Termine"
    files.append((CALENDAR_PATH, _calendar(agenda.upcoming, name, entries, zone)))
    return files


def uid(event: Event, settings: SiteSettings) -> str:
    """Stays the same across builds, so calendars update a date instead of adding it twice."""
    host = urlsplit(settings.site_url).hostname or "smart.kassel.de"
    return f"{event.slug}@{host}"


def _calendar(events: list[Event], name: str, entries: dict[str, str], zone: str) -> str:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    head, end = _text(calendar).rsplit("END:VCALENDAR", 1)
    parts = [zone] if any(not event.all_day for event in events) else []
    parts += [entries[event.slug] for event in events]
    return head + "".join(parts) + "END:VCALENDAR" + end


def _text(component: icalendar.cal.Component) -> str:
    return component.to_ical().decode("utf-8")


def _berlin() -> icalendar.Timezone:
    """Europe/Berlin by its rule (EU summer time since 1996): short, and right for every year."""
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/Berlin")
    for kind, name, month, offsets, hour in (
        (icalendar.TimezoneDaylight, "CEST", 3, (1, 2), 2),
        (icalendar.TimezoneStandard, "CET", 10, (2, 1), 3),
    ):
        part = kind()
        part.add("tzname", name)
        part.add("tzoffsetfrom", dt.timedelta(hours=offsets[0]))
        part.add("tzoffsetto", dt.timedelta(hours=offsets[1]))
        part.add("dtstart", dt.datetime(1996, month, 31 if month == 3 else 27, hour))
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def _vevent(event: Event, stamp: dt.datetime, settings: SiteSettings) -> icalendar.Event:
    page = settings.site_url + event.url
    vevent = icalendar.Event()
    vevent.add("uid", uid(event, settings))
    vevent.add("dtstamp", stamp)
    vevent.add("summary", event.title)
    vevent.add("description", f"{event.description}\n\n{page}")
    vevent.add("url", page)
    if event.all_day:
        vevent.add("dtstart", event.start)
        vevent.add("dtend", event.end + dt.timedelta(days=1))
    else:
        vevent.add("dtstart", event.start.astimezone(BERLIN))
        vevent.add("dtend", event.end.astimezone(BERLIN))
    if event.weekly:
        vevent.add("rrule", _rule(event))
    vevent.add("location", _location(event))
    vevent.add("status", "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    if event.focus:  # the names people read in their calendar, not our URL slugs
        vevent.add("categories", [FOCUS_AREAS[slug] for slug in event.focus])
    return vevent


def _rule(event: Event) -> dict:
    rule: dict = {"freq": "weekly"}
    if event.until is None:
        return rule
    if event.all_day:
        rule["until"] = event.until
    else:  # RFC 5545: with a TZID start, UNTIL is given in UTC
        last = dt.datetime.combine(event.until, dt.time(23, 59, 59), BERLIN)
        rule["until"] = last.astimezone(dt.UTC)
    return rule


def _location(event: Event) -> str:
    parts = []
    if event.venue:
        parts.append(f"{event.venue.name}, {event.venue.address}")
    if event.online:
        parts.append(f"online: {event.online}")
    return "; ".join(parts)
