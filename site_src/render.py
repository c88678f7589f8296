"""Render our own Jinja templates (site_src/templates/) with autoescaping, engine-independent."""

from __future__ import annotations

import html
import posixpath
import re
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")


@cache
def environment() -> Environment:
    """One shared environment, so templates are compiled once per build, not once per page."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates are code, not content: no file-date check each time a page renders one.
        auto_reload=False,
    )
    env.filters["relative_to"] = relative_url
    return env


def render(name: str, **context: object) -> str:
    """Render `name` (e.g. "news/teasers.html") to a string."""
    return environment().get_template(name).render(**context)


def relative_url(to_url: str, from_url: str) -> str:
    """Link from page `from_url` to `to_url` (both site-relative), so the site works anywhere."""
    target = posixpath.relpath("/" + to_url, "/" + from_url) if from_url else to_url or "."
    if to_url.endswith("/") or not to_url:
        target = target.rstrip("/") + "/"
    return "./" if target in ("./", "/") else target


def html_block(name: str, **context: object) -> str:
    """Render a template as one Markdown HTML block: a blank line would end the block early."""
    return "\n".join(line for line in render(name, **context).splitlines() if line.strip())


def escape_heading(text: str) -> str:
    """Keep titles literal inside Markdown headings ('*', '_', '<' stay as typed)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(text, quote=False))
