"""Read and check what the office publishes about the draw, so the page states only that.

The files live in ``content/mitmachen/buergerrat/ziehung/`` and are written by
``flask --app forms panel announce`` (``ankuendigung.json``, before the draw) and
``flask --app forms panel publish`` (``protokoll.json`` and ``chancen.csv``, after it).
No file: no draw announced. A protocol needs the announcement, with the same seed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from site_src.errors import ContentError

FOLDER = "mitmachen/buergerrat/ziehung"
ANNOUNCEMENT = f"{FOLDER}/ankuendigung.json"
PROTOCOL = f"{FOLDER}/protokoll.json"
CHANCES = f"{FOLDER}/chancen.csv"
METHOD = "smart-kassel-panel/1"
TOKEN = re.compile(r"^[0-9a-f]{16}$")
SEED_MAX = 500  # as MAX_SEED_LENGTH of forms/office/raffle.py, which writes the seed


@dataclass(frozen=True)
class Announcement:
    """What the office promised before the draw."""

    seed: str
    seats: int
    reserved: int
    draw_date: dt.date


@dataclass(frozen=True)
class Result:
    """The published outcome: numbers, tokens and each token's chance."""

    seed: str
    seats: int
    reserved: int
    pool_size: int
    lowest: float
    lottery_size: int | None
    pick: int
    panel: tuple[str, ...]
    substitutes: tuple[str, ...]
    chances: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class Draw:
    """Everything the page may say; ``None`` where nothing was published."""

    announcement: Announcement | None = None
    result: Result | None = None


class _Problems:
    """Collect errors of one file with the line of the field they concern."""

    def __init__(self, src: str, text: str) -> None:
        self.src, self.lines, self.errors = shown(src), text.splitlines(), []

    def add(self, field: str, message: str, line: int | None = None) -> None:
        if line is None:
            needle = f'"{field.split(".")[-1]}"'
            line = next((n for n, t in enumerate(self.lines, 1) if needle in t), 1)
        self.errors.append(ContentError(self.src, line, field, message))


def shown(src: str) -> str:
    """A file's name as editors see it in errors (like every other content error)."""
    return f"content/{src}"


def load(root: Path) -> tuple[Draw, list[ContentError]]:
    """Read the published files under ``root`` (content/); every problem at once."""
    errors: list[ContentError] = []
    announcement = _read(root, ANNOUNCEMENT, _announcement, errors)
    result = _read(root, PROTOCOL, lambda p, d: _protocol(p, d, root), errors)
    if result is not None and not errors:
        if announcement is None:
            errors.append(
                ContentError(
                    shown(PROTOCOL),
                    1,
                    "seed",
                    f"ein Ergebnis ohne Ankündigung; {ANNOUNCEMENT} muss vor der Auslosung "
                    "veröffentlicht sein (flask --app forms panel announce)",
                )
            )
        else:
            errors += _agrees(root, announcement, result)
    if errors:
        return Draw(), errors
    return Draw(announcement, result), []


def _agrees(root: Path, announcement: Announcement, result: Result) -> list[ContentError]:
    """The draw used the seed and the seats announced before it."""
    problems = _Problems(PROTOCOL, (root / PROTOCOL).read_text(encoding="utf-8"))
    if announcement.seed != result.seed:
        problems.add("seed", f"weicht vom angekündigten Startwert {announcement.seed!r} ab")
    if announcement.seats != result.seats:
        problems.add("seats", f"{result.seats} Sitze, angekündigt waren {announcement.seats}")
    if announcement.reserved != result.reserved:
        problems.add(
            "reserved.seats",
            f"{result.reserved} reservierte Sitze, angekündigt waren {announcement.reserved}",
        )
    return problems.errors


def check(content, settings) -> list[ContentError]:
    """`build.py check`: the published draw files are complete and agree with each other."""
    return load(content.root)[1]


def _read(root: Path, src: str, parse, errors: list[ContentError]):
    path = root / src
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except ValueError as error:
        line = getattr(error, "lineno", 1)
        errors.append(ContentError(shown(src), line, "(Datei)", f"kein gültiges JSON ({error})"))
        return None
    problems = _Problems(src, text)
    if not isinstance(data, dict):
        problems.add("(Datei)", "muss ein JSON-Objekt sein", 1)
        errors += problems.errors
        return None
    found = parse(problems, data)
    errors += problems.errors
    return None if problems.errors else found


def _announcement(problems: _Problems, data: dict) -> Announcement | None:
    seed = _seed(problems, data.get("seed"))
    seats = _count(problems, "seats", data.get("seats"), 1)
    reserved = _count(problems, "reserved", data.get("reserved", 0), 0)
    if seats is not None and reserved is not None and reserved >= seats:
        problems.add("reserved", f"{reserved} reservierte Sitze, aber nur {seats} Sitze")
    try:
        day = dt.date.fromisoformat(str(data.get("draw_date")))
    except ValueError:
        problems.add("draw_date", "muss ein Datum wie 2027-03-01 sein")
        day = None
    if problems.errors:
        return None
    return Announcement(seed, seats, reserved, day)


