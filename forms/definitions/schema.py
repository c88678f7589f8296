"""The schema of a form definition: every key checked, every mistake named with file and line."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from forms.definitions.addresses import header_problem, is_address
from forms.definitions.model import (
    DEFAULT_MAX_LENGTH,
    FIELD_TYPES,
    OPTION_SOURCES,
    TEXT_FORMATS,
    Event,
    Example,
    Field,
    Option,
    Prize,
    Question,
)
from forms.definitions.yamlsource import DefinitionProblem, Source

FORM_KEYS = (
    {"id", "title", "kind", "fields", "success_url", "retention_days"},
    {"description", "opens", "closes", "questions", "prizes", "notify", "one_entry_per"}
    | {"confirm_to", "success_message", "examples", "panel_pool", "confirm"}
    | {"capacity", "event", "reminder_days"},
)
EVENT_KEYS = ({"title", "start", "end", "place", "page"}, set())
FIELD_KEYS = (
    {"name", "label", "type"},
    {"required", "hint", "max_length", "options", "multiple", "options_from", "autocomplete"}
    | {"inputmode", "required_message", "format"},
)
OPTION_KEYS = ({"value", "label"}, set())
QUESTION_KEYS = ({"id", "text", "options", "answer"}, {"hint"})
PRIZE_KEYS = ({"id", "label", "count"}, set())
EXAMPLE_KEYS = ({"name", "data", "valid"}, {"errors"})
SLUG = re.compile(r"^[a-z][a-z0-9_-]*$")


def missing_directory(directory: Path) -> DefinitionProblem:
    """Explain that the definitions folder itself is missing."""
    return DefinitionProblem(
        str(directory), 1, "(folder)", "Ordner mit den Formularen nicht gefunden"
    )


def check_keys(source: Source, keys: tuple, mapping: dict, spec: tuple[set, set]) -> None:
    """Report missing required keys and unknown keys of one mapping."""
    required, optional = spec
    for key in sorted(required - mapping.keys()):
        source.error(keys, f"'{key}' fehlt, ist aber Pflicht")
    for key in mapping:
        if key not in required | optional:
            allowed = ", ".join(sorted(required | optional))
            source.error((*keys, str(key)), f"unbekannter Schlüssel (erlaubt: {allowed})")


def text(source: Source, keys: tuple, value: Any, required: bool = True) -> str:
    """A non-empty string."""
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        source.error(keys, "muss ein Text sein, der nicht leer ist")
        return ""
    return value.strip()


def header_text(source: Source, keys: tuple, value: Any) -> str:
    """A non-empty text that may stand in a mail subject: nothing a mail program reads more into."""
    found = text(source, keys, value)
    if found and header_problem(found, str(keys[-1])):
        source.error(
            keys,
            "steht im Betreff von E-Mails und darf darum keine Zeilenumbrüche, unsichtbaren "
            "Zeichen oder „=?…?=“ enthalten",
        )
    return found


def slug(source: Source, keys: tuple, value: Any) -> str:
    """A lower-case identifier: letters, digits, '-' and '_'."""
    if not isinstance(value, str) or not SLUG.match(value):
        source.error(
            keys,
            "darf nur Kleinbuchstaben, Ziffern, '-' und '_' enthalten "
            "und muss mit einem Buchstaben beginnen",
        )
        return ""
    return value


def flag(source: Source, keys: tuple, value: Any) -> bool:
    """A yes/no switch, off when absent."""
    if value is None:
        return False
    if not isinstance(value, bool):
        source.error(keys, "must be true or false")
        return False
    return value


def one_of(source: Source, keys: tuple, value: Any, allowed: tuple[str, ...]) -> str:
    """One of a fixed set of words."""
    if value not in allowed:
        source.error(keys, f"muss einer dieser Werte sein: {', '.join(allowed)}")
        return ""
    return value


def event(source: Source, value: Any) -> Event | None:
    """The date a registration is for: title, start, end, place and its page on the site."""
    if value is None:
        return None
    if not isinstance(value, dict):
        source.error(("event",), "muss title, start, end, place und page enthalten (eingerückt)")
        return None
    check_keys(source, ("event",), value, EVENT_KEYS)
    start = moment(source, ("event", "start"), value.get("start"))
    end = moment(source, ("event", "end"), value.get("end"))
    if start and end and end <= start:
        source.error(("event", "end"), "muss nach 'start' liegen")
    found = Event(
        title=header_text(source, ("event", "title"), value.get("title")),
        start=start,
        end=end,
        place=text(source, ("event", "place"), value.get("place")),
        page=local_url(source, ("event", "page"), value.get("page")),
    )
    return found if start and end else None


def count(source: Source, keys: tuple, value: Any) -> int:
    """A whole number of zero or more; absent means zero."""
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        source.error(keys, "muss eine ganze Zahl ab 0 sein")
        return 0
    return value


def positive_int(source: Source, keys: tuple, value: Any) -> int:
    """A whole number above zero."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        source.error(keys, "muss eine ganze Zahl größer als 0 sein")
        return 1
    return value


