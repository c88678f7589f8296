"""Put the Bürgerrat's public files into content/ for the site: the announcement, then the result.

``announce`` writes the seed before the draw; ``publish`` copies the protocol and turns
``probabilities.csv`` (by Losnummer) into ``chancen.csv`` (by public token), so the site shows each
person's chance without anyone's Losnummer. ``build.py check`` reads both files again.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from forms.office.panel import draw
from forms.office.panel.tables import PanelInputError

ANNOUNCEMENT = "ankuendigung.json"
PROTOCOL = "protokoll.json"
CHANCES = "chancen.csv"


def announce(folder: Path, seed: str, seats: int, reserved: int, draw_date: dt.date) -> Path:
    """Write the announcement once; a second one for the same draw is refused."""
    path = folder / ANNOUNCEMENT
    if path.exists():
        raise PanelInputError([f"{path} gibt es schon; ein angekündigter Startwert bleibt."])
    if seats < 1 or not 0 <= reserved < seats:
        raise PanelInputError([f"--seats {seats} und --reserved {reserved} passen nicht zusammen"])
    record = {"seed": seed, "seats": seats, "reserved": reserved, "draw_date": str(draw_date)}
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def publish(result: Path, folder: Path) -> list[Path]:
    """Copy the protocol and the chances by token; the seed must be the one announced."""
    announced = folder / ANNOUNCEMENT
    if not announced.exists():
        raise PanelInputError([f"{announced} fehlt: erst ankündigen (panel announce), dann losen."])
    record = json.loads((result / "protocol.json").read_text(encoding="utf-8"))
    seed = json.loads(announced.read_text(encoding="utf-8"))["seed"]
    if record["seed"] != seed:
        raise PanelInputError(
            [f"Startwert {record['seed']!r} im Protokoll, angekündigt war {seed!r}"]
        )
    fingerprint = record["pool"]["sha256"]
    with (result / "probabilities.csv").open(encoding="utf-8", newline="") as file:
        rows = sorted(
            (draw.public_token(fingerprint, row["id"]), row["probability"])
            for row in csv.DictReader(file)
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("token", "probability"))
    writer.writerows(rows)
    protocol, chances = folder / PROTOCOL, folder / CHANCES
    protocol.write_text((result / "protocol.json").read_text(encoding="utf-8"), encoding="utf-8")
    chances.write_text(buffer.getvalue(), encoding="utf-8")
    return [protocol, chances]
