"""JSON Schemas of a form's inputs, exactly as strict as forms/definitions/validation.py.

What the validator accepts, the schema allows, and the other way round, so a client (or a
fuzzer) that follows the OpenAPI document never meets a surprise 422 and nothing the document
forbids is stored. The character rules are derived from the validator's own functions.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from email_validator import SPECIAL_USE_DOMAIN_NAMES

from forms.definitions.addresses import LINE_BREAKS
from forms.definitions.letter_codes import PATTERN as LETTER_CODE
from forms.definitions.model import Field, FormDefinition, Question
from forms.definitions.validation import (
    ALLOWED_IN_TEXTAREA,
    TRUTHY,
    UNSEEN_CATEGORIES,
    UNSEEN_CHARACTERS,
)

CONTROLS = ("Cc",)


def question_schema(question: Question) -> dict[str, Any]:
    """One of the offered answers, as text."""
    return {"type": "string", "enum": [option.value for option in question.options]}


def field_schema(definition: FormDefinition, item: Field, json: bool = True) -> dict[str, Any]:
    """The values `validate()` takes for one field (a form post has no null, only text)."""
    if item.type in ("checkbox", "consent"):
        return _box(item, json)
    if item.type == "choice":
        values = [option.value for option in definition.options_for(item)]
        if item.is_list:
            return _list(item, values, json)
        return _optional(item, _one_of(values), json)
    if item.format:
        return _optional(item, {"type": "string", "pattern": LETTER_CODE}, json)
    schema: dict[str, Any] = {
        "type": "string",
        "maxLength": item.max_length,
        "pattern": text_pattern(item.type == "textarea", item.required),
    }
    if item.type == "email":
        schema |= {"format": "idn-email", "pattern": email_pattern()}
    return _optional(item, schema, json)


@lru_cache(maxsize=1)
def email_pattern() -> str:
    """What the address check adds to the format: no encoded word, no format character or line
    separator, no special-use domain, a dot in the domain, a top-level domain ending in a letter.
    """
    category = unicodedata.category
    unseen = [cp for cp in range(0x110000) if category(chr(cp)) == "Cf"]
    unseen += map(ord, LINE_BREAKS)
    names = "|".join(_any_case(name) for name in SPECIAL_USE_DOMAIN_NAMES)
    not_ascii_letter = r"[^\u0000-\u0040\u005b-\u0060\u007b-\u007f]"
    return (
        rf"^(?!.*=\?.*\?=)(?!.*[{_character_class(unseen)}])(?!.*[@.](?:{names})$)"
        rf".*@[^@]+\.[^@]*{not_ascii_letter}$"
    )


def _any_case(word: str) -> str:
    """Spell out both cases of each ASCII letter (ECMA-262 patterns have no inline flags)."""
    return "".join(f"[{c.upper()}{c}]" if c.isalpha() else c for c in word)


@lru_cache(maxsize=4)
def text_pattern(multiline: bool, required: bool) -> str:
    """No control characters; for a required field, at least one visible character."""
    allowed = ALLOWED_IN_TEXTAREA if multiline else set()
    control = _character_class(cp for cp in _controls() if chr(cp) not in allowed)
    if not required:
        return f"^[^{control}]*$"
    return f"^[^{control}]*[^{_invisible()}][^{control}]*$"


def _box(item: Field, json: bool) -> dict[str, Any]:
    """Booleans, or the words a browser or the page script sends for a ticked box."""
    if not item.required:
        kinds = ["boolean", "string", "null"] if json else ["boolean", "string"]
        return {"type": kinds, "description": item.label}
    # str.lower() folds only ASCII letters onto these words, so spelling out both cases is exact.
    words = "|".join(_any_case(word) for word in sorted(TRUTHY))
    ticked = {"type": "string", "pattern": f"^({words})$"}
    return {"anyOf": [{"const": True}, ticked], "description": item.label}


def _list(item: Field, values: list[str], json: bool) -> dict[str, Any]:
    """Several options, each at most once; a single one may come as plain text."""
    array = {"type": "array", "items": _one_of(values), "uniqueItems": True}
    if item.required:
        array["minItems"] = 1
    return _optional(item, {"anyOf": [array, _one_of(values)]}, json)


def _one_of(values: list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": values}


def _optional(item: Field, schema: dict[str, Any], json: bool) -> dict[str, Any]:
    """An optional field may also be left empty (or null, in JSON)."""
    if item.required:
        return schema
    return {"anyOf": [schema, empty(json)]}


def empty(json: bool) -> dict[str, Any]:
    """An empty value: the empty text, or in JSON also null."""
    return {"enum": ["", None]} if json else {"const": ""}


@lru_cache(maxsize=1)
def _controls() -> tuple[int, ...]:
    """Code points clean_text() refuses anywhere (C0 and C1 controls)."""
    return tuple(cp for cp in range(0x100) if unicodedata.category(chr(cp)) in CONTROLS)


@lru_cache(maxsize=1)
def _invisible() -> str:
    """The class of characters that alone show nothing, in has_visible_text()'s sense."""
    category = unicodedata.category
    unseen = (cp for cp in range(0x110000) if category(chr(cp)) in UNSEEN_CATEGORIES)
    return _character_class({*unseen, *map(ord, UNSEEN_CHARACTERS)})


def _group(code_points) -> list[tuple[int, int]]:
    ranges: list[list[int]] = []
    for cp in code_points:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return [(first, last) for first, last in ranges]


def _character_class(code_points) -> str:
    """A regex class body ECMA-262 and Python read alike: \\u and four hex digits, astral literal.

    Lone surrogates are left out: no UTF-8 JSON text carries one unescaped, regex engines
    disagree about them, and the validator refuses them anyway.
    """
    return "".join(
        _escape(first) if first == last else f"{_escape(first)}-{_escape(last)}"
        for first, last in _group(sorted(cp for cp in code_points if not 0xD800 <= cp <= 0xDFFF))
    )


def _escape(cp: int) -> str:
    return f"\\u{cp:04x}" if cp <= 0xFFFF else chr(cp)