def local_url(source: Source, keys: tuple, value: Any) -> str:
    """A path on the site such as /kontakt/danke/."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        source.error(
            keys,
            "muss ein Pfad auf dieser Website sein, der mit '/' beginnt, z. B. /kontakt/danke/",
        )
        return "/"
    return value


def moment(source: Source, keys: tuple, value: Any) -> datetime | None:
    """An ISO 8601 time with offset, e.g. 2021-06-25T23:59:59+02:00."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        source.error(
            keys, "muss Datum und Uhrzeit mit Zeitzone sein, z. B. 2021-06-25T23:59:59+02:00"
        )
        return None
    return parsed


def addresses(source: Source, keys: tuple, value: Any) -> list[str]:
    """A list of e-mail addresses."""
    if value is None:
        return []
    if not isinstance(value, list):
        source.error(keys, "muss eine Liste von E-Mail-Adressen sein")
        return []
    valid = []
    for index, item in enumerate(value):
        if isinstance(item, str) and is_address(item):
            valid.append(item)
        else:
            source.error((*keys, index), "muss eine E-Mail-Adresse sein")
    return valid


def _items(source: Source, keys: tuple, value: Any, spec: tuple[set, set]) -> list[tuple]:
    """The mappings of a list, each checked against `spec`, with their key paths."""
    if value is None:
        return []
    if not isinstance(value, list):
        source.error(keys, "muss eine Liste sein")
        return []
    items = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            source.error((*keys, index), "muss aus Zeilen der Form 'schlüssel: wert' bestehen")
            continue
        check_keys(source, (*keys, index), item, spec)
        items.append(((*keys, index), item))
    return items


def options(source: Source, keys: tuple, value: Any) -> tuple[Option, ...]:
    """Answer options: each a value and a label."""
    found = []
    for where, item in _items(source, keys, value, OPTION_KEYS):
        raw = item.get("value")
        if isinstance(raw, bool) or not isinstance(raw, str | int) or not str(raw).strip():
            source.error((*where, "value"), "muss ein Text oder eine Zahl sein, nicht leer")
            continue
        found.append(Option(str(raw), header_text(source, (*where, "label"), item.get("label"))))
    values = [option.value for option in found]
    for duplicate in sorted({v for v in values if values.count(v) > 1}):
        source.error(keys, f"der Wert '{duplicate}' kommt zweimal vor")
    return tuple(found)


def fields(source: Source, value: Any) -> list[Field]:
    """The inputs of a form."""
    if not isinstance(value, list) or not value:
        source.error(("fields",), "muss eine Liste mit mindestens einem Feld sein")
        return []
    found = []
    for where, item in _items(source, ("fields",), value, FIELD_KEYS):
        kind = one_of(source, (*where, "type"), item.get("type"), FIELD_TYPES)
        found.append(_field(source, where, item, kind))
    return found


