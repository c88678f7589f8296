"""The office's commands: ``flask --app forms deliver|export|draw|verify|...|panel``."""

import json
import logging
import sys
import time
from datetime import datetime
from datetime import time as day_start
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from forms import clock
from forms.definitions.model import FormDefinition
from forms.office import delivery, draws, export, participants, reminders, wording
from forms.office.mail_transport import transport_for
from forms.office.mailer import MailSettings, redact
from forms.office.raffle import RaffleError, verify
from forms.storage import access, seats
from forms.storage.db import engine

# `draw` stored a protocol, but some prizes found no winner: scripts must notice.
PRIZES_LEFT_OVER = 3


def find_definition(form_id: str) -> FormDefinition:
    """The form's definition, or a clear refusal naming the forms there are."""
    definitions = _definitions()
    if form_id not in definitions:
        known = ", ".join(sorted(definitions)) or "keine"
        raise click.ClickException(f"Unbekanntes Formular {form_id!r}; vorhanden: {known}.")
    return definitions[form_id]


def _definitions() -> dict[str, FormDefinition]:
    return current_app.extensions["forms_definitions"]


def _policy() -> delivery.RetryPolicy:
    config, default = current_app.config, delivery.RetryPolicy()
    return delivery.RetryPolicy(
        base_seconds=int(config.get("MAIL_RETRY_BASE_SECONDS", default.base_seconds)),
        cap_seconds=int(config.get("MAIL_RETRY_CAP_SECONDS", default.cap_seconds)),
        max_attempts=int(config.get("MAIL_MAX_ATTEMPTS", default.max_attempts)),
        lease_seconds=int(config.get("MAIL_LEASE_SECONDS", default.lease_seconds)),
    )


@click.command("deliver")
@click.option("--loop", is_flag=True, help="Keep running; deliver every --interval seconds.")
@click.option("--interval", default=60.0, show_default=True, help="Seconds between runs.")
@click.option("--runs", type=int, default=None, help="With --loop: stop after this many runs.")
@click.option("--limit", type=int, default=None, help="Send at most this many mails per run.")
@click.option("--retry-failed", is_flag=True, help="Queue given-up mails again first.")
@with_appcontext
def deliver_command(loop, interval, runs, limit, retry_failed) -> None:
    """Send the outbox; exit 1 while any mail has been given up."""
    try:
        settings = MailSettings.from_mapping(current_app.config)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    if not settings.server:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
        click.echo("MAIL_SERVER ist nicht gesetzt: E-Mails werden nur ins Log geschrieben.")
    if retry_failed:
        click.echo(
            f"{delivery.retry_failed(engine(), clock.now())} aufgegebene E-Mails neu eingereiht."
        )

    def run_once() -> delivery.DeliveryReport:
        _queue_access_links()
        _queue_reminders()
        transport = transport_for(settings, current_app.debug)
        report = delivery.deliver_once(engine(), transport, settings, clock.now, _policy(), limit)
        for line in report.errors:
            click.echo(redact(line), err=True)
        click.echo(
            f"Versendet: {report.sent}, später erneut: {report.deferred}, "
            f"aufgegeben: {report.failed}"
        )
        return report

    if loop:
        delivery.run_loop(run_once, current_app.config.get("SLEEP", time.sleep), interval, runs)
    else:
        run_once()
    failed = delivery.failed_mails(engine())
    for row in failed:
        click.echo(
            f"Aufgegeben: Mail #{row.id} nach {row.attempts} Versuchen: "
            f"{redact(row.last_error or '')}",
            err=True,
        )
    if failed:
        raise click.ClickException(
            f"{len(failed)} E-Mails wurden aufgegeben. Fehler beheben, dann "
            "`.venv/bin/flask --app forms deliver --retry-failed`."
        )


def _queue_reminders() -> None:
    """Event registrations: reminders now due, and seats freed without a cancellation link."""
    links = seats.CancelLinks(current_app.config["SECRET_KEY"], current_app.config["SITE_URL"])
    reminded, moved = reminders.run(engine(), _definitions().values(), clock.now(), links)
    if reminded or moved:
        click.echo(f"Erinnerungen eingereiht: {reminded}, von der Warteliste nachgerückt: {moved}")


def _queue_access_links() -> None:
    """Turn 'Meine Daten' requests into mails where data exists (forms.storage.access)."""
    link_base = current_app.config["SITE_URL"] + "/api/meine-daten/"
    access.queue_links(engine(), current_app.config["SECRET_KEY"], clock.now(), link_base)


