"""``panel verify``: redo a selection from its protocol and the pool; list every difference.

The LEXIMIN chances are unique, so they are recomputed and compared (within solver precision);
the published distribution is only checked (several distributions can reach the same chances):
each panel keeps every quota, the probabilities add up to 1 and give exactly the published
chances. The lottery's rounding is checked, and the draw itself, which needs nothing but
SHA-256, is redone exactly, as are the files written next to the protocol.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from forms.office.panel import draw, lottery
from forms.office.panel.leximin import Distribution, NoValidPanel, leximin
from forms.office.panel.pool import Pool, Quota, quotas_fingerprint
from forms.office.panel.reserved import Reservation, reserve
from forms.office.panel.selection import FILES, METHOD, finish, render
from forms.office.panel.tables import PanelInputError

TOLERANCE = 1e-6
RESERVED = "Reservierte Sitze"


def quotas_of(record: dict) -> tuple[Quota, ...]:
    """The quotas as the protocol lists them."""
    return tuple(
        Quota(str(q["category"]), str(q["feature"]), int(q["min"]), int(q["max"]))
        for q in record["quotas"]
    )


def verify(
    record: dict, pool: Pool, directory: Path | None = None, reserved: Pool | None = None
) -> list[str]:
    """Return the differences in German; an empty list means the protocol holds."""
    if record.get("method") != METHOD:
        return [f"unbekanntes Verfahren {record.get('method')!r}; erwartet {METHOD}"]
    quotas, seats, seed = quotas_of(record), int(record["seats"]), str(record["seed"])
    problems = _inputs(record, pool, quotas)
    if problems:
        return problems
    reservation, problems = _reservation(record, reserved, quotas, seats)
    if problems:
        return problems
    if reservation is not None:
        quotas, seats = reservation.quotas, reservation.seats
    exact = Distribution(
        tuple(tuple(int(x) for x in d["seats"]) for d in record["distribution"]),
        tuple(float(d["probability"]) for d in record["distribution"]),
    )
    problems += _distribution(exact, pool, quotas, seats)
    if problems:
        return problems
    problems += _optimality(record, exact, pool, quotas, seats)
    tickets = _tickets(record, exact, problems)
    source = str(record["pool"].get("source", ""))
    outcome = finish(pool, quotas, seats, seed, source, exact, tickets, reservation)
    rendered = render(outcome)
    if rendered["protocol.json"] != _canonical(record):
        problems.append("Ziehung oder Angaben im Protokoll weichen von der Neuberechnung ab")
    if directory is not None:
        for name in FILES[1:]:
            path = directory / name
            if not path.exists() or path.read_text(encoding="utf-8") != rendered[name]:
                problems.append(f"{path}: weicht von der Neuberechnung ab")
    return problems


def _reservation(record, people, quotas, seats) -> tuple[Reservation | None, list[str]]:
    """The reserved seats the protocol names must be the ones in the office's file."""
    spec = record.get("reserved")
    if spec is None and people is None:
        return None, []
    if spec is None:
        return None, [f"{RESERVED}: das Protokoll hat keine, es wurde aber eine Datei angegeben"]
    if people is None:
        return None, [f"{RESERVED}: das Protokoll hat welche; --reserved DATEI.csv angeben"]
    if spec.get("sha256") != people.fingerprint():
        return None, [f"{RESERVED}: Prüfsumme weicht ab; das ist nicht die Datei dieser Auswahl"]
    try:
        return reserve(people, quotas, seats), []
    except PanelInputError as error:
        return None, [str(error)]


def _inputs(record, pool, quotas) -> list[str]:
    problems = []
    if record.get("quotas_sha256") != quotas_fingerprint(quotas):
        problems.append("Quoten: Prüfsumme passt nicht zu den Quoten im Protokoll")
    if record.get("pool", {}).get("sha256") != pool.fingerprint():
        problems.append("Pool: Prüfsumme weicht ab; das ist nicht der Pool dieser Auswahl")
    return problems


def _distribution(exact: Distribution, pool, quotas, seats) -> list[str]:
    problems = []
    for number, composition in enumerate(exact.compositions, start=1):
        if (
            len(composition) != len(pool.sizes)
            or sum(composition) != seats
            or any(not 0 <= x <= n for x, n in zip(composition, pool.sizes, strict=True))
            or not draw.meets_quotas(pool, quotas, composition)
        ):
            problems.append(f"Verteilung: Panel {number} hält die Quoten nicht ein")
    if any(w < 0 for w in exact.weights) or not math.isclose(sum(exact.weights), 1, abs_tol=1e-9):
        problems.append("Verteilung: Wahrscheinlichkeiten sind nicht ≥ 0 mit Summe 1")
    return problems


def _optimality(record, exact, pool, quotas, seats) -> list[str]:
    try:
        best = leximin(pool, quotas, seats).type_chances(pool.sizes)
    except NoValidPanel:
        return ["Quoten: kein Panel erfüllt sie; die Auswahl kann so nicht stattgefunden haben"]
    published = exact.type_chances(pool.sizes)
    if any(abs(a - b) > TOLERANCE for a, b in zip(sorted(best), sorted(published), strict=True)):
        return ["Verteilung: nicht LEXIMIN-optimal; die Neuberechnung gibt andere Chancen"]
    return []


def _tickets(record, exact, problems) -> tuple[int, ...] | None:
    spec = record.get("lottery")
    if spec is None:
        return None
    tickets = tuple(int(n) for n in spec["tickets"])
    if not lottery.valid_rounding(exact.weights, tickets, int(spec["size"])):
        problems.append("Lotterie: Losanzahlen sind keine Rundung der Verteilung")
    return tickets


def _canonical(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
