"""Losnummern: short, readable aloud, typo-proof names for entries, e.g. "K7QM-2XFD-9".

Eight random symbols of Crockford's base32 (no I, L, O or U, so nothing reads as another
symbol) carry 40 bits; a check symbol, a weighted sum in the field GF(32) with a different
weight per place, catches every single mistyped symbol and every swap of two symbols.
Uniqueness is the database's job: the column is unique and `entries.save` draws again on a
clash, so 40 bits are plenty for a city's forms.
"""

from __future__ import annotations

from forms import random_pool

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# What people type for the symbols base32 leaves out, read as Crockford says.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
SYMBOLS = 8


def new_reference() -> str:
    """Draw a random Losnummer: two groups of four symbols and a check symbol."""
    # One draw of 40 random bits, five per symbol (32 symbols): uniform, and taken from the
    # pool of system randomness instead of a system call per entry (random_pool says why).
    bits = random_pool.randbits(5 * SYMBOLS)
    body = "".join(ALPHABET[(bits >> (5 * place)) & 31] for place in range(SYMBOLS))
    return _grouped(body + check_symbol(body))


def check_symbol(body: str) -> str:
    """The symbol that makes the weighted sum of all symbols zero."""
    return ALPHABET[_weighted_sum(body, first_weight=1)]


def normalise(text: str) -> str | None:
    """Read a Losnummer as typed (any case, spaces, O for 0); None when it cannot be one."""
    symbols = "".join(text.upper().split()).replace("-", "").translate(_READ_AS)
    if len(symbols) != SYMBOLS + 1 or any(symbol not in _VALUE for symbol in symbols):
        return None
    if _weighted_sum(symbols, first_weight=0) != 0:
        return None
    return _grouped(symbols)


def _weighted_sum(symbols: str, *, first_weight: int) -> int:
    """Sum of value times a**place in GF(32), places counted from the right (a: primitive)."""
    total = 0
    for place, symbol in enumerate(reversed(symbols), start=first_weight):
        total ^= _WEIGHTED[place][_VALUE[symbol]]
    return total


def _power(exponent: int) -> int:
    result = 1
    for _ in range(exponent):
        result = _multiply(result, 2)
    return result


def _multiply(a: int, b: int) -> int:
    """Multiply in GF(2^5) modulo the primitive polynomial x^5 + x^2 + 1."""
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= 0b100101
    return product


# value * a**place for every place a Losnummer has and every symbol value, worked out once:
# the check symbol is then a few look-ups (it showed in the intake profile).
_WEIGHTED = [[_multiply(value, _power(place)) for value in range(32)] for place in range(10)]


def _grouped(symbols: str) -> str:
    return f"{symbols[:4]}-{symbols[4:8]}-{symbols[8:]}"
