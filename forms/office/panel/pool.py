"""Quotas and the pool, with people grouped into types: same features, same chances.

People whose features are all equal are interchangeable for every quota, so the solver works on
types with a count each instead of on individuals; that keeps the programs small however large
the pool is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from forms.office.panel.tables import PanelInputError, Table, read_table

QUOTA_COLUMNS = ("category", "feature", "min", "max")


@dataclass(frozen=True)
class Quota:
    """How many seats people with one feature must (min) and may (max) get."""

    category: str
    feature: str
    min: int
    max: int

    @property
    def label(self) -> str:
        """The quota as the office wrote it, for messages."""
        return f"{self.category} = {self.feature}"


@dataclass(frozen=True)
class Pool:
    """The volunteers as types: ``types[t]`` are feature values, ``members[t]`` the ids."""

    categories: tuple[str, ...]
    types: tuple[tuple[str, ...], ...]
    members: tuple[tuple[str, ...], ...]

    @property
    def sizes(self) -> tuple[int, ...]:
        """How many people each type has."""
        return tuple(len(ids) for ids in self.members)

    @property
    def size(self) -> int:
        """How many people the pool has."""
        return sum(self.sizes)

    def fingerprint(self) -> str:
        """SHA-256 over the sorted lines ``id<TAB>feature...``: what the draw depended on."""
        lines = sorted(
            "\t".join((person, *features)) + "\n"
            for features, ids in zip(self.types, self.members, strict=True)
            for person in ids
        )
        header = "\t".join(("id", *self.categories)) + "\n"
        return hashlib.sha256((header + "".join(lines)).encode()).hexdigest()


def quotas_fingerprint(quotas: Iterable[Quota]) -> str:
    """SHA-256 over the quotas in the order of the file, one ``category,feature,min,max`` a line."""
    text = "".join(f"{q.category},{q.feature},{q.min},{q.max}\n" for q in quotas)
    return hashlib.sha256(text.encode()).hexdigest()


def categories_of(quotas: Iterable[Quota]) -> tuple[str, ...]:
    """The categories in the order they first appear."""
    return tuple(dict.fromkeys(q.category for q in quotas))


def read_quotas(path: Path) -> tuple[Quota, ...]:
    """Read ``category,feature,min,max`` rows (the Sortition Foundation's format)."""
    table = read_table(path, QUOTA_COLUMNS)
    problems, quotas, seen = [], [], set()
    for row in table.rows:
        cells = row.cells
        numbers = {}
        for column in ("min", "max"):
            value = cells[column]
            if not (value.isascii() and value.isdigit()) or len(value) > 9:
                problems.append(
                    table.problem(
                        row.line, column, f"{value!r} ist keine ganze Zahl von 0 bis 999999999"
                    )
                )
            else:
                numbers[column] = int(value)
        for column in ("category", "feature"):
            if not cells[column]:
                problems.append(table.problem(row.line, column, "darf nicht leer sein"))
        key = (cells["category"], cells["feature"])
        if key in seen:
            problems.append(table.problem(row.line, "feature", f"{key[1]!r} steht doppelt"))
        seen.add(key)
        if len(numbers) == 2 and numbers["min"] > numbers["max"]:
            problems.append(table.problem(row.line, "min", f"{numbers['min']} ist größer als max"))
        if len(numbers) == 2:
            quotas.append(Quota(*key, numbers["min"], numbers["max"]))
    if not table.rows:
        problems.append(table.problem(2, "(Datei)", "keine Quoten"))
    if problems:
        raise PanelInputError(problems)
    return tuple(quotas)


def read_pool(path: Path, quotas: tuple[Quota, ...]) -> Pool:
    """Read the pool CSV: an ``id`` column plus one column per quota category."""
    categories = categories_of(quotas)
    table = read_table(path, ("id", *categories))
    records = [(row.line, row.cells) for row in table.rows]
    return _build(table, records, quotas)


def pool_from_entries(
    source: str, entries: Iterable[tuple[str, Mapping[str, object]]], quotas: tuple[Quota, ...]
) -> Pool:
    """Build the pool from stored form entries (reference, answers)."""
    categories = categories_of(quotas)
    table = Table(source, ("id", *categories), ())
    records = []
    for number, (reference, data) in enumerate(entries, start=1):
        cells = {name: str(data.get(name, "") or "") for name in categories}
        records.append((number, {"id": reference, **cells}))
    return _build(table, records, quotas)


def _build(table: Table, records: list[tuple[int, dict[str, str]]], quotas: tuple[Quota, ...]):
    categories = categories_of(quotas)
    allowed = {c: [q.feature for q in quotas if q.category == c] for c in categories}
    problems, seen, by_type = [], set(), {}
    for line, cells in records:
        person = cells["id"]
        if not person:
            problems.append(table.problem(line, "id", "darf nicht leer sein"))
        elif person in seen:
            problems.append(table.problem(line, "id", f"{person!r} kommt doppelt vor"))
        seen.add(person)
        features = tuple(cells[c] for c in categories)
        for category, value in zip(categories, features, strict=True):
            if value not in allowed[category]:
                problems.append(
                    table.problem(
                        line,
                        category,
                        f"{value!r} hat keine Quote; erlaubt: {', '.join(allowed[category])}",
                    )
                )
        by_type.setdefault(features, []).append(person)
    if not records:
        problems.append(table.problem(2, "(Datei)", "der Pool ist leer"))
    if problems:
        raise PanelInputError(problems[:50] + _more(len(problems)))
    types = tuple(sorted(by_type))
    return Pool(categories, types, tuple(tuple(sorted(by_type[t])) for t in types))


def _more(count: int) -> list[str]:
    return [f"… und {count - 50} weitere Fehler"] if count > 50 else []
