"""The code printed on a Bürgerrat invitation letter: its alphabet and how a typed code is read.

The office writes the codes (``panel invite``); the pool form checks that an answer carries one
in this shape, so a typo is caught at once rather than after the draw.
"""

from __future__ import annotations

import re

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
FORMAT = "briefcode"
# Five and five characters of the alphabet, either case, with a hyphen, a space or nothing between.
_BLOCK = "[A-HJ-NP-Za-hj-np-z2-9]{5}"
PATTERN = f"^{_BLOCK}[- ]?{_BLOCK}$"
EXAMPLE = "ABCDE-FGH23"


def read_code(value: str) -> str | None:
    """The code in its printed form ``XXXXX-XXXXX``, or None if the text is no letter code."""
    if not re.fullmatch(PATTERN[1:-1], value):
        return None
    chars = value.upper().replace("-", "").replace(" ", "")
    return f"{chars[:5]}-{chars[5:]}"
