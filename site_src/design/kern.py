"""KERN UX's design tokens, cut down to the ones our layer uses, read from node_modules.

KERN's full stylesheet is ~37 KB compressed and restyles every element, more than an article's
whole weight budget allows. Its tokens (colours, type scale, spacing, focus) are what we layer
onto the theme, so the build copies those custom properties our CSS refers to, with the tokens
they refer to in turn, from the installed package: an `npm` update of KERN updates the site.
"""

from __future__ import annotations

import re
from pathlib import Path

KERN_CSS = Path("node_modules/@kern-ux/native/dist/kern.css")
TOKENS_URL = "assets/sk/kern-tokens.css"
# Blocks that hold the light theme's tokens (dark theme and media-dependent sizes stay out).
_TOKEN_SELECTORS = (":root", "[data-kern-theme=light]")
_DECLARATION = re.compile(r"(--kern-[\w-]+)\s*:\s*([^;{}]+);")
_REFERENCE = re.compile(r"var\(\s*(--kern-[\w-]+)")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


class KernMissing(Exception):
    """KERN UX is not installed (npm ci)."""


def find_kern_css(*roots: Path) -> Path:
    """The first installed kern.css under the given project roots."""
    for root in roots:
        if (root / KERN_CSS).is_file():
            return root / KERN_CSS
    raise KernMissing(f"KERN UX fehlt ({KERN_CSS}): bitte `npm ci` ausführen")


def top_level_blocks(css: str) -> list[tuple[str, str]]:
    """(selector, body) of every block not nested in an at-rule, comments removed."""
    css = _COMMENT.sub("", css)
    blocks, depth, start, selector = [], 0, 0, ""
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                selector, start = css[start:index].strip(), index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                blocks.append((selector, css[start:index]))
                start = index + 1
    return blocks


def light_tokens(css: str) -> dict[str, str]:
    """Every custom property of the light theme: name -> value (later blocks win, as in CSS)."""
    tokens: dict[str, str] = {}
    for selector, body in top_level_blocks(css):
        parts = {part.strip() for part in selector.split(",")}
        if parts & set(_TOKEN_SELECTORS) and not selector.startswith("@"):
            tokens.update((name, value.strip()) for name, value in _DECLARATION.findall(body))
    return tokens


def used_tokens(tokens: dict[str, str], css: str) -> dict[str, str]:
    """The tokens `css` refers to and, transitively, the tokens their values refer to."""
    wanted = list(dict.fromkeys(_REFERENCE.findall(css)))
    unknown = [name for name in wanted if name not in tokens]
    if unknown:
        raise KeyError(f"KERN UX kennt diese Tokens nicht (mehr): {', '.join(unknown)}")
    kept: dict[str, str] = {}
    while wanted:
        name = wanted.pop()
        if name in kept or name not in tokens:
            continue
        kept[name] = tokens[name]
        wanted += _REFERENCE.findall(tokens[name])
    return dict(sorted(kept.items()))


def tokens_css(kern_css: str, layer_css: str, version: str) -> str:
    """A stylesheet with the KERN tokens the layer needs, on :root."""
    kept = used_tokens(light_tokens(kern_css), layer_css)
    lines = [f"  {name}: {value};" for name, value in kept.items()]
    head = f"/* KERN UX {version} design tokens (EUPL-1.2), from @kern-ux/native */"
    return "\n".join([head, ":root {", *lines, "}", ""])


def kern_version(kern_css_path: Path) -> str:
    """The installed package's version (its package.json sits two folders up)."""
    package = kern_css_path.parents[1] / "package.json"
    match = re.search(r'"version"\s*:\s*"([^"]+)"', package.read_text(encoding="utf-8"))
    return match.group(1) if match else "?"