@click.command("export")
@click.argument("form_id")
@click.option("--since", help="Only entries from this day (2021-06-20) or time (ISO 8601) on.")
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="File (default: stdout)."
)
@click.option(
    "--participants",
    "participants_",
    is_flag=True,
    help="Event registrations: the participant list to print instead of the CSV.",
)
@with_appcontext
def export_command(form_id: str, since: str | None, out: Path | None, participants_: bool) -> None:
    """Write a form's entries as CSV for Excel (UTF-8 with BOM, semicolons)."""
    definition = find_definition(form_id)
    if participants_:
        text = _participant_list(definition)
        if out is None:
            click.echo(text, nl=False)
        else:
            out.write_text(text, encoding="utf-8")
            click.echo(f"Teilnehmendenliste nach {out} geschrieben.", err=True)
        return
    entries = export.load_entries(engine(), form_id, _parse_since(since))
    if out is None:
        export.write_csv(definition, entries, sys.stdout)
        return
    with out.open("w", encoding="utf-8", newline="") as file:
        count = export.write_csv(definition, entries, file)
    click.echo(f"{wording.entries(count)} nach {out} geschrieben.", err=True)


def _participant_list(definition: FormDefinition) -> str:
    if definition.kind != "registration":
        raise click.ClickException(
            f"{definition.id!r} ist keine Anmeldung zu einem Termin; --participants gibt es nur "
            "bei Formularen mit kind: registration."
        )
    with engine().connect() as connection:
        seated, waiting = participants.load(connection, definition)
    return participants.render(definition, seated, waiting)


def _parse_since(since: str | None) -> datetime | None:
    if not since:
        return None
    try:
        if len(since) == 10:
            return datetime.combine(
                datetime.fromisoformat(since).date(), day_start(), export.BERLIN
            )
        return clock.parse_moment(since)
    except ValueError as error:
        raise click.BadParameter(
            f"{since!r}: erwartet 2021-06-20 oder 2021-06-20T12:00:00+02:00 ({error})",
            param_hint="--since",
        ) from error


@click.command("draw")
@click.argument("form_id")
@click.option("--seed", required=True, help="The public value announced before the deadline.")
@click.option("--raffle", "raffle_ids", multiple=True, help="Draw only this raffle (repeatable).")
@click.option("--force", is_flag=True, help="Draw again although drawn already (recorded).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Protocol file.")
@with_appcontext
def draw_command(form_id, seed, raffle_ids, force, out) -> None:
    """Draw the raffle winners and print the protocol (JSON)."""
    definition = find_definition(form_id)
    try:
        protocol = draws.run_draw(engine(), definition, seed, clock.now(), raffle_ids, force)
    except RaffleError as error:
        raise click.ClickException(str(error)) from error
    text = draws.dump(protocol)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        for result in protocol["raffles"]:
            click.echo(
                f"{result['raffle']}: {result['eligible']} teilnahmeberechtigt, "
                f"Gewinn: {', '.join(result['winners']) or '-'}; "
                f"Nachrücker: {', '.join(result['substitutes']) or '-'}"
            )
        click.echo(f"Protokoll gespeichert: {out}")
    for warning in protocol["warnings"]:
        click.echo(f"Achtung: {warning}", err=True)
    if protocol["warnings"]:
        click.echo("Die Ziehung ist gespeichert; die Hinweise stehen im Protokoll.", err=True)
        click.get_current_context().exit(PRIZES_LEFT_OVER)


@click.command("verify")
@click.argument("protocol_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def verify_command(protocol_file: Path) -> None:
    """Recompute a draw from its protocol; exit 1 on any difference."""
    try:
        text = protocol_file.read_text(encoding="utf-8")
        protocol = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.ClickException(f"{protocol_file}: kein lesbares Protokoll ({error})") from error
    problems = verify(protocol) if isinstance(protocol, dict) else ["kein JSON-Objekt"]
    if not problems:
        stored = draws.stored_protocol(
            engine(), protocol.get("form", ""), protocol.get("drawn_at", "")
        )
        if stored is not None and json.loads(stored) != protocol:
            problems.append("weicht vom gespeicherten Protokoll dieser Ziehung ab")
        problems += draws.changed_entries(engine(), find_definition(protocol["form"]), protocol)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise click.ClickException("Protokoll NICHT bestätigt.")
    click.echo("Protokoll bestätigt: Gewinner und Nachrücker stimmen mit Seed und Liste überein.")


OFFICE_COMMANDS = (
    "deliver",
    "export",
    "draw",
    "verify",
    "purge",
    "erase",
    "access",
    "stats",
    "panel",
)


def init_app(app: Flask) -> None:
    """Register the office commands on the app's ``flask`` command line."""
    from forms.office.commands_data import (
        access_command,
        erase_command,
        purge_command,
        stats_command,
    )
    from forms.office.panel.cli import panel_group

    for command in (
        deliver_command,
        export_command,
        draw_command,
        verify_command,
        purge_command,
        erase_command,
        access_command,
        stats_command,
        panel_group,
    ):
        app.cli.add_command(command)
