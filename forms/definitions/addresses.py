"""What an e-mail address is, and which text may stand in a mail header at all.

Addresses are checked by email-validator (syntax, IDNA, normalisation; no DNS lookups). On top
of that, any value bound for a header is refused when a mail program could read more into it
than was typed: line breaks and other controls, invisible format characters (U+200B, U+202E,
...) and RFC 2047 encoded words (``=?UTF-8?Q?...?=``), which some Python versions decode back
into raw CR/LF when the message is written.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

from email_validator import EmailNotValidError, validate_email

# email-validator checks the part after the @ afresh for every address: UTS-46 mapping and
# character tables, 14 of the 22 microseconds a whole check takes, and in the intake's profile
# most of what addresses cost a submission. The answer depends on the domain alone, and a
# city's citizens write to a few dozen providers, so each process remembers it per domain.
# Only successes are kept (lru_cache does not keep exceptions): a refused domain is checked
# again, with its own message. A test fails if a new version stops calling this name.
_LIBRARY = sys.modules["email_validator.validate_email"]
REMEMBERED_DOMAINS = 4096
if not hasattr(_LIBRARY.validate_email_domain_name, "cache_info"):
    _LIBRARY.validate_email_domain_name = functools.lru_cache(maxsize=REMEMBERED_DOMAINS)(
        _LIBRARY.validate_email_domain_name
    )

ENCODED_WORD = re.compile(r"=\?.*\?=", re.DOTALL)
ASCII_CONTROLS = re.compile("[\x00-\x1f\x7f]")
LINE_BREAKS = {"\u2028", "\u2029", "\x85"}
FORMAT_MESSAGE = (
    "„{label}“ enthält unsichtbare Formatierungszeichen (zum Beispiel ein Leerzeichen ohne "
    "Breite oder eine Schreibrichtungsmarke). Bitte geben Sie es ohne diese Zeichen neu ein."
)
CONTROL_MESSAGE = (
    "„{label}“ enthält Zeilenumbrüche oder Steuerzeichen. Bitte geben Sie es in einer Zeile ein."
)
ENCODED_MESSAGE = (
    "„{label}“ enthält die Zeichenfolge „=?…?=“, die E-Mail-Programme als Kodierung lesen. "
    "Bitte geben Sie es ohne sie ein."
)
ADDRESS_MESSAGE = "Bitte geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein."


def header_problem(text: str, label: str) -> str | None:
    """Say in German why `text` must not stand in a mail header, or None when it may."""
    if text.isascii():
        # ASCII holds no format or surrogate characters: one scan for controls suffices.
        if ASCII_CONTROLS.search(text):
            return CONTROL_MESSAGE.format(label=label)
        return ENCODED_MESSAGE.format(label=label) if ENCODED_WORD.search(text) else None
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char in LINE_BREAKS:
            return CONTROL_MESSAGE.format(label=label)
        if category == "Cf":
            return FORMAT_MESSAGE.format(label=label)
    if ENCODED_WORD.search(text):
        return ENCODED_MESSAGE.format(label=label)
    return None


def check_address(text: str, label: str = "E-Mail-Adresse") -> tuple[str, str | None]:
    """Return the normalised address, or a German reason it cannot be used."""
    problem = header_problem(text, label)
    if problem:
        return "", problem
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        return "", ADDRESS_MESSAGE
    return checked.normalized, None


def is_address(text: str) -> bool:
    """Whether `text` is one usable address (for definitions and office commands)."""
    return check_address(text)[1] is None
