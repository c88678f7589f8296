"""The site's frame around pages the theme never renders (the service's answers, nginx's errors).

Header and footer are partials of the site (site_src/overrides/partials/); the header's
navigation is read from mkdocs.yml, so a page added to the site's menu appears here too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

OWN_TEMPLATES = Path(__file__).resolve().parent / "templates"
# Drawn by the site build (site_src/brand) when mkdocs.yml names no `theme.logo`.
WORDMARK = "assets/sk/brand/wordmark.svg"


@dataclass(frozen=True)
class Frame:
    """What the header partial shows: the site's name, its logo and the top-level menu."""

    name: str
    logo: str
    navigation: tuple[tuple[str, str], ...]
    copyright: str = ""

    def page_config(self) -> dict[str, str]:
        """What the site's partials read from mkdocs' `config` (the footer's copyright line)."""
        return {"site_name": self.name, "copyright": self.copyright}


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml uses `!ENV` and similar tags; the frame needs none of their values."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_frame(mkdocs_file: Path) -> Frame:
    """The site's name and top-level navigation as mkdocs.yml lists them."""
    config = yaml.load(mkdocs_file.read_text(encoding="utf-8"), Loader=_IgnoreTags) or {}
    navigation = []
    for entry in config.get("nav") or []:
        if isinstance(entry, dict) and len(entry) == 1:
            [(title, target)] = entry.items()
            page = _first_page(target)
            if page:
                navigation.append((str(title), page_path(page)))
    return Frame(
        str(config.get("site_name") or "Smart Kassel"),
        str((config.get("theme") or {}).get("logo") or WORDMARK),
        tuple(navigation),
        str(config.get("copyright") or ""),
    )


def _first_page(target: Any) -> str | None:
    """A section links to its own index page: the first bare file of its list."""
    if isinstance(target, str):
        return target
    if isinstance(target, list):
        for item in target:
            if isinstance(item, str):
                return item
    return None


def page_path(source: str) -> str:
    """Where mkdocs publishes a Markdown file with directory URLs: 'kontakt.md' -> 'kontakt/'."""
    stem = source.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/"


def mkdocs_file_for(shared_templates: Path) -> Path:
    """mkdocs.yml of the repository whose site_src/overrides the service renders with."""
    return shared_templates.resolve().parents[1] / "mkdocs.yml"


def loader(shared_templates: Path) -> jinja2.BaseLoader:
    """The service's own templates first, then the site's partials (form macros, frame)."""
    return jinja2.ChoiceLoader(
        [jinja2.FileSystemLoader(OWN_TEMPLATES), jinja2.FileSystemLoader(shared_templates)]
    )


def link_filter(site_url: str) -> Callable[[str], str]:
    """The site partials link with mkdocs' `url` filter; here it leads to the site."""
    return lambda path: f"{site_url}/{path.lstrip('/')}"
