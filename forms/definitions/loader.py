"""Form definitions: one YAML file per form, checked once and used everywhere."""

from __future__ import annotations

from pathlib import Path

from forms.definitions import consistency, schema
from forms.definitions.model import (
    DEFAULT_MAX_LENGTH,
    FIELD_TYPES,
    KINDS,
    RESERVED_NAMES,
    Example,
    Field,
    FormDefinition,
    Option,
    Prize,
    Question,
)
from forms.definitions.yamlsource import DefinitionErrors, DefinitionProblem, Source, parse

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "FIELD_TYPES",
    "KINDS",
    "RESERVED_NAMES",
    "DefinitionErrors",
    "DefinitionProblem",
    "Example",
    "Field",
    "FormDefinition",
    "Option",
    "Prize",
    "Question",
    "build",
    "load_all",
]


def load_all(directory: str | Path) -> dict[str, FormDefinition]:
    """Load every `*.yml` in `directory`; raise DefinitionErrors listing all problems."""
    directory = Path(directory)
    if not directory.is_dir():
        raise DefinitionErrors([schema.missing_directory(directory)])
    definitions, problems = {}, []
    for path in sorted(directory.glob("*.yml")):
        source = parse(path.read_text(encoding="utf-8"), _display_path(path))
        definition = build(source, expected_id=path.stem)
        problems.extend(source.problems)
        if definition is not None and not source.problems:
            definitions[definition.id] = definition
    if problems:
        raise DefinitionErrors(problems)
    return definitions


def build(source: Source, expected_id: str | None = None) -> FormDefinition | None:
    """Turn a parsed file into a definition, recording problems on `source`."""
    data = source.data
    if source.problems:
        return None
    if not isinstance(data, dict):
        source.error((), "muss aus Zeilen der Form 'schlüssel: wert' bestehen")
        return None
    schema.check_keys(source, (), data, schema.FORM_KEYS)
    form_id = schema.slug(source, ("id",), data.get("id"))
    if expected_id and form_id and form_id != expected_id:
        source.error(("id",), f"muss wie der Dateiname lauten: '{expected_id}'")
    kind = schema.one_of(source, ("kind",), data.get("kind"), KINDS)
    fields = tuple(schema.fields(source, data.get("fields")))
    questions = tuple(schema.questions(source, data.get("questions"), kind == "quiz"))
    prizes = tuple(schema.prizes(source, data.get("prizes")))
    definition = FormDefinition(
        id=form_id or "",
        title=schema.header_text(source, ("title",), data.get("title")),
        kind=kind or "",
        fields=fields,
        success_url=schema.local_url(source, ("success_url",), data.get("success_url")),
        retention_days=schema.positive_int(source, ("retention_days",), data.get("retention_days")),
        path=source.path,
        description=schema.text(source, ("description",), data.get("description"), required=False),
        opens=schema.moment(source, ("opens",), data.get("opens")),
        closes=schema.moment(source, ("closes",), data.get("closes")),
        questions=questions,
        prizes=prizes,
        notify=tuple(schema.addresses(source, ("notify",), data.get("notify"))),
        one_entry_per=schema.text(source, ("one_entry_per",), data.get("one_entry_per"), False),
        confirm_to=schema.text(source, ("confirm_to",), data.get("confirm_to"), False),
        panel_pool=schema.flag(source, ("panel_pool",), data.get("panel_pool")),
        confirm=None
        if data.get("confirm") is None
        else schema.flag(source, ("confirm",), data.get("confirm")),
        capacity=schema.count(source, ("capacity",), data.get("capacity")),
        event=schema.event(source, data.get("event")),
        reminder_days=schema.count(source, ("reminder_days",), data.get("reminder_days")),
        success_message=schema.text(
            source, ("success_message",), data.get("success_message"), False
        )
        or FormDefinition.success_message,
        examples=tuple(schema.examples(source, data.get("examples"))),
    )
    consistency.check(source, definition)
    return definition


def _display_path(path: Path) -> str:
    parts = path.resolve().parts
    if "content" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("content") :])
    return str(path)
