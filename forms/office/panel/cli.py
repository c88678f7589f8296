"""``flask --app forms panel invite|select|verify``: the Bürgerrat's commands for the office."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from forms.office import export
from forms.office.panel import invite as invitation
from forms.office.panel import publish as publishing
from forms.office.panel import reserved, selection, verification
from forms.office.panel.pool import Pool, Quota, pool_from_entries, read_pool, read_quotas
from forms.office.panel.tables import PanelInputError
from forms.office.raffle import RaffleError, clean_seed
from forms.storage.db import engine

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
FOLDER = click.Path(file_okay=False, path_type=Path)
MAX_LOTTERY = 1_000_000
SITE_FOLDER = Path("content/mitmachen/buergerrat/ziehung")
RESERVED_HELP = "Reserved seats (quiz winner): CSV like the pool; they count against the quotas."


@click.group("panel")
def panel_group() -> None:
    """Bürgerrat: invitation letters, fair panel selection, verification."""


@panel_group.command("invite")
@click.option("--register", required=True, type=FILE, help="Register extract (CSV with id).")
@click.option("--letters", required=True, type=int, help="How many letters to send.")
@click.option("--by", "column", required=True, help="Column to spread the letters over.")
@click.option("--seed", required=True, help="The public value announced before the draw.")
@click.option("--out", required=True, type=FOLDER, help="Folder for letters.csv, protocol.json.")
@with_appcontext
def invite_command(register, letters, column, seed, out) -> None:
    """Draw the letters' addresses, proportional per district."""
    seed = _seed(seed)
    _refuse_overwrite(out)
    key = current_app.extensions["keys"]["panel-letter"]
    try:
        result = invitation.invite(register, letters, column, seed, key)
    except PanelInputError as error:
        raise click.ClickException(str(error)) from None
    invitation.write(result, out, seed, column)
    for row in result.districts:
        click.echo(f"{row['district']}: {row['letters']} von {row['register']}")
    click.echo(f"{len(result.chosen)} Briefe: {out / 'letters.csv'}; Protokoll: {out}")


@panel_group.command("select")
@click.option("--seats", required=True, type=int, help="Seats of the panel (K).")
@click.option("--quotas", "quotas_file", required=True, type=FILE, help="category,feature,min,max")
@click.option("--seed", required=True, help="The public value announced before the draw.")
@click.option("--out", required=True, type=FOLDER, help="Folder for the three result files.")
@click.option("--pool", "pool_file", type=FILE, help="Pool CSV: id plus one column per category.")
@click.option("--form", "form_id", help="Or: the pool form's confirmed entries.")
@click.option("--lottery-size", default=1000, show_default=True, help="Tickets; 0: no lottery.")
@click.option("--reserved", "reserved_file", type=FILE, help=RESERVED_HELP)
@with_appcontext
def select_command(
    seats, quotas_file, seed, out, pool_file, form_id, lottery_size, reserved_file
) -> None:
    """Compute the fairest distribution over valid panels and draw one."""
    seed = _seed(seed)
    if (pool_file is None) == (form_id is None):
        raise click.UsageError("Genau eine Quelle angeben: --pool DATEI.csv oder --form FORMULAR.")
    if not 0 <= lottery_size <= MAX_LOTTERY:
        raise click.BadParameter(
            f"muss zwischen 0 und {MAX_LOTTERY} liegen", param_hint="--lottery-size"
        )
    _refuse_overwrite(out)
    try:
        quotas = read_quotas(quotas_file)
        pool = read_pool(pool_file, quotas) if pool_file else _form_pool(form_id, quotas)
        source = pool_file.name if pool_file else f"form:{form_id}"
        reservation = None
        if reserved_file is not None:
            people = read_pool(reserved_file, quotas)
            reservation = reserved.reserve(people, quotas, seats)
            pool = reserved.without(pool, people)
        outcome = selection.select(pool, quotas, seats, seed, lottery_size, source, reservation)
    except PanelInputError as error:
        raise click.ClickException(str(error)) from None
    except ArithmeticError as error:
        raise click.ClickException(f"Die Berechnung ist numerisch gescheitert ({error}).") from None
    selection.write(outcome, out)
    record = selection.protocol(outcome)
    if reservation is not None:
        click.echo(f"Reservierte Sitze: {reservation.people.size}; gelost: {reservation.seats}.")
    click.echo(
        f"Panel gezogen: {len(outcome.selection.members)} Mitglieder, "
        f"{len(outcome.selection.substitutes)} Nachrücker (Pool: {pool.size} Personen)."
    )
    click.echo(f"Niedrigste Chance (LEXIMIN): {record['lowest_chance_leximin']:.2%}")
    if record["lottery"]:
        lottery = record["lottery"]
        click.echo(
            f"Lotterie mit {lottery['size']} Losen: niedrigste Chance "
            f"{lottery['lowest_chance']:.2%}, gezogenes Los Nr. {record['draw']['pick']}"
        )
    click.echo(f"Ergebnis in {out}")


