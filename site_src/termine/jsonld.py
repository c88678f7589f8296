"""schema.org Event data, so search engines and apps know when, where and for whom a date is."""

from __future__ import annotations

import datetime as dt

from site_src.settings import SiteSettings
from site_src.termine.model import BERLIN, Event
from site_src.termine.times import clock_text

ORGANIZER = "Stadt Kassel, Smart Kassel-Büro"
_MODES = {
    (True, False): "https://schema.org/OfflineEventAttendanceMode",
    (False, True): "https://schema.org/OnlineEventAttendanceMode",
    (True, True): "https://schema.org/MixedEventAttendanceMode",
}
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def event_object(event: Event, now: dt.datetime, settings: SiteSettings) -> dict:
    """Describe one date with absolute URLs; a weekly date carries its schedule."""
    occurrence = event.next(now) or event.last() or event.first()
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "url": settings.site_url + event.url,
        "startDate": _moment(event, occurrence.start),
        "endDate": _moment(event, occurrence.end - dt.timedelta(days=event.all_day)),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": _MODES[(event.venue is not None, event.online is not None)],
        "location": locations(event),
        "isAccessibleForFree": event.free,
        "inLanguage": "de",
        "organizer": {"@type": "Organization", "name": ORGANIZER, "url": settings.site_url},
    }
    if event.image:
        data["image"] = [settings.site_url + event.image]
    if event.weekly:
        data["eventSchedule"] = _schedule(event)
    return data


def locations(event: Event) -> list[dict]:
    """The venue as a Place with its postal address and/or the online link."""
    places: list[dict] = []
    if event.venue:
        venue = event.venue
        places.append(
            {
                "@type": "Place",
                "name": venue.name,
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": venue.street,
                    "postalCode": venue.postal_code,
                    "addressLocality": venue.city,
                    "addressRegion": "Hessen",
                    "addressCountry": "DE",
                },
            }
        )
    if event.online:
        places.append({"@type": "VirtualLocation", "url": event.online})
    return places


def _moment(event: Event, moment: dt.datetime) -> str:
    local = moment.astimezone(BERLIN)
    return local.date().isoformat() if event.all_day else local.isoformat()


def _schedule(event: Event) -> dict:
    first = event.first()
    schedule = {
        "@type": "Schedule",
        "repeatFrequency": "P1W",
        "byDay": f"https://schema.org/{_DAYS[first.start.astimezone(BERLIN).weekday()]}",
        "startDate": first.start.astimezone(BERLIN).date().isoformat(),
        "scheduleTimezone": "Europe/Berlin",
    }
    if not event.all_day:
        schedule["startTime"] = clock_text(first.start)
        schedule["endTime"] = clock_text(first.end)
    if event.until:
        schedule["endDate"] = event.until.isoformat()
    return schedule