def _field(source: Source, where: tuple, item: dict, kind: str) -> Field:
    if kind not in DEFAULT_MAX_LENGTH and "max_length" in item:
        source.error(
            (*where, "max_length"), "gibt es nur bei Feldern vom Typ text, email und textarea"
        )
    if kind != "choice":
        for key in ("options", "multiple", "options_from"):
            if key in item:
                source.error((*where, key), "gibt es nur bei Auswahlfeldern (type: choice)")
    if "options_from" in item and item["options_from"] not in OPTION_SOURCES:
        source.error((*where, "options_from"), f"mögliche Werte: {', '.join(OPTION_SOURCES)}")
    if kind == "choice" and ("options" in item) == ("options_from" in item):
        source.error(
            where, "ein Auswahlfeld braucht 'options' oder 'options_from: prizes/stadtteile'"
        )
    if "format" in item and (kind != "text" or item["format"] not in TEXT_FORMATS):
        source.error(
            (*where, "format"),
            f"gibt es nur bei type: text; mögliche Werte: {', '.join(TEXT_FORMATS)}",
        )
    required = item.get("required", True)
    if not isinstance(required, bool):
        source.error((*where, "required"), "muss true oder false sein")
    if kind == "consent" and required is not True:
        source.error(
            (*where, "required"),
            "eine Einwilligung (consent) ist immer Pflicht; nehmen Sie sonst type: checkbox",
        )
    multiple = item.get("multiple", item.get("options_from") == "prizes")
    max_length = item.get("max_length", DEFAULT_MAX_LENGTH.get(kind))
    if max_length is not None:
        max_length = positive_int(source, (*where, "max_length"), max_length)
    return Field(
        name=slug(source, (*where, "name"), item.get("name")),
        label=text(source, (*where, "label"), item.get("label")),
        type=kind,
        required=required is True,
        hint=text(source, (*where, "hint"), item.get("hint"), required=False),
        max_length=max_length,
        options=options(source, (*where, "options"), item.get("options")),
        multiple=multiple is True,
        options_from=item.get("options_from", "") if kind == "choice" else "",
        autocomplete=text(source, (*where, "autocomplete"), item.get("autocomplete"), False),
        inputmode=text(source, (*where, "inputmode"), item.get("inputmode"), False),
        required_message=text(
            source, (*where, "required_message"), item.get("required_message"), False
        ),
        format=item.get("format", "") if item.get("format") in TEXT_FORMATS else "",
    )


def questions(source: Source, value: Any, is_quiz: bool) -> list[Question]:
    """Quiz questions, each with its right answer among its options."""
    if is_quiz and (not isinstance(value, list) or not value):
        source.error(("questions",), "ein Quiz braucht eine Liste mit mindestens einer Frage")
    if not is_quiz and value is not None:
        source.error(("questions",), "nur ein Quiz hat Fragen (kind: quiz)")
    found = []
    for where, item in _items(source, ("questions",), value, QUESTION_KEYS):
        choices = options(source, (*where, "options"), item.get("options"))
        answer = str(item.get("answer", ""))
        if choices and answer not in {option.value for option in choices}:
            source.error((*where, "answer"), "muss der value einer der Antworten (options) sein")
        found.append(
            Question(
                id=slug(source, (*where, "id"), item.get("id")),
                text=text(source, (*where, "text"), item.get("text")),
                options=choices,
                answer=answer,
                hint=text(source, (*where, "hint"), item.get("hint"), required=False),
            )
        )
    return found


def prizes(source: Source, value: Any) -> list[Prize]:
    """Raffle prizes: id, label and how many there are."""
    return [
        Prize(
            id=slug(source, (*where, "id"), item.get("id")),
            label=text(source, (*where, "label"), item.get("label")),
            count=positive_int(source, (*where, "count"), item.get("count")),
        )
        for where, item in _items(source, ("prizes",), value, PRIZE_KEYS)
    ]


def examples(source: Source, value: Any) -> list[Example]:
    """Named sample submissions with the outcome they must have."""
    found = []
    for where, item in _items(source, ("examples",), value, EXAMPLE_KEYS):
        data, valid, errors = item.get("data"), item.get("valid"), item.get("errors", [])
        if not isinstance(data, dict):
            source.error((*where, "data"), "muss Feldnamen mit ihren Werten aufzählen (name: wert)")
            data = {}
        if not isinstance(valid, bool):
            source.error((*where, "valid"), "muss true oder false sein")
        if not isinstance(errors, list) or not all(isinstance(e, str) for e in errors):
            source.error((*where, "errors"), "muss eine Liste von Feldnamen sein")
            errors = []
        name = text(source, (*where, "name"), item.get("name"))
        found.append(Example(name, data, valid is True, tuple(errors)))
    return found
