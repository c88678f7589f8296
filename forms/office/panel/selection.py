"""Stage 2: compute the fair distribution, draw the panel, and write the three result files."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from forms.office.panel import draw, lottery
from forms.office.panel.leximin import Distribution, NoValidPanel, leximin
from forms.office.panel.pool import Pool, Quota, quotas_fingerprint
from forms.office.panel.reserved import Reservation
from forms.office.panel.solver import quota_members, smallest_relaxation
from forms.office.panel.tables import PanelInputError

METHOD = "smart-kassel-panel/1"
FILES = ("protocol.json", "probabilities.csv", "panel.csv")


@dataclass(frozen=True)
class Outcome:
    """Everything a selection produced; the files are rendered from it."""

    pool: Pool
    quotas: tuple[Quota, ...]
    seats: int
    seed: str
    source: str
    exact: Distribution
    tickets: tuple[int, ...] | None
    selection: draw.Selection
    reservation: Reservation | None = None

    @property
    def drawn(self) -> Distribution:
        """The distribution the draw really used (the lottery, if there is one)."""
        if self.tickets is None:
            return self.exact
        return lottery.lottery_distribution(self.exact, self.tickets)

    def chances(self) -> tuple[float, ...]:
        """Each type's chance per person under the distribution drawn from."""
        return self.drawn.type_chances(self.pool.sizes)


def select(
    pool, quotas, seats: int, seed: str, lottery_size: int, source: str, reservation=None
) -> Outcome:
    """Run the whole stage: check, optimise, round, draw (reserved seats: only the rest)."""
    if reservation is not None:
        quotas, seats = reservation.quotas, reservation.seats
    check_seats(pool, seats)
    try:
        exact = leximin(pool, quotas, seats)
    except NoValidPanel:
        raise PanelInputError(infeasible_message(pool, quotas, seats)) from None
    tickets = None
    if lottery_size:
        tickets = tuple(lottery.round_to_lottery(exact, pool.sizes, lottery_size))
    return finish(pool, tuple(quotas), seats, seed, source, exact, tickets, reservation)


def finish(pool, quotas, seats, seed, source, exact, tickets, reservation=None) -> Outcome:
    """Draw from the lottery (panels without tickets left out) or the exact distribution."""
    pick_from = lottery.lottery_distribution(exact, tickets) if tickets else exact
    published = tuple(n for n in tickets if n) if tickets else None
    selection = draw.draw(seed, pool, quotas, pick_from, published)
    return Outcome(pool, quotas, seats, seed, source, exact, tickets, selection, reservation)


def check_seats(pool: Pool, seats: int) -> None:
    """Refuse seat counts no pool could fill."""
    if seats < 1:
        raise PanelInputError([f"--seats: {seats} Sitze; es muss mindestens einer sein"])
    if pool.size < seats:
        raise PanelInputError(
            [f"--seats: {seats} Sitze, aber der Pool hat nur {pool.size} Personen"]
        )


def infeasible_message(pool: Pool, quotas: Sequence[Quota], seats: int) -> list[str]:
    """Name the quotas that cannot be met together and the smallest change that fixes it."""
    relaxation = smallest_relaxation(pool, quotas, seats)
    changed = ", ".join(f"{q.label} (min {q.min}, max {q.max})" for q, _, _ in relaxation.changes)
    lines = [
        f"Die Quoten lassen sich mit diesem Pool und {seats} Sitzen nicht gemeinsam erfüllen.",
        *_category_conflicts(quotas, seats),
        f"Nicht gemeinsam erfüllbar mit den übrigen Quoten: {changed}.",
        "Kleinste Änderung, die das behebt:",
    ]
    for quota, low, high in relaxation.changes:
        available = sum(pool.sizes[t] for t in quota_members(pool, quota))
        if low != quota.min:
            scarce = f" (im Pool nur {available} Personen)" if available < quota.min else ""
            lines.append(f"  {quota.label}: min {quota.min} → {low}{scarce}")
        if high != quota.max:
            lines.append(f"  {quota.label}: max {quota.max} → {high}")
    return lines


def _category_conflicts(quotas: Sequence[Quota], seats: int) -> list[str]:
    """Categories whose minimums alone need more seats, or whose maximums fill fewer."""
    lines = []
    for category in dict.fromkeys(q.category for q in quotas):
        own = [q for q in quotas if q.category == category]
        least, most = sum(q.min for q in own), sum(q.max for q in own)
        if least > seats:
            lines.append(f"{category}: die Mindestwerte ergeben {least} Sitze, es gibt {seats}.")
        if most < seats:
            lines.append(f"{category}: die Höchstwerte ergeben nur {most} Sitze, es gibt {seats}.")
    return lines