@panel_group.command("verify")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--pool", "pool_file", type=FILE, help="The pool CSV the selection used.")
@click.option("--reserved", "reserved_file", type=FILE, help=RESERVED_HELP)
@with_appcontext
def verify_command(directory: Path, pool_file: Path | None, reserved_file: Path | None) -> None:
    """Recompute a selection from its protocol and the pool; exit 1 on any difference."""
    path = directory / "protocol.json"
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        quotas = verification.quotas_of(record)
        source = str(record["pool"]["source"])
    except (OSError, ValueError, LookupError, TypeError, AttributeError) as error:
        raise click.ClickException(f"{path}: kein lesbares Protokoll ({error})") from None
    try:
        if pool_file is not None:
            pool = read_pool(pool_file, quotas)
        elif source.startswith("form:"):
            pool = _form_pool(source.removeprefix("form:"), quotas)
        else:
            raise click.UsageError("Der Pool kam aus einer Datei: --pool DATEI.csv angeben.")
        people = read_pool(reserved_file, quotas) if reserved_file else None
        if people is not None:
            pool = reserved.without(pool, people)
        problems = verification.verify(record, pool, directory, people)
    except PanelInputError as error:
        raise click.ClickException(str(error)) from None
    except (ValueError, LookupError, TypeError, AttributeError) as error:
        problems = [f"{path}: unvollständiges Protokoll ({error!r})"]
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException("Protokoll NICHT bestätigt.")
    click.echo("Protokoll bestätigt: Verteilung, Lotterie, Panel und Nachrücker stimmen.")


@panel_group.command("announce")
@click.option("--seed", required=True, help="The public value the draw will use.")
@click.option("--seats", required=True, type=int, help="Seats of the panel (K).")
@click.option("--reserved", default=0, show_default=True, help="Seats given before the draw.")
@click.option("--draw-date", required=True, type=click.DateTime(["%Y-%m-%d"]), help="YYYY-MM-DD")
@click.option("--to", "folder", default=SITE_FOLDER, show_default=True, type=FOLDER)
def announce_command(seed, seats, reserved, draw_date, folder) -> None:
    """Publish the seed before the draw (ankuendigung.json for the Bürgerrat page)."""
    try:
        path = publishing.announce(folder, _seed(seed), seats, reserved, draw_date.date())
    except PanelInputError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Angekündigt: {path}. Jetzt die Website bauen und veröffentlichen.")


@panel_group.command("publish")
@click.argument("result", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--to", "folder", default=SITE_FOLDER, show_default=True, type=FOLDER)
def publish_command(result: Path, folder: Path) -> None:
    """Copy a verified selection's protocol and chances (by token) to the Bürgerrat page."""
    try:
        paths = publishing.publish(result, folder)
    except PanelInputError as error:
        raise click.ClickException(str(error)) from None
    except (OSError, ValueError, LookupError, TypeError) as error:
        raise click.ClickException(f"{result}: kein vollständiges Ergebnis ({error})") from None
    click.echo("Veröffentlicht: " + ", ".join(str(p) for p in paths))


def _form_pool(form_id: str, quotas: tuple[Quota, ...]) -> Pool:
    """The pool form's confirmed entries, each under the Losnummer its person was mailed."""
    from forms.office.commands import find_definition

    definition = find_definition(form_id)
    if not definition.panel_pool:
        raise click.ClickException(
            f"Das Formular {form_id!r} ist kein Bürgerrat-Pool (panel_pool: true fehlt)."
        )
    rows = export.load_entries(engine(), form_id)
    entries = [(row.ticket, row.data) for row in rows if row.confirmed_at is not None]
    return pool_from_entries(f"form:{form_id}", entries, quotas)


def _seed(seed: str) -> str:
    try:
        return clean_seed(seed)
    except RaffleError as error:
        raise click.BadParameter(str(error), param_hint="--seed") from None


def _refuse_overwrite(out: Path) -> None:
    """A published draw is never silently replaced by a second one."""
    if (out / "protocol.json").exists():
        raise click.ClickException(f"{out / 'protocol.json'} gibt es schon; anderen Ordner wählen.")
