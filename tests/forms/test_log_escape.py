"""Every log line stays one line: each control character is escaped, nothing else changes."""

from __future__ import annotations

from forms.intake.logs import escape

LINE_ENDERS = [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]


def test_each_control_character_is_written_as_a_visible_escape():
    for code in LINE_ENDERS:
        escaped = escape(f"GET /a{chr(code)}b")
        assert chr(code) not in escaped
        assert escaped.startswith("GET /a\\") and escaped.endswith("b")
        assert escaped.isprintable()


def test_every_other_character_is_left_as_it_was():
    controls = set(LINE_ENDERS)
    kept = "".join(
        chr(code)
        for code in range(0x110000)
        if code not in controls and not 0xD800 <= code <= 0xDFFF
    )
    assert escape(kept) == kept
    # Unprintable but harmless characters (format, unassigned) take the slow way and stay.
    assert escape("a\u200bb\u00a0c\U000e0001\r") == "a\u200bb\u00a0c\U000e0001\\x0d"
