"""An argparse parser in German: editors read its usage errors and must understand them."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from forms.definitions.translations import Table
from forms.definitions.translations import translate as _translate

_HELP_HINT = "'python build.py -h' zeigt alle Befehle"

# argparse's English error texts (Python 3.11 to 3.13) and their German versions.
_TRANSLATIONS: Table = [
    (
        re.compile(r"argument (\S+): invalid choice: '?(.*?)'? \(choose from (.*)\)"),
        "'{1}' gibt es nicht als {0}; möglich sind: {2}",
    ),
    (
        re.compile(r"argument (\S+): invalid (?:int|float) value: '(.*)'"),
        "{0} braucht eine Zahl, nicht '{1}'",
    ),
    (re.compile(r"argument (\S+): expected one argument"), "{0} braucht einen Wert dahinter"),
    (re.compile(r"the following arguments are required: (.*)"), "es fehlt: {0}"),
    (re.compile(r"unrecognized arguments: (.*)"), "unbekannte Angabe: {0}"),
]


def translate(message: str) -> str:
    """German text for one of argparse's error messages; a general hint for any other."""
    return _translate(_TRANSLATIONS, message, f"falscher Aufruf; {_HELP_HINT}")


class GermanHelpFormatter(argparse.HelpFormatter):
    """Help text with a German usage line."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class GermanArgumentParser(argparse.ArgumentParser):
    """ArgumentParser with German headings, help option and error messages."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", GermanHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "Angaben"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", help="diese Hilfe zeigen")

    def error(self, message: str) -> NoReturn:
        """Print the usage line and the German reason, exit with 2 (wrong usage)."""
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: Fehler: {translate(message)}\n")
