"""Check one submission against its definition; every problem becomes a German message per field."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from forms.definitions.addresses import check_address
from forms.definitions.letter_codes import EXAMPLE, read_code
from forms.definitions.model import Field, FormDefinition, Option, Question

TRUTHY = {"on", "ja", "true", "1", "yes"}
ALLOWED_IN_TEXTAREA = {"\n", "\r", "\t"}
# Control characters (Cc) and lone surrogates (Cs); a text area keeps its line breaks and tabs.
REFUSED_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
REFUSED_IN_TEXTAREA = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Separators, controls and format characters (zero-width, bidi marks) show nothing; nor do
# these letters, symbols and marks that fonts draw as blank space or not at all.
UNSEEN_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf", "Cs"}
UNSEEN_CHARACTERS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u2800\u3164\uffa0"
    + "".join(chr(cp) for cp in range(0xFE00, 0xFE10))
    + "".join(chr(cp) for cp in range(0xE0100, 0xE01F0))
)


@dataclass
class Result:
    """The cleaned values of the declared fields, the quiz outcome and any errors."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    all_correct: bool | None = None


def from_form(definition: FormDefinition, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Shape form-encoded pairs like a JSON body: lists for multiple choice, booleans for boxes."""
    lists: dict[str, list[str]] = {}
    for name, value in pairs:
        lists.setdefault(name, []).append(value)
    shaped: dict[str, Any] = {name: values[0] for name, values in lists.items()}
    for item in definition.fields:
        if item.type == "textarea" and item.name in shaped:
            # Browsers send every line break of a text area as CR LF; count it as one.
            shaped[item.name] = shaped[item.name].replace("\r\n", "\n")
        if item.is_list:
            shaped[item.name] = [v for v in lists.get(item.name, []) if v != ""]
        elif item.type in ("checkbox", "consent"):
            shaped[item.name] = any(v.lower() in TRUTHY for v in lists.get(item.name, []))
    return shaped


def validate(definition: FormDefinition, data: dict[str, Any]) -> Result:
    """Validate and clean `data`; keys the definition does not declare are dropped."""
    result = Result()
    for number, question in enumerate(definition.questions, start=1):
        _take(result, question.id, _check_question(question, number, data.get(question.id)))
    for item in definition.fields:
        _take(result, item.name, _check_field(definition, item, data.get(item.name)))
    # Every answer leaves the values before scoring: none may reach the stored row.
    answers = {q.id: result.values.pop(q.id, None) for q in definition.questions}
    if definition.questions and not result.errors:
        result.all_correct = all(answers[q.id] == q.answer for q in definition.questions)
    return result


def _take(result: Result, name: str, outcome: tuple[Any, str | None]) -> None:
    value, error = outcome
    if error:
        result.errors[name] = error
    else:
        result.values[name] = value


def _check_question(question: Question, number: int, value: Any) -> tuple[Any, str | None]:
    """Name the question in the message: the error summary lists several of them (GOV.UK)."""
    if value in (None, ""):
        return None, unanswered_message(number)
    if not _is_option(question.options, value):
        return (
            None,
            f"{question_label(number)}: Bitte wählen Sie eine der angezeigten Antworten aus.",
        )
    return value, None


def unanswered_message(number: int) -> str:
    """What a person is told when a quiz question is left out."""
    return f"{question_label(number)}: Bitte wählen Sie eine Antwort aus."


def question_label(number: int) -> str:
    """How pages and messages name a quiz question: its number, as the form shows it."""
    return f"Frage {number}"


def _check_field(definition: FormDefinition, item: Field, value: Any) -> tuple[Any, str | None]:
    if item.type in ("checkbox", "consent"):
        return _check_box(item, value)
    if item.is_list:
        return _check_list(definition, item, value)
    if value in (None, ""):
        return ("", None) if not item.required else (None, required_message(item))
    if not isinstance(value, str):
        return None, f"Bitte geben Sie bei „{item.label}“ einen Text ein."
    if item.type == "choice":
        if not _is_option(definition.options_for(item), value):
            return (
                None,
                f"Bitte wählen Sie bei „{item.label}“ eine der angezeigten Möglichkeiten aus.",
            )
        return value, None
    if item.format:
        return _check_letter_code(item, value)
    # Counted as sent, like the OpenAPI maxLength; form posts' CR/LF were folded in from_form.
    if item.max_length and len(value) > item.max_length:
        return None, too_long_message(item.label, item.max_length, len(value))
    text, error = clean_text(value, multiline=item.type == "textarea", label=item.label)
    if error:
        return None, error
    if not has_visible_text(text):
        text = ""
    if not text and item.required:
        return None, required_message(item)
    if item.type == "email" and text:
        return check_address(text, item.label)
    return text, None


def _check_letter_code(item: Field, value: str) -> tuple[Any, str | None]:
    """A code from an invitation letter, stored as printed; checked as sent, never trimmed."""
    code = read_code(value)
    if code is None:
        return None, (
            f"Bitte geben Sie bei „{item.label}“ den Code so ein, wie er im Brief steht "
            f"(zehn Zeichen, zum Beispiel {EXAMPLE})."
        )
    return code, None


def _check_box(item: Field, value: Any) -> tuple[Any, str | None]:
    if value is None:
        value = False
    if isinstance(value, str):
        value = value.lower() in TRUTHY
    if not isinstance(value, bool):
        return None, f"Bitte kreuzen Sie „{item.label}“ an oder lassen Sie es frei."
    if item.required and not value:
        return None, required_message(item)
    return value, None


def _check_list(definition: FormDefinition, item: Field, value: Any) -> tuple[Any, str | None]:
    choices = definition.options_for(item)
    if value is None or value == "":
        value = []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None, f"Bitte wählen Sie bei „{item.label}“ aus den angezeigten Möglichkeiten aus."
    known = {option.value for option in choices}
    if any(v not in known for v in value):
        return None, (
            f"Bitte wählen Sie bei „{item.label}“ nur aus den angezeigten Möglichkeiten aus."
        )
    if len(set(value)) != len(value):
        return None, f"Bitte wählen Sie bei „{item.label}“ jede Möglichkeit höchstens einmal aus."
    if item.required and not value:
        return None, required_message(item)
    return [option.value for option in choices if option.value in value], None


def _is_option(options: tuple[Option, ...], value: Any) -> bool:
    """An old cached page can send an option that no longer exists; its message names the field."""
    return isinstance(value, str) and value in {option.value for option in options}


def too_long_message(label: str, limit: int, length: int) -> str:
    """Say what to do (shorten) and by how much; the limit is also the field's hint."""
    return (
        f"„{label}“ ist zu lang. Bitte kürzen Sie den Text auf höchstens "
        f"{german_number(limit)} Zeichen (jetzt: {german_number(length)})."
    )


def german_number(number: int) -> str:
    """3000 -> '3.000': German groups thousands with a dot."""
    return f"{number:,}".replace(",", ".")


def required_message(item: Field) -> str:
    """What a person is told when a required field is left empty."""
    if item.required_message:
        return item.required_message
    if item.type in ("checkbox", "consent"):
        return f"Bitte bestätigen Sie: {item.label}"
    if item.type == "choice":
        return f"Bitte wählen Sie bei „{item.label}“ etwas aus."
    return f"Bitte füllen Sie das Feld „{item.label}“ aus."


def clean_text(value: str, multiline: bool, label: str) -> tuple[str, str | None]:
    """NFC-normalise and trim text; refuse control characters, NUL and broken characters."""
    # One regular-expression scan instead of a category lookup per character (issue 13's
    # "no slowdown"): Cc is exactly U+0000-U+001F and U+007F-U+009F, Cs U+D800-U+DFFF.
    refused = (REFUSED_IN_TEXTAREA if multiline else REFUSED_IN_LINE).search(value)
    if refused and unicodedata.category(refused.group()) == "Cs":
        return "", f"„{label}“ enthält ungültige Zeichen. Bitte geben Sie es neu ein."
    if refused:
        return "", (
            f"„{label}“ enthält unsichtbare Steuerzeichen. "
            "Bitte entfernen Sie diese oder geben Sie den Text neu ein."
        )
    text = unicodedata.normalize("NFC", value).strip()
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, None


def has_visible_text(text: str) -> bool:
    """Whether `text` shows anything: zero-width, bidi marks and blanks alone say nothing."""
    return any(
        unicodedata.category(char) not in UNSEEN_CATEGORIES and char not in UNSEEN_CHARACTERS
        for char in text
    )
