"""The city's colours from mkdocs.yml as CSS custom properties (kern-layer.css uses them)."""

from __future__ import annotations

import re

BRAND_URL = "assets/sk/brand.css"
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def brand_css(primary: str, accent: str) -> str:
    """`:root` with --sk-brand-primary and --sk-brand-accent; refuses anything but #rrggbb."""
    for name, value in (("theme_color", primary), ("accent_color", accent)):
        if not _HEX.fullmatch(value):
            raise ValueError(f"mkdocs.yml: {name}: keine Farbe im Format #rrggbb: {value!r}")
    return (
        "/* The city's colours, from mkdocs.yml (smart-kassel: theme_color, accent_color). */\n"
        f":root {{\n  --sk-brand-primary: {primary};\n  --sk-brand-accent: {accent};\n}}\n"
    )