def protocol(outcome: Outcome) -> dict:
    """The public record: enough to redo every step, nobody's name or answers."""
    pool, exact, drawn = outcome.pool, outcome.exact, outcome.drawn
    exact_chances = exact.type_chances(pool.sizes)
    drawn_chances = drawn.type_chances(pool.sizes)
    fingerprint = pool.fingerprint()
    record = {
        "method": METHOD,
        "seed": outcome.seed,
        "seats": outcome.seats,
        "quotas": [q.__dict__ for q in outcome.quotas],
        "quotas_sha256": quotas_fingerprint(outcome.quotas),
        "pool": {
            "source": outcome.source,
            "sha256": fingerprint,
            "size": pool.size,
            "categories": list(pool.categories),
        },
        "types": [
            {
                "features": dict(zip(pool.categories, features, strict=True)),
                "size": size,
                "chance_leximin": exact_chances[t],
                "chance": drawn_chances[t],
            }
            for t, (features, size) in enumerate(zip(pool.types, pool.sizes, strict=True))
        ],
        "distribution": [
            {"seats": list(c), "probability": w}
            for c, w in zip(exact.compositions, exact.weights, strict=True)
        ],
        "lowest_chance_leximin": min(exact_chances),
        "lottery": None,
        "draw": {"pick": outcome.selection.pick, "seats": list(outcome.selection.composition)},
        "panel": [draw.public_token(fingerprint, p) for p in outcome.selection.members],
        "substitutes": [
            {"token": draw.public_token(fingerprint, p), "replaces": position}
            for p, position in outcome.selection.substitutes
        ],
    }
    if outcome.reservation is not None:
        _add_reservation(record, outcome.reservation)
    if outcome.tickets is not None:
        record["lottery"] = {
            "size": sum(outcome.tickets),
            "tickets": list(outcome.tickets),
            "lowest_chance": min(drawn_chances),
            "loss": min(exact_chances) - min(drawn_chances),
        }
    return record


def _add_reservation(record: dict, reservation: Reservation) -> None:
    """Seats and quotas as the office set them; what the draw filled stands under "reserved"."""
    record["seats"] = reservation.seats + reservation.people.size
    record["quotas"] = [q.__dict__ for q in reservation.office_quotas]
    record["quotas_sha256"] = quotas_fingerprint(reservation.office_quotas)
    record["reserved"] = reservation.record()


def probabilities_csv(outcome: Outcome) -> str:
    """``id,probability`` for every person in the pool, ids sorted."""
    chances = outcome.chances()
    rows = sorted(
        (person, chances[t]) for t, ids in enumerate(outcome.pool.members) for person in ids
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("id", "probability"))
    writer.writerows((person, f"{chance:.10f}") for person, chance in rows)
    return buffer.getvalue()


def panel_csv(outcome: Outcome) -> str:
    """Members in draw order, then the substitutes with the place they stand in for."""
    pool, selection = outcome.pool, outcome.selection
    features = {p: f for f, ids in zip(pool.types, pool.members, strict=True) for p in ids}
    fingerprint = pool.fingerprint()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("role", "position", "id", "token", "replaces", *pool.categories))
    for position, person in enumerate(selection.members, start=1):
        token = draw.public_token(fingerprint, person)
        writer.writerow(("Mitglied", position, person, token, "", *features[person]))
    for position, (person, replaces) in enumerate(selection.substitutes, start=1):
        token = draw.public_token(fingerprint, person)
        writer.writerow(("Nachrücker", position, person, token, replaces, *features[person]))
    return buffer.getvalue()


def render(outcome: Outcome) -> dict[str, str]:
    """The three files' texts by name."""
    text = json.dumps(protocol(outcome), ensure_ascii=False, indent=2) + "\n"
    return {
        "protocol.json": text,
        "probabilities.csv": probabilities_csv(outcome),
        "panel.csv": panel_csv(outcome),
    }


def write(outcome: Outcome, directory: Path) -> None:
    """Write the files into the directory (created if missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in render(outcome).items():
        (directory / name).write_text(text, encoding="utf-8")
