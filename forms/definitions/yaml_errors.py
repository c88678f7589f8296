"""Say in German what a YAML parser error means and how an editor fixes it.

Used for form definitions here and for front matter by site_src (which may import forms).
"""

from __future__ import annotations

import re

import yaml

from forms.definitions.translations import Table, translate

_GENERIC = (
    "die Zeile ist kein gültiges YAML; prüfen Sie Einrückung, Doppelpunkte und Anführungszeichen"
)
_QUOTE_HINT = "setzen Sie den ganzen Wert in Anführungszeichen"
_TAB = "Tabulatorzeichen; rücken Sie nur mit Leerzeichen ein"

# (pattern on the parser's problem text, German explanation); the first match wins.
_TRANSLATIONS: Table = [
    (
        re.compile(r"unexpected end of stream"),
        "Anführungszeichen wird nicht geschlossen; setzen Sie es auch am Ende des Werts",
    ),
    (
        re.compile(r"expected ',' or '\]'"),
        "eckige Klammer wird nicht geschlossen; ergänzen Sie ']' am Ende der Liste",
    ),
    (
        re.compile(r"expected ',' or '\}'"),
        "geschweifte Klammer wird nicht geschlossen; ergänzen Sie '}'",
    ),
    (
        re.compile(r"mapping values are not allowed"),
        f"Doppelpunkt an unerwarteter Stelle; steht im Wert ein Doppelpunkt, {_QUOTE_HINT}; "
        "sonst prüfen Sie die Einrückung",
    ),
    (
        re.compile(r"could not find expected ':'"),
        "Doppelpunkt fehlt; schreiben Sie jede Angabe als 'schlüssel: wert'",
    ),
    (
        re.compile(r"found character '\\t'|found tab character"),
        _TAB,
    ),
    (
        re.compile(r"found character '(.)' that cannot start any token"),
        "das Zeichen '{0}' darf nicht am Anfang eines Werts stehen; " + _QUOTE_HINT,
    ),
    (
        re.compile(r"undefined alias|expected alphabetic or numeric character"),
        f"'*' oder '&' am Anfang eines Werts haben in YAML eine Bedeutung; {_QUOTE_HINT}",
    ),
    (
        re.compile(
            r"expected <block end>|expected <block mapping start>|did not find expected key"
        ),
        "Einrückung passt nicht zu den Zeilen darüber; rücken Sie Schlüssel und "
        "Listeneinträge gleich weit ein",
    ),
]


def explain(exc: yaml.MarkedYAMLError, raw: str) -> str:
    """The German message for a parser error, without the parser's English."""
    problem = f"{exc.problem or ''} {exc.context or ''}"
    if "found character that cannot start any token" in problem:
        # libyaml leaves the character out of its message; read it from the text.
        found = _character_at(raw, exc.problem_mark)
        problem = f"found character {found!r} that cannot start any token"
    return translate(_TRANSLATIONS, problem, _GENERIC)


def line_of(exc: yaml.MarkedYAMLError) -> int | None:
    """0-based line the editor should look at: where an unclosed quote or bracket opened."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and "end of stream" in f"{exc.problem} {exc.problem_mark}":
        mark = exc.context_mark
    if exc.context_mark and re.search(r"expected ',' or", exc.problem or ""):
        mark = exc.context_mark
    return mark.line if mark else None


def _character_at(raw: str, mark: yaml.Mark | None) -> str:
    lines = raw.splitlines()
    if mark is None or mark.line >= len(lines) or mark.column >= len(lines[mark.line]):
        return "?"
    return lines[mark.line][mark.column]
