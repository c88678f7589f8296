"""Stored values as the form showed them: labels, not internal values (export, 'Meine Daten')."""

from __future__ import annotations

from typing import Any

from forms.definitions.model import Field

YES, NO = "ja", "nein"


def value_text(field: Field, value: Any) -> str:
    """Write a stored value the way the form showed it: ja/nein, option labels, plain text."""
    if value is None:
        return ""
    if field.type in ("checkbox", "consent"):
        return YES if value else NO
    if field.type == "choice":
        labels = {option.value: option.label for option in field.options}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in values)
    return str(value)
