"""Commands on stored data: ``purge``, ``erase EMAIL``, ``access EMAIL``, ``stats FORM_ID``."""

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from forms import clock
from forms.definitions.addresses import check_address
from forms.keys import normalise_email
from forms.office import retention, stats, wording
from forms.office.commands import find_definition
from forms.storage import access, person
from forms.storage.db import engine, scrub_deleted

NOT_SCRUBBED = (
    "Hinweis: Die Datenbank wird gerade gelesen; gelöschte Daten stehen noch im "
    "Write-Ahead-Log. Bitte den Befehl in einigen Minuten noch einmal ausführen."
)


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Delete entries past their retention period, with their mails."""
    definitions = current_app.extensions["forms_definitions"].values()
    keep_sent = int(current_app.config.get("MAIL_KEEP_SENT_DAYS", 30))
    now = clock.now()
    with engine().begin() as connection:
        plans = retention.plan_purge(connection, definitions, now)
        for plan in plans:
            click.echo(
                f"{plan.form_id} ({plan.cutoff_note}): {wording.entries(len(plan.references))}, "
                f"{wording.mails(plan.mails)}"
            )
            if dry_run:
                for reference in plan.references:
                    click.echo(f"  {reference}")
        if dry_run:
            click.echo("Probelauf: nichts gelöscht.")
            return
        entries = mails = 0
        for plan in plans:
            removed = retention.delete_submissions(connection, plan.submission_ids)
            entries, mails = entries + removed[0], mails + removed[1]
        old_mails = retention.purge_sent_mails(connection, now, keep_sent)
        access.forget_old(connection, now)  # 'Meine Daten' requests whose link has expired
        unknown = retention.orphans(connection, [d.id for d in definitions])
    if not scrub_deleted(engine()):
        click.echo(NOT_SCRUBBED, err=True)
    click.echo(
        f"Gelöscht: {wording.entries(entries)}, "
        f"{wording.counted(mails, 'zugehörige E-Mail', 'zugehörige E-Mails')}, "
        f"{wording.counted(old_mails, 'versendete E-Mail', 'versendete E-Mails')} "
        f"älter als {keep_sent} Tage. "
        "Ziehungsprotokolle enthalten nur Referenzen und bleiben."
    )
    for form_id, count in sorted(unknown.items()):
        click.echo(
            f"Hinweis: {wording.entries(count)} des Formulars {form_id!r} ohne Definition "
            f"{'wurde' if count == 1 else 'wurden'} nicht gelöscht; "
            "Definition wiederherstellen oder einzeln mit erase löschen.",
            err=True,
        )


@click.command("erase")
@click.argument("email")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@with_appcontext
def erase_command(email: str, dry_run: bool) -> None:
    """Delete everything stored about one e-mail address (GDPR Art. 17)."""
    email = _address_as_stored(email, "ihre Benachrichtigungen werden nicht gelöscht")
    with engine().begin() as connection:
        plan = retention.plan_erase(connection, current_app.config["SECRET_KEY"], email)
        counts = ", ".join(f"{form}: {len(ids)}" for form, ids in sorted(plan.by_form.items()))
        total = sum(len(ids) for ids in plan.by_form.values())
        if dry_run:
            click.echo(
                f"Würde löschen: {wording.entries(total)} ({counts or '-'}), "
                f"{wording.mails(len(plan.mail_ids))}. Probelauf: nichts gelöscht."
            )
        else:
            entries, mails = retention.erase(connection, plan)
            click.echo(
                f"Gelöscht: {wording.entries(entries)} ({counts or '-'}), {wording.mails(mails)} "
                f"(davon {plan.pending_mails} noch nicht versendet)."
            )
    if not dry_run and not scrub_deleted(engine()):
        click.echo(NOT_SCRUBBED, err=True)
    if plan.mentioned:
        click.echo(
            "Hinweis: Die Adresse steht außerdem im Text dieser Einträge anderer Personen "
            f"(nicht gelöscht, bitte prüfen): {', '.join(plan.mentioned)}"
        )


@click.command("access")
@click.argument("email")
@with_appcontext
def access_command(email: str) -> None:
    """Print everything stored about one e-mail address as JSON (GDPR Art. 15)."""
    email = _address_as_stored(email, "ihre Benachrichtigungen betreffen andere Personen")
    with engine().connect() as connection:
        found = person.find(connection, current_app.config["SECRET_KEY"], email)
        data = person.report(connection, found, email)
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    if not found.entries and not found.mails:
        click.echo("Zu dieser Adresse ist nichts gespeichert.", err=True)
    if found.mentioned:
        click.echo(
            "Hinweis: Die Adresse steht außerdem im Text dieser Einträge anderer Personen "
            f"(nicht ausgegeben, bitte prüfen): {', '.join(found.mentioned)}",
            err=True,
        )


def _address_as_stored(email: str, why: str) -> str:
    """Return the address as intake stores it; stop on a non-address or an office address.

    Intake keeps email-validator's normal form (Unicode domain), so `x@xn--mller-kva.de`
    typed here must find `x@müller.de`; the office address receives every notification.
    """
    stored, problem = check_address(email.strip())
    email = email if problem else stored
    definitions = current_app.extensions["forms_definitions"].values()
    wanted = normalise_email(email)
    if "@" not in wanted:
        raise click.ClickException("Bitte eine E-Mail-Adresse angeben.")
    offices = [d.id for d in definitions if wanted in {normalise_email(a) for a in d.notify}]
    if offices:
        raise click.ClickException(
            f"Das ist eine Adresse des Büros (notify in {', '.join(offices)}); {why}."
        )
    return email


@click.command("stats")
@click.argument("form_id")
@with_appcontext
def stats_command(form_id: str) -> None:
    """Show counts per day and per raffle; no personal data."""
    definition = find_definition(form_id)
    with engine().connect() as connection:
        click.echo(stats.render(definition, stats.collect(connection, definition)))
