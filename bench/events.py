"""Generate dates for content/termine/ that pass our schema, the same ones for the same seed."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.articles import _sentence
from site_src.settings import DEFAULT_STADTTEILE, FOCUS_AREAS


@dataclass(frozen=True)
class GeneratedEvent:
    """One generated date: its file name and full Markdown text."""

    filename: str
    text: str
    form: str = ""  # the YAML of its registration form, for dates with a registration


def generate(count: int, seed: int = 2021) -> list[GeneratedEvent]:
    """Return `count` dates from 2021 to 2023: in Stadtteilen or online, some weekly or all-day."""
    rng = random.Random(seed)
    return [_event(rng, index) for index in range(count)]


BERLIN = ZoneInfo("Europe/Berlin")


def write(events: list[GeneratedEvent], directory: Path, forms: Path | None = None) -> None:
    """Store the dates as Markdown files in `directory`, their registration forms in `forms`."""
    directory.mkdir(parents=True, exist_ok=True)
    for event in events:
        (directory / event.filename).write_text(event.text, encoding="utf-8")
        if forms is not None and event.form:
            name = event.filename.replace("termin-", "anmeldung-").replace(".md", ".yml")
            (forms / name).write_text(event.form, encoding="utf-8")


def _registration_form(index: int, slug: str, start: datetime, end: datetime) -> str:
    """A registration form that agrees with its date (seats, deadline, start, page)."""
    closes = (start - timedelta(days=2)).replace(hour=12)
    return "\n".join(
        [
            f"id: anmeldung-{index:04d}",
            f"title: Anmeldung zu Termin {index}",
            "kind: registration",
            "capacity: 20",
            f"closes: {closes.isoformat()}",
            "event:",
            f"  title: Termin {index}",
            f"  start: {start.isoformat()}",
            f"  end: {end.isoformat()}",
            f"  place: Treffpunkt {index}",
            f"  page: /termine/{slug}/",
            "confirm_to: email",
            "one_entry_per: email",
            "retention_days: 14",
            "success_url: /mitmachen/anmeldung/danke/",
            "fields:",
            "  - {name: name, label: Ihr Name, type: text, max_length: 100}",
            "  - {name: email, label: E-Mail-Adresse, type: email}",
            "  - name: consent",
            "    label: Ich bin einverstanden, dass meine Angaben gespeichert werden.",
            "    type: consent",
            "notify: [smart@kassel.de]",
            "",
        ]
    )


def _event(rng: random.Random, index: int) -> GeneratedEvent:
    day = date(2021, 1, 4) + timedelta(days=rng.randrange(0, 3 * 365))
    form = ""
    lines = [
        "---",
        f'title: "Termin {index}: {_sentence(rng)[:60]}"',
        f'description: "{_sentence(rng)}"',
    ]
    kind = rng.random()
    if kind < 0.1:
        lines.append(f"start: {day.isoformat()}")
    else:
        hour = rng.randint(9, 19)
        lines += [f"start: {day.isoformat()} {hour}:00", f"end: {day.isoformat()} {hour + 2}:00"]
        if kind < 0.2:
            lines.append("repeat: weekly")
            lines.append(f"until: {(day + timedelta(days=rng.randrange(7, 200))).isoformat()}")
    if rng.random() < 0.6:
        lines += [
            "place:",
            f'  name: "Treffpunkt {index}"',
            f'  street: "Beispielstraße {index % 90 + 1}"',
            '  postal_code: "34117"',
            f'  stadtteil: "{rng.choice(DEFAULT_STADTTEILE)}"',
            "accessibility:",
            f"  step_free: {str(rng.random() < 0.7).lower()}",
            f"  hearing_loop: {str(rng.random() < 0.3).lower()}",
            f"  sign_language: {str(rng.random() < 0.2).lower()}",
        ]
        if kind >= 0.2 and rng.random() < 0.3:
            lines += [
                "registration:",
                f"  form: anmeldung-{index:04d}",
                "  capacity: 20",
                f"  deadline: {(day - timedelta(days=2)).isoformat()} 12:00",
            ]
            begin = datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)
            form = _registration_form(
                index, f"termin-{index:04d}", begin, begin + timedelta(hours=2)
            )
    else:
        lines.append("online: https://www.letsgetsmartkassel.de/")
    focus = rng.sample(list(FOCUS_AREAS), k=rng.randint(0, 2))
    if focus:
        lines.append(f"focus: [{', '.join(focus)}]")
    body = "\n\n".join(" ".join(_sentence(rng) for _ in range(4)) for _ in range(3))
    text = "\n".join([*lines, "---", "", body, ""])
    return GeneratedEvent(f"termin-{index:04d}.md", text, form)
