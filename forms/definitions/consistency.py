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
    if definition.opens and definition.closes and definition.opens >= definition.closes:
        source.error(("closes",), "must be later than 'opens'")
    if not source.problems:
        _check_examples(source, definition)


def _check_names(source: Source, definition: FormDefinition) -> None:
    seen: set[str] = set()
    for index, item in enumerate(definition.inputs):
        where = ("questions", index) if index < len(definition.questions) else None
        if where is None:
            where = ("fields", index - len(definition.questions))
        if item.name in RESERVED_NAMES:
            reserved = f"the name '{item.name}' is reserved for spam protection and resends"
            source.error((*where,), reserved)
        if item.name in seen:
            source.error((*where,), f"the name '{item.name}' is used twice")
        seen.add(item.name)


def _check_quiz(source: Source, definition: FormDefinition) -> None:
    raffle_fields = [f for f in definition.fields if f.options_from == "prizes"]
    if definition.kind != "quiz":
        if definition.prizes:
            source.error(("prizes",), "only a quiz has prizes")
        if raffle_fields:
            source.error(("fields",), "'options_from: prizes' needs a quiz with prizes")
        return
    if not definition.prizes:
        source.error(("prizes",), "a quiz needs at least one prize")
    if len(raffle_fields) != 1:
        source.error(("fields",), "a quiz needs exactly one choice field with options_from: prizes")
    if definition.closes is None:
        source.error(("closes",), "a quiz needs a closing time")


def _check_references(source: Source, definition: FormDefinition) -> None:
    emails = {f.name for f in definition.fields if f.type == "email"}
    required_emails = {f.name for f in definition.fields if f.type == "email" and f.required}
    if definition.one_entry_per and definition.one_entry_per not in required_emails:
        source.error(("one_entry_per",), "must name a required email field of this form")
    if definition.confirm_to and definition.confirm_to not in emails:
        source.error(("confirm_to",), "must name an email field of this form")


def _check_examples(source: Source, definition: FormDefinition) -> None:
    names = {item.name for item in definition.inputs}
    for index, example in enumerate(definition.examples):
        where = ("examples", index)
        unknown = sorted(set(example.errors) - names)
        if unknown:
            source.error((*where, "errors"), f"unknown field names: {', '.join(unknown)}")
            continue
        if example.valid and example.errors:
            source.error((*where, "errors"), "a valid example cannot list errors")
            continue
        found = validate(definition, example.data).errors
        if example.valid and found:
            problems = "; ".join(f"{name}: {message}" for name, message in found.items())
            source.error(where, f"example '{example.name}' should be valid but fails: {problems}")
        elif not example.valid and set(found) != set(example.errors):
            source.error(
                where,
                f"example '{example.name}' should fail in {sorted(example.errors)} "
                f"but fails in {sorted(found)}",
            )
