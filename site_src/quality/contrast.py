"""Compute WCAG contrast ratios of the colour pairs our stylesheets define, states included."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MINIMUM_RATIO = 4.5
# Foreground/background custom properties that Material pairs in its own rules; a background may
# be layers (bottom first) painted over each other.
THEME_PAIRS = [
    ("header text", "--md-primary-bg-color", "--md-primary-fg-color"),
    ("body text", "--md-typeset-color", "--md-default-bg-color"),
    ("secondary text", "--md-default-fg-color--light", "--md-default-bg-color"),
    (
        "secondary text on grey, e.g. search result counts",
        "--md-default-fg-color--light",
        "--md-default-bg-color --md-default-fg-color--lightest",
    ),
    ("links", "--md-typeset-a-color", "--md-default-bg-color"),
    ("links on hover and focus", "--md-accent-fg-color", "--md-default-bg-color"),
    ("footer text", "--md-footer-fg-color", "--md-footer-bg-color"),
    ("footer secondary text", "--md-footer-fg-color--light", "--md-footer-bg-color"),
    (
        "footer meta text",
        "--md-footer-fg-color--light",
        "--md-footer-bg-color --md-footer-bg-color--dark",
    ),
]
# Selectors whose custom properties apply to the whole page: the root, or the palette attributes
# Material puts on <body> (data-md-color-scheme/primary/accent) with the page's values.
ROOT_SELECTOR = re.compile(r"(:root|html|body)(\s*>\s*\*)?")
PALETTE_SELECTOR = re.compile(r"\[data-md-color-(\w+)=[\"']?([\w-]+)[\"']?\](\s*>\s*\*)?")
LIGHT_PALETTE = {"scheme": "default"}
NAMED = {"white": "#ffffff", "black": "#000000", "transparent": "#00000000"}
RGBA = tuple[float, float, float, float]


@dataclass(frozen=True)
class Rule:
    """One CSS rule: where it came from, its selector and its declarations in order."""

    source: str
    selector: str
    declarations: dict[str, str]


def parse_rules(css: str, source: str) -> list[Rule]:
    """Split a stylesheet into its innermost rules; enough for colours, not a full CSS parser."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = {}
        for declaration in body.split(";"):
            name, colon, value = declaration.partition(":")
            if colon:
                declarations[name.strip().lower()] = value.replace("!important", "").strip()
        rules.append(Rule(source, " ".join(selector.split()), declarations))
    return rules


def global_properties(rules: list[Rule], palette: dict[str, str]) -> dict[str, str]:
    """Collect the custom properties set for the whole page, later stylesheets winning."""
    properties: dict[str, str] = {}
    for level in (ROOT_SELECTOR, PALETTE_SELECTOR):  # <body data-md-color-*> wins over :root
        for rule in rules:
            parts = [part.strip() for part in rule.selector.split(",")]
            if any(level.fullmatch(part) and _applies(part, palette) for part in parts):
                properties.update(
                    {k: v for k, v in rule.declarations.items() if k.startswith("--")}
                )
    return properties


def check_contrast(
    theme_css: list[Path], own_css: list[Path], palette: dict[str, str] = LIGHT_PALETTE
) -> list[str]:
    """Return every colour pair of the theme's variables and of our rules below 4.5:1."""
    theme_rules = [rule for path in theme_css for rule in parse_rules(path.read_text(), path.name)]
    own_rules = [rule for path in own_css for rule in parse_rules(path.read_text(), path.name)]
    properties = global_properties(theme_rules + own_rules, palette)
    problems = []
    for label, fg_name, bg_name in THEME_PAIRS:
        problem = _check_pair(
            f"theme {label} ({fg_name} on {bg_name})", properties, fg_name, bg_name
        )
        problems += [problem] if problem else []
    for rule in own_rules:
        fg = rule.declarations.get("color")
        bg = rule.declarations.get("background-color") or rule.declarations.get("background")
        if fg and bg:
            problem = _check_values(f"{rule.source}: {rule.selector}", properties, fg, bg)
            problems += [problem] if problem else []
    return problems


def contrast_ratio(foreground: RGBA, *backgrounds: RGBA) -> float:
    """Return the WCAG 2.1 contrast ratio, painting translucent layers over a white page."""
    bg = (1.0, 1.0, 1.0, 1.0)
    for layer in backgrounds:
        bg = _over(layer, bg)
    fg = _over(foreground, bg)
    lighter, darker = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def parse_color(value: str) -> RGBA | None:
    """Parse hex, rgb()/rgba() and a few names; None for anything else (gradients, currentColor)."""
    value = NAMED.get(value.strip().lower(), value.strip().lower())
    if match := re.fullmatch(r"#([0-9a-f]{3,8})", value):
        digits = match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) not in (6, 8):
            return None
        channels = [int(digits[i : i + 2], 16) / 255 for i in range(0, len(digits), 2)]
        return (*channels[:3], channels[3] if len(channels) == 4 else 1.0)
    if match := re.fullmatch(r"rgba?\(([^)]*)\)", value):
        parts = [p for p in re.split(r"[\s,/]+", match.group(1).strip()) if p]
        if len(parts) not in (3, 4):
            return None
        rgb = [_channel(p) / 255 for p in parts[:3]]
        alpha = _channel(parts[3], 1) if len(parts) == 4 else 1.0
        return (*rgb, alpha)
    return None


def _applies(selector: str, palette: dict[str, str]) -> bool:
    if ROOT_SELECTOR.fullmatch(selector):
        return True
    match = PALETTE_SELECTOR.fullmatch(selector)
    return bool(match) and palette.get(match.group(1)) == match.group(2)


def _channel(text: str, scale: float = 255) -> float:
    return float(text[:-1]) / 100 * scale if text.endswith("%") else float(text)


def _check_pair(label: str, properties: dict[str, str], fg_name: str, bg_names: str) -> str | None:
    missing = [name for name in [fg_name, *bg_names.split()] if name not in properties]
    if missing:
        return f"{label}: {', '.join(missing)} not defined"
    layers = " ".join(f"var({name})" for name in bg_names.split())
    return _check_values(label, properties, f"var({fg_name})", layers)


def _check_values(label: str, properties: dict[str, str], fg: str, bg: str) -> str | None:
    """Check one pair; bg may hold several space-separated layers, bottom first."""
    fg_color = parse_color(_resolve(fg, properties))
    bg_colors = [parse_color(_resolve(layer, properties)) for layer in _layers(bg)]
    if fg_color is None or not bg_colors or None in bg_colors:
        return None
    ratio = contrast_ratio(fg_color, *bg_colors)
    return (
        None if ratio >= MINIMUM_RATIO else f"{label}: contrast {ratio:.2f}:1 < {MINIMUM_RATIO}:1"
    )


def _layers(value: str) -> list[str]:
    return re.findall(r"var\([^()]*(?:\([^()]*\))?[^()]*\)|#[0-9a-fA-F]+|rgba?\([^)]*\)|\w+", value)


def _resolve(value: str, properties: dict[str, str], depth: int = 0) -> str:
    """Substitute var(--x, fallback) references until a plain value remains."""
    match = re.search(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)", value)
    if not match or depth > 10:
        return value.strip()
    replacement = properties.get(match.group(1), match.group(2) or "")
    return _resolve(
        value[: match.start()] + replacement + value[match.end() :], properties, depth + 1
    )


def _over(color: RGBA, background: RGBA) -> RGBA:
    alpha = color[3]
    return (
        *(c * alpha + b * (1 - alpha) for c, b in zip(color[:3], background[:3], strict=True)),
        1.0,
    )


def _luminance(color: RGBA) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in color[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
