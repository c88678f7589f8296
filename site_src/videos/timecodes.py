"""Read and write the time formats editors and search engines use for recordings."""

from __future__ import annotations

import re

CLOCK_TIME = re.compile(r"^(?:(?P<h>\d+):(?P<hm>[0-5]\d)|(?P<m>\d{1,3})):(?P<s>[0-5]\d)$")
ISO_DURATION = re.compile(r"^PT(?=\d)(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?$")

FORMATS_HINT = (
    "schreiben Sie MM:SS (z. B. 12:05), H:MM:SS (z. B. 1:02:05) oder ISO 8601 (z. B. PT12M5S)"
)


def parse_seconds(text: str) -> int:
    """Turn '12:05', '1:02:05' or 'PT12M5S' into seconds; ValueError names the allowed forms."""
    value = text.strip()
    clock = CLOCK_TIME.match(value)
    if clock:
        hours = int(clock["h"] or 0)
        minutes = int(clock["hm"] if clock["h"] else clock["m"])
        return hours * 3600 + minutes * 60 + int(clock["s"])
    iso = ISO_DURATION.match(value.upper())
    if iso and (iso["h"] or iso["m"] or iso["s"]):
        return int(iso["h"] or 0) * 3600 + int(iso["m"] or 0) * 60 + int(iso["s"] or 0)
    raise ValueError(f"'{text}' ist keine Zeitangabe; {FORMATS_HINT}")


def clock(seconds: int) -> str:
    """Show a time the way video players do: 4:05 or 1:02:05."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def iso_duration(seconds: int) -> str:
    """Write a duration as ISO 8601 (PT1H2M5S), the form schema.org expects."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours}H" if hours else "", f"{minutes}M" if minutes else ""]
    parts.append(f"{secs}S" if secs or not (hours or minutes) else "")
    return "PT" + "".join(parts)


def spoken(seconds: int) -> str:
    """Say a duration in German words for screen readers and listings ('1 Std. 2 Min.')."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} Std." if hours else "", f"{minutes} Min." if minutes else ""]
    if secs and not hours:
        parts.append(f"{secs} Sek.")
    return " ".join(part for part in parts if part) or "0 Sek."
