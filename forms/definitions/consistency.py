"""Checks across a whole definition: unique names, quiz parts, deadlines, and its own examples."""

from __future__ import annotations

from forms.definitions.model import RESERVED_NAMES, FormDefinition
from forms.definitions.validation import validate
from forms.definitions.yamlsource import Source


def check(source: Source, definition: FormDefinition) -> None:
    """Record every inconsistency of `definition` on `source`."""
    _check_names(source, definition)
    _check_quiz(source, definition)
    _check_references(source, definition)
    _check_registration(source, definition)
    if definition.opens and definition.closes and definition.opens >= definition.closes:
        source.error(("closes",), "muss nach 'opens' liegen")
    if not source.problems:
        _check_examples(source, definition)


def _check_names(source: Source, definition: FormDefinition) -> None:
    seen: set[str] = set()
    for index, item in enumerate(definition.inputs):
        where = ("questions", index) if index < len(definition.questions) else None
        if where is None:
            where = ("fields", index - len(definition.questions))
        if item.name in RESERVED_NAMES:
            source.error(
                (*where,),
                f"der Name '{item.name}' ist für den Spam-Schutz und erneutes Senden reserviert; "
                "wählen Sie einen anderen",
            )
        if item.name in seen:
            source.error(
                (*where,),
                f"der Name '{item.name}' kommt zweimal vor; jedes Feld braucht einen eigenen",
            )
        seen.add(item.name)


def _check_quiz(source: Source, definition: FormDefinition) -> None:
    raffle_fields = [f for f in definition.fields if f.options_from == "prizes"]
    if definition.kind != "quiz":
        if definition.prizes:
            source.error(("prizes",), "nur ein Quiz hat Preise (kind: quiz)")
        if raffle_fields:
            source.error(
                ("fields",), "'options_from: prizes' gibt es nur in einem Quiz mit Preisen"
            )
        return
    if not definition.prizes:
        source.error(("prizes",), "ein Quiz braucht mindestens einen Preis")
    if len(raffle_fields) != 1:
        source.error(("fields",), "ein Quiz braucht genau ein Auswahlfeld mit options_from: prizes")
    if definition.closes is None:
        source.error(("closes",), "ein Quiz braucht einen Einsendeschluss (closes)")


def _check_registration(source: Source, definition: FormDefinition) -> None:
    if definition.kind != "registration":
        for key in ("capacity", "event", "reminder_days"):
            if getattr(definition, key):
                source.error((key,), "gibt es nur bei Anmeldungen (kind: registration)")
        return
    if definition.capacity < 1:
        source.error(("capacity",), "eine Anmeldung braucht die Zahl der Plätze (ab 1)")
    if definition.event is None:
        source.error(("event",), "eine Anmeldung braucht den Termin (event: title, start, ...)")
        return
    if definition.closes is None:
        source.error(("closes",), "eine Anmeldung braucht einen Anmeldeschluss (closes)")
    elif definition.closes > definition.event.start:
        source.error(("closes",), "der Anmeldeschluss liegt nach dem Beginn (event: start)")


def _check_references(source: Source, definition: FormDefinition) -> None:
    emails = {f.name for f in definition.fields if f.type == "email"}
    required_emails = {f.name for f in definition.fields if f.type == "email" and f.required}
    if definition.one_entry_per and definition.one_entry_per not in required_emails:
        source.error(
            ("one_entry_per",), "muss ein Pflichtfeld vom Typ email dieses Formulars nennen"
        )
    if definition.confirm_to and definition.confirm_to not in emails:
        source.error(("confirm_to",), "muss ein Feld vom Typ email dieses Formulars nennen")
    if definition.needs_confirmation and definition.confirm_to not in required_emails:
        source.error(
            ("confirm_to",),
            "Einträge dieses Formulars werden per E-Mail bestätigt: hier ein Pflichtfeld vom "
            "Typ email nennen",
        )


def _check_examples(source: Source, definition: FormDefinition) -> None:
    names = {item.name for item in definition.inputs}
    for index, example in enumerate(definition.examples):
        where = ("examples", index)
        unknown = sorted(set(example.errors) - names)
        if unknown:
            source.error((*where, "errors"), f"unbekannte Feldnamen: {', '.join(unknown)}")
            continue
        if example.valid and example.errors:
            source.error(
                (*where, "errors"), "ein gültiges Beispiel (valid: true) kann keine errors haben"
            )
            continue
        found = validate(definition, example.data).errors
        if example.valid and found:
            problems = "; ".join(f"{name}: {message}" for name, message in found.items())
            source.error(
                where, f"Beispiel '{example.name}' sollte gültig sein, scheitert aber: {problems}"
            )
        elif not example.valid and set(found) != set(example.errors):
            source.error(
                where,
                f"Beispiel '{example.name}' sollte bei {sorted(example.errors)} scheitern, "
                f"scheitert aber bei {sorted(found)}",
            )
