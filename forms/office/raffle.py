"""Auditable raffle draw: anyone can recompute the winners from the published protocol.

Method (version ``smart-kassel-raffle/1``), in the spirit of RFC 3797:

1. The seed is a public value announced before the deadline (e.g. the numbers of a future lottery
   draw), written exactly as announced; surrounding white space is ignored.
2. Each raffle has a frozen list of eligible entry references: every entry with all answers right
   that joined that raffle, one per person. ``references_sha256`` is the SHA-256 over the sorted
   list, each reference followed by a line feed (``LC_ALL=C sort refs.txt | sha256sum``).
3. Every reference gets the rank key ``SHA-256(UTF-8(seed + "\\n" + raffle + "\\n" + reference))``
   as lower-case hex. Ascending keys (ties: the reference) give the order of the draw.
4. Raffles are drawn in the order of the prizes in the form definition. References that already won
   (an earlier raffle, or one listed in ``prior_winners``) are skipped, so a person wins at most
   once; the first ``prizes`` remaining references win.
5. Then each raffle's substitutes are the next references in its order that won nothing at all,
   so moving a substitute up never gives one person two prizes.
6. A raffle with fewer eligible references than prizes gives every one of them a prize;
   ``unassigned`` counts the prizes left over and ``warnings`` says so in words.

Only ``hashlib`` is used: no random module, so the result never depends on the Python version.
"""

import hashlib
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from forms.definitions.model import Prize

PROTOCOL_VERSION = "smart-kassel-raffle/1"
DEFAULT_SUBSTITUTES = 5
MAX_SEED_LENGTH = 500
CHECKED_KEYS = ("eligible", "references_sha256", "excluded", "winners", "substitutes")


class RaffleError(ValueError):
    """A draw that must not happen, with a reason for the office."""


@dataclass(frozen=True)
class Entry:
    """What the draw needs to know about one entry; ``person`` is the one-per-person key."""

    reference: str
    raffles: frozenset[str]
    all_correct: bool
    person: str


def clean_seed(seed: str) -> str:
    """Return the seed as it enters the hash, or refuse a seed nobody could re-enter."""
    seed = seed.strip()
    if not seed:
        raise RaffleError("Der Seed ist leer.")
    if len(seed) > MAX_SEED_LENGTH:
        raise RaffleError(f"Der Seed ist länger als {MAX_SEED_LENGTH} Zeichen.")
    if any(ord(char) < 32 or ord(char) == 127 for char in seed):
        raise RaffleError("Der Seed enthält Steuerzeichen.")
    return seed


def rank_key(seed: str, raffle: str, reference: str) -> str:
    """Give a reference its place in the draw, unpredictable until the seed is known."""
    return hashlib.sha256(f"{seed}\n{raffle}\n{reference}".encode()).hexdigest()


def list_digest(references: Iterable[str]) -> str:
    """Fingerprint the frozen reference list so nobody can change it unnoticed."""
    return hashlib.sha256("".join(f"{ref}\n" for ref in sorted(references)).encode()).hexdigest()


def eligible_references(entries: Iterable[Entry], raffle: str) -> list[str]:
    """List entries with all answers right that joined the raffle, the first per person."""
    seen: set[str] = set()
    references = []
    for entry in entries:
        if not entry.all_correct or raffle not in entry.raffles or entry.person in seen:
            continue
        seen.add(entry.person)
        references.append(entry.reference)
    return sorted(references)


def rank(seed: str, raffle: str, references: Iterable[str]) -> list[str]:
    """Order the references by their rank keys."""
    return sorted(references, key=lambda ref: (rank_key(seed, raffle, ref), ref))


def draw_raffle(seed: str, prize: Prize, references: Sequence[str], winners: set[str]) -> dict:
    """Draw one raffle's winners, skipping earlier winners, and describe it for recomputation."""
    ordered = [ref for ref in rank(seed, prize.id, references) if ref not in winners]
    drawn = ordered[: prize.count]
    return {
        "raffle": prize.id,
        "label": prize.label,
        "prizes": prize.count,
        "eligible": len(references),
        "references_sha256": list_digest(references),
        "references": sorted(references),
        "excluded": sorted(winners.intersection(references)),
        "winners": drawn,
        "unassigned": prize.count - len(drawn),
    }


def shortfall_warning(result: dict) -> str:
    """Say in words that a raffle had more prizes than entries that could win one."""
    return (
        f"{result['raffle']}: {result['prizes']} Gewinne, aber nur {len(result['winners'])} "
        f"gewinnberechtigte Einträge; {result['unassigned']} Gewinne bleiben unvergeben."
    )


def draw(
    form_id: str,
    seed: str,
    pools: Sequence[tuple[Prize, Sequence[str]]],
    drawn_at: str,
    prior_winners: Iterable[str] = (),
    substitutes: int = DEFAULT_SUBSTITUTES,
) -> dict:
    """Draw the raffles in order, then their substitutes, and return the protocol."""
    seed = clean_seed(seed)
    if not any(references for _, references in pools):
        raise RaffleError("Es gibt keine teilnahmeberechtigten Einträge.")
    winners = set(prior_winners)
    protocol = {
        "protocol": PROTOCOL_VERSION,
        "form": form_id,
        "drawn_at": drawn_at,
        "seed": seed,
        "substitutes_per_raffle": substitutes,
        "prior_winners": sorted(winners),
        "raffles": [],
    }
    for prize, references in pools:
        result = draw_raffle(seed, prize, references, winners)
        winners.update(result["winners"])
        protocol["raffles"].append(result)
    for result in protocol["raffles"]:
        ordered = rank(seed, result["raffle"], result["references"])
        result["substitutes"] = [ref for ref in ordered if ref not in winners][:substitutes]
    protocol["warnings"] = [shortfall_warning(r) for r in protocol["raffles"] if r["unassigned"]]
    return protocol


def verify(protocol: dict) -> list[str]:
    """Recompute a protocol from its frozen lists; return what does not match (empty: valid)."""
    try:
        if protocol["protocol"] != PROTOCOL_VERSION:
            return [f"Unbekannte Protokollversion: {protocol['protocol']!r}"]
        pools = [
            (Prize(r["raffle"], r["label"], int(r["prizes"])), list(r["references"]))
            for r in protocol["raffles"]
        ]
        expected = draw(
            protocol["form"],
            protocol["seed"],
            pools,
            protocol["drawn_at"],
            protocol["prior_winners"],
            int(protocol["substitutes_per_raffle"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        return [f"Protokoll unvollständig oder ungültig: {error}"]
    problems = []
    for stated, recomputed in zip(protocol["raffles"], expected["raffles"], strict=True):
        # Protocols written before ``unassigned`` existed say nothing about it.
        optional = tuple(key for key in ("unassigned",) if key in stated)
        for key in (*CHECKED_KEYS, *optional):
            if stated.get(key) != recomputed[key]:
                problems.append(
                    f"{stated['raffle']}: {key} stimmt nicht: im Protokoll {stated.get(key)!r}, "
                    f"nachgerechnet {recomputed[key]!r}"
                )
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """Verify a protocol file without the service: ``python -m forms.raffle protocol.json``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("Aufruf: python -m forms.raffle PROTOKOLL.json", file=sys.stderr)
        return 2
    with open(args[0], encoding="utf-8") as file:
        problems = verify(json.load(file))
    for problem in problems:
        print(problem, file=sys.stderr)
    print("Protokoll NICHT bestätigt." if problems else "Protokoll bestätigt.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
