"""Injectable time, so deadlines can be previewed and tests never sleep."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from babel import Locale
from flask import current_app

BERLIN = ZoneInfo("Europe/Berlin")
# CLDR's German names, read once: babel's format_datetime parses the pattern on every call.
_GERMAN = Locale.parse("de_DE")
_WEEKDAYS = dict(_GERMAN.days["format"]["wide"])
_MONTHS = dict(_GERMAN.months["format"]["wide"])


def german_time(moment: datetime) -> str:
    """A time as people in Kassel read it: Freitag, 25. Juni 2021, 23:59 Uhr."""
    local = moment.astimezone(BERLIN)
    weekday, month = _WEEKDAYS[local.weekday()], _MONTHS[local.month]
    return f"{weekday}, {local.day}. {month} {local.year}, {local:%H:%M} Uhr"


class SystemClock:
    """The real time."""

    preview = False

    def now(self) -> datetime:
        """Return the current time, timezone-aware in UTC."""
        return datetime.now(UTC)


class PreviewClock:
    """Time that starts at a chosen moment and then runs on, for demos of a past quiz."""

    preview = True

    def __init__(self, start: datetime):
        self.start = start.astimezone(UTC)
        self._started = time.monotonic()

    def now(self) -> datetime:
        """Return the preview start plus the real time passed since."""
        return self.start + timedelta(seconds=time.monotonic() - self._started)


class FixedClock:
    """Time that only moves when told to (tests)."""

    preview = False

    def __init__(self, moment: datetime):
        self.moment = moment.astimezone(UTC)

    def now(self) -> datetime:
        """Return the set moment."""
        return self.moment

    def advance(self, **delta: float) -> None:
        """Move time forward, e.g. advance(seconds=5)."""
        self.moment += timedelta(**delta)

    def set(self, moment: datetime) -> None:
        """Jump to another moment."""
        self.moment = moment.astimezone(UTC)


def parse_moment(text: str) -> datetime:
    """Parse an ISO 8601 time that must carry an offset."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset (e.g. +02:00)")
    return moment


def clock_for(config: dict) -> SystemClock | PreviewClock | FixedClock:
    """Pick the clock from the configuration; refuse a preview time outside debug mode."""
    if config.get("CLOCK") is not None:
        return config["CLOCK"]
    preview = config.get("FORMS_PREVIEW_NOW")
    if not preview:
        return SystemClock()
    if not config.get("DEBUG"):
        raise RuntimeError(
            "FORMS_PREVIEW_NOW is set, but the service honours it only in debug mode "
            "(FLASK_DEBUG=1). Unset FORMS_PREVIEW_NOW in production."
        )
    try:
        return PreviewClock(parse_moment(preview))
    except ValueError as exc:
        raise RuntimeError(f"FORMS_PREVIEW_NOW: {exc}") from exc


def now() -> datetime:
    """Return the app's current time."""
    return current_app.extensions["forms_clock"].now()