def _protocol(problems: _Problems, data: dict, root: Path) -> Result | None:
    if data.get("method") != METHOD:
        problems.add("method", f"unbekanntes Verfahren; erwartet {METHOD}")
        return None
    seed = _seed(problems, data.get("seed"))
    seats = _count(problems, "seats", data.get("seats"), 1)
    pool = data.get("pool") if isinstance(data.get("pool"), dict) else {}
    size = _count(problems, "pool.size", pool.get("size"), 1)
    reserved_spec = data.get("reserved") if isinstance(data.get("reserved"), dict) else {}
    if data.get("reserved") is not None and not reserved_spec:
        problems.add("reserved", "muss ein Objekt mit seats sein")
    reserved = _count(problems, "reserved.seats", reserved_spec.get("seats", 0), 0)
    lowest = data.get("lowest_chance_leximin")
    if not _is_chance(lowest):
        problems.add("lowest_chance_leximin", "muss eine Zahl von 0 bis 1 sein")
    lottery = data.get("lottery")
    lottery_size = lottery.get("size") if isinstance(lottery, dict) else None
    if lottery is not None and not (isinstance(lottery_size, int) and lottery_size > 0):
        problems.add("lottery.size", "muss eine ganze Zahl über 0 sein")
    pick = (data.get("draw") or {}).get("pick") if isinstance(data.get("draw"), dict) else None
    if not isinstance(pick, int) or isinstance(pick, bool) or pick < 0:
        problems.add("draw.pick", "muss eine ganze Zahl ab 0 sein")
    panel = _tokens(problems, "panel", data.get("panel"))
    substitutes = data.get("substitutes")
    if not isinstance(substitutes, list) or not all(isinstance(s, dict) for s in substitutes):
        problems.add("substitutes", "muss eine Liste von Einträgen mit token sein")
        substitutes = []
    backups = _tokens(problems, "substitutes", [s.get("token") for s in substitutes])
    if problems.errors:
        return None
    if len(panel) != seats - reserved:
        problems.add("panel", f"{len(panel)} Kennungen, aber {seats - reserved} gelöste Sitze")
    chances = _chances(root, size, seats - reserved, set(panel), problems)
    if problems.errors or chances is None:
        return None
    return Result(seed, seats, reserved, size, lowest, lottery_size, pick, panel, backups, chances)


def _chances(root: Path, size: int, drawn: int, panel: set[str], protocol: _Problems):
    """``chancen.csv``: ``token,probability`` for the whole pool, adding up to the seats drawn."""
    path = root / CHANCES
    if not path.exists():
        protocol.add("(Datei)", f"{CHANCES} fehlt (flask --app forms panel publish)", 1)
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except ValueError:
        protocol.add("(Datei)", f"{CHANCES} ist keine UTF-8-Textdatei", 1)
        return None
    problems = _Problems(CHANCES, text)
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != ["token", "probability"]:
        problems.add("(Kopfzeile)", "muss genau token,probability lauten", 1)
        protocol.errors += problems.errors
        return None
    rows, seen = [], set()
    for line, row in enumerate(reader, start=2):
        token, value = row["token"] or "", row["probability"] or ""
        if not TOKEN.match(token):
            problems.add("token", f"{token!r} ist keine Kennung aus 16 Hex-Zeichen", line)
        elif token in seen:
            problems.add("token", f"{token} steht doppelt", line)
        seen.add(token)
        try:
            chance = float(value)
        except ValueError:
            chance = math.nan
        if not _is_chance(chance):
            problems.add("probability", f"{value!r} ist keine Zahl von 0 bis 1", line)
        rows.append((token, chance))
    if not problems.errors:
        if len(rows) != size:
            problems.add("(Datei)", f"{len(rows)} Zeilen, der Pool hat {size} Personen", 1)
        if not math.isclose(sum(c for _, c in rows), drawn, abs_tol=1e-6):
            problems.add("probability", f"die Chancen ergeben nicht {drawn} gelöste Sitze", 2)
        if not panel <= seen:
            problems.add("token", "Kennungen des Panels fehlen in der Liste", 1)
    protocol.errors += problems.errors
    return tuple(sorted(rows)) if not problems.errors else None


def _seed(problems: _Problems, value) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > SEED_MAX:
        problems.add("seed", f"muss ein Text mit 1 bis {SEED_MAX} Zeichen sein")
        return ""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        problems.add("seed", "darf keine Steuerzeichen oder Zeilenumbrüche enthalten")
    return value


def _count(problems: _Problems, field: str, value, least: int) -> int | None:
    if not isinstance(value, int) or isinstance(value, bool) or value < least:
        problems.add(field, f"muss eine ganze Zahl ab {least} sein")
        return None
    return value


def _tokens(problems: _Problems, field: str, value) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(t, str) and TOKEN.match(t) for t in value):
        problems.add(field, "muss eine Liste von Kennungen aus 16 Hex-Zeichen sein")
        return ()
    return tuple(value)


def _is_chance(value) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and -1e-9 <= value <= 1 + 1e-9
    )
