"""Read the office's CSV files (Excel or plain) and name every mistake as file:line: column."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 50 * 1024 * 1024


class PanelInputError(ValueError):
    """Bad input files; each problem is one German line ``file:line: column: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Row:
    """One data row with the line it came from, for error messages."""

    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Table:
    """A CSV file as its header and rows."""

    path: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def problem(self, line: int, column: str, message: str) -> str:
        """Format one problem the way editors know from the build."""
        return f"{self.path}:{line}: {column}: {message}"


def read_table(path: Path, required: tuple[str, ...]) -> Table:
    """Read a CSV with a header row; accept UTF-8 (with BOM), commas or semicolons."""
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PanelInputError([f"{name}:1: (Datei): nicht lesbar ({error.strerror})"]) from error
    if len(data) > MAX_BYTES:
        raise PanelInputError([f"{name}:1: (Datei): größer als {MAX_BYTES // 2**20} MB"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise PanelInputError(
            [f"{name}:1: (Datei): keine UTF-8-Datei; bitte als „CSV UTF-8“ speichern"]
        ) from error
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise PanelInputError([f"{name}:1: (Kopfzeile): leer; erwartet {', '.join(required)}"])
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(lines, delimiter=delimiter)
    header = [cell.strip() for cell in next(reader)]
    problems = _header_problems(name, header, required)
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                f"{name}:{number}: (Zeile): {len(cells)} Spalten, die Kopfzeile hat {len(header)}"
            )
            continue
        rows.append(Row(number, {k: v.strip() for k, v in zip(header, cells, strict=True)}))
    if problems:
        raise PanelInputError(problems)
    return Table(name, tuple(header), tuple(rows))


def _header_problems(name: str, header: list[str], required: tuple[str, ...]) -> list[str]:
    problems = [f"{name}:1: {column}: Spalte fehlt" for column in required if column not in header]
    seen: set[str] = set()
    for column in header:
        if not column:
            problems.append(f"{name}:1: (Kopfzeile): eine Spalte hat keinen Namen")
        elif column in seen:
            problems.append(f"{name}:1: {column}: Spalte kommt doppelt vor")
        seen.add(column)
    return problems
