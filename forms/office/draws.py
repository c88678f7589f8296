"""Draw a quiz's raffles from the database and keep every protocol, forced re-draws included."""

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from forms.definitions.model import FormDefinition, Prize
from forms.office import raffle
from forms.office.raffle import RaffleError
from forms.storage.tables import draws, submissions

BERLIN = ZoneInfo("Europe/Berlin")


def load_entries(
    connection: sa.Connection, form_id: str, until: datetime | None
) -> list[raffle.Entry]:
    """Read what the draw needs, oldest first, so a person's first entry is the one that counts.

    Only entries made by `until` (the deadline) count, however a later row got into the table.
    """
    query = (
        sa.select(
            submissions.c.reference,
            submissions.c.raffles,
            submissions.c.all_correct,
            submissions.c.dedupe_hash,
            submissions.c.email_hash,
        )
        .where(submissions.c.form_id == form_id)
        .order_by(submissions.c.created_at, submissions.c.id)
    )
    if until is not None:
        query = query.where(submissions.c.created_at <= until)
    return [
        raffle.Entry(
            reference=row.reference,
            raffles=frozenset(row.raffles or ()),
            all_correct=bool(row.all_correct),
            person=row.dedupe_hash or row.email_hash or row.reference,
        )
        for row in connection.execute(query)
    ]


def stored_draws(connection: sa.Connection, form_id: str) -> list[sa.Row]:
    """Every draw of a form, oldest first."""
    query = sa.select(draws).where(draws.c.form_id == form_id).order_by(draws.c.id)
    return list(connection.execute(query))


def select_prizes(definition: FormDefinition, raffle_ids: tuple[str, ...]) -> list[Prize]:
    """The raffles to draw in definition order; refuse ids the form does not have."""
    prizes = list(definition.prizes)
    if not prizes:
        raise RaffleError(f"Das Formular {definition.id!r} hat keine Verlosung.")
    known = [prize.id for prize in prizes]
    unknown = [raffle_id for raffle_id in raffle_ids if raffle_id not in known]
    if unknown:
        raise RaffleError(
            f"Unbekannte Verlosung {', '.join(unknown)}; vorhanden: {', '.join(known)}."
        )
    return [prize for prize in prizes if not raffle_ids or prize.id in raffle_ids]


def check_closed(definition: FormDefinition, now: datetime) -> None:
    """Refuse to draw while entries may still arrive."""
    if definition.closes is None:
        raise RaffleError(f"Das Formular {definition.id!r} hat keinen Einsendeschluss (closes).")
    if now <= definition.closes:
        deadline = definition.closes.astimezone(BERLIN).strftime("%d.%m.%Y %H:%M:%S")
        raise RaffleError(f"Einsendeschluss ist erst am {deadline} (Europe/Berlin).")


def prior_winners(
    definition: FormDefinition, selected: list[Prize], earlier: list[sa.Row]
) -> list[str]:
    """Winners of the other raffles' latest draws, so a re-draw never gives anyone two prizes."""
    names = {prize.id for prize in selected}
    first = min(i for i, p in enumerate(definition.prizes) if p.id in names)
    winners: list[str] = []
    for position, prize in enumerate(definition.prizes):
        if prize.id in names:
            continue
        latest = _latest_result(earlier, prize.id)
        if latest is None and position < first:
            raise RaffleError(f"Zuerst die Verlosung {prize.id!r} ziehen (Reihenfolge).")
        winners.extend(latest["winners"] if latest else ())
    return winners


def _latest_result(earlier: list[sa.Row], raffle_id: str) -> dict | None:
    for row in reversed(earlier):
        for result in json.loads(row.protocol)["raffles"]:
            if result["raffle"] == raffle_id:
                return result
    return None


def run_draw(
    engine: sa.Engine,
    definition: FormDefinition,
    seed: str,
    now: datetime,
    raffle_ids: tuple[str, ...] = (),
    force: bool = False,
) -> dict:
    """Draw, store and return the protocol; refuse anything that would make it unfair."""
    selected = select_prizes(definition, raffle_ids)
    check_closed(definition, now)
    with engine.begin() as connection:
        earlier = stored_draws(connection, definition.id)
        repeated = [p.id for p in selected if _latest_result(earlier, p.id) is not None]
        if repeated and not force:
            raise RaffleError(
                f"Bereits gezogen: {', '.join(repeated)}. Eine neue Ziehung braucht --force "
                "und wird mit der alten protokolliert."
            )
        pools = eligible_pools(connection, definition, selected, definition.closes)
        protocol = raffle.draw(
            definition.id,
            seed,
            pools,
            now.isoformat(),
            prior_winners(definition, selected, earlier),
        )
        protocol["entries_until"] = definition.closes.isoformat()
        protocol["forced"] = bool(repeated)
        protocol["earlier_draws"] = (
            [row.created_at.isoformat() for row in earlier] if repeated else []
        )
        connection.execute(
            sa.insert(draws).values(
                form_id=definition.id,
                raffles=",".join(p.id for p in selected),
                seed=protocol["seed"],
                created_at=now,
                protocol=dump(protocol),
                forced=bool(repeated),
            )
        )
    return protocol


def eligible_pools(
    connection: sa.Connection, definition: FormDefinition, prizes: list[Prize], until: datetime
) -> list[tuple[Prize, list[str]]]:
    """Each raffle with the references that may win it, as the database holds them now."""
    entries = load_entries(connection, definition.id, until)
    return [(prize, raffle.eligible_references(entries, prize.id)) for prize in prizes]


def changed_entries(engine: sa.Engine, definition: FormDefinition, protocol: dict) -> list[str]:
    """Recompute each raffle's eligible list from the database; name every list that changed."""
    try:
        stated_until = protocol.get("entries_until")
        until = datetime.fromisoformat(stated_until) if stated_until else definition.closes
    except (TypeError, ValueError):
        return [f"entries_until ist kein Zeitpunkt: {protocol.get('entries_until')!r}"]
    prizes = {prize.id: prize for prize in definition.prizes}
    stated = [r for r in protocol["raffles"] if r["raffle"] in prizes]
    problems = [
        f"{r['raffle']}: diese Verlosung gibt es im Formular nicht mehr"
        for r in protocol["raffles"]
        if r["raffle"] not in prizes
    ]
    with engine.connect() as connection:
        pools = eligible_pools(connection, definition, [prizes[r["raffle"]] for r in stated], until)
    for result, (_, references) in zip(stated, pools, strict=True):
        if raffle.list_digest(references) == result["references_sha256"]:
            continue
        missing = len(set(result["references"]) - set(references))
        added = len(set(references) - set(result["references"]))
        problems.append(
            f"{result['raffle']}: die teilnahmeberechtigten Einträge in der Datenbank haben sich "
            f"seit der Ziehung geändert ({missing} fehlen, {added} hinzugekommen); "
            f"Fingerabdruck jetzt {raffle.list_digest(references)}"
        )
    return problems


def dump(protocol: dict) -> str:
    """The one way a protocol is written, so stored and printed copies are identical."""
    return json.dumps(protocol, ensure_ascii=False, indent=2) + "\n"


def stored_protocol(engine: sa.Engine, form_id: str, drawn_at: str) -> str | None:
    """The office's own copy of a protocol, to compare a published file against."""
    with engine.connect() as connection:
        for row in stored_draws(connection, form_id):
            if json.loads(row.protocol).get("drawn_at") == drawn_at:
                return row.protocol
    return None
