"""Stage 1: draw the addresses for the invitation letters from a register extract.

Method (``smart-kassel-invite/1``): each district gets ``N * size / total`` letters, rounded down;
the letters left over go to the largest remainders (ties: the district's key
``SHA-256(seed + "\\ndistrict\\n" + name)``). Within a district, rows are ordered by
``SHA-256(seed + "\\ninvite\\n" + id)`` and the first ones get a letter. Each letter carries a
code for the answer, keyed with the service's secret so nobody can make up codes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from forms.definitions.letter_codes import CODE_ALPHABET
from forms.keys import keyed_sha256
from forms.office.export import neutralise
from forms.office.panel.tables import PanelInputError, Row, Table, read_table

METHOD = "smart-kassel-invite/1"


@dataclass(frozen=True)
class Invitation:
    """The chosen rows with their letter codes, and the numbers per district."""

    table: Table
    chosen: tuple[tuple[Row, str], ...]
    districts: tuple[dict, ...]


def allocate(sizes: dict[str, int], letters: int, seed: str) -> dict[str, int]:
    """Largest-remainder (Hare) allocation of the letters to the districts."""
    total = sum(sizes.values())
    shares = {d: Fraction(letters * n, total) for d, n in sizes.items()}
    result = {d: int(share) for d, share in shares.items()}
    order = sorted(shares, key=lambda d: (-(shares[d] - result[d]), _key(seed, "district", d)))
    for district in order[: letters - sum(result.values())]:
        result[district] += 1
    return result


def invite(register: Path, letters: int, column: str, seed: str, code_key: bytes) -> Invitation:
    """Read the register and draw the letters."""
    table = read_table(register, ("id", column))
    problems, seen, by_district = [], set(), {}
    for row in table.rows:
        person, district = row.cells["id"], row.cells[column]
        if not person:
            problems.append(table.problem(row.line, "id", "darf nicht leer sein"))
        elif person in seen:
            problems.append(table.problem(row.line, "id", f"{person!r} kommt doppelt vor"))
        if not district:
            problems.append(table.problem(row.line, column, "darf nicht leer sein"))
        seen.add(person)
        by_district.setdefault(district, []).append(row)
    if not 1 <= letters <= len(table.rows):
        problems.append(
            f"--letters: {letters} Briefe, das Melderegister hat {len(table.rows)} Zeilen"
        )
    if problems:
        raise PanelInputError(problems[:50])
    counts = allocate({d: len(rows) for d, rows in by_district.items()}, letters, seed)
    chosen, districts = [], []
    for district in sorted(by_district):
        rows = sorted(by_district[district], key=lambda r: _key(seed, "invite", r.cells["id"]))
        picked = rows[: counts[district]]
        chosen.extend((row, letter_code(code_key, seed, row.cells["id"])) for row in picked)
        districts.append({"district": district, "register": len(rows), "letters": counts[district]})
    return Invitation(table, tuple(chosen), tuple(districts))


def letter_code(key: bytes, seed: str, person: str) -> str:
    """Ten characters without look-alikes (no 0/O, 1/I), grouped for reading aloud."""
    digest = keyed_sha256(key, f"{seed}\n{person}".encode())
    chars = "".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:10])
    return f"{chars[:5]}-{chars[5:]}"


def write(invitation: Invitation, directory: Path, seed: str, column: str) -> None:
    """Write ``letters.csv`` (mail merge, Excel-friendly) and ``protocol.json``."""
    directory.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow((*invitation.table.columns, "code"))
    for row, code in invitation.chosen:
        writer.writerow((*(neutralise(row.cells[c]) for c in invitation.table.columns), code))
    (directory / "letters.csv").write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    ids = sorted(row.cells["id"] for row, _ in invitation.chosen)
    record = {
        "method": METHOD,
        "seed": seed,
        "by": column,
        "letters": len(invitation.chosen),
        "register_sha256": _digest(
            sorted(r.cells["id"] + "\t" + r.cells[column] for r in invitation.table.rows)
        ),
        "chosen_sha256": _digest(ids),
        "districts": list(invitation.districts),
    }
    text = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
    (directory / "protocol.json").write_text(text, encoding="utf-8")


def _key(seed: str, purpose: str, value: str) -> str:
    return hashlib.sha256(f"{seed}\n{purpose}\n{value}".encode()).hexdigest()


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("".join(f"{line}\n" for line in lines).encode()).hexdigest()
