"""The build's shortcuts (reused navigation, list pages passed through as HTML) change no page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from jinja2 import DictLoader, Environment
from selectolax.lexbor import LexborHTMLParser

from site_src.listings import READY_HTML
from site_src.template_cache import cache_template


def _target(site_root: Path, page: Path, href: str) -> Path:
    url = urljoin("/" + page.relative_to(site_root).as_posix(), urlsplit(href).path)
    target = site_root / url.lstrip("/")
    return target / "index.html" if target.is_dir() else target


def test_navigation_links_resolve_from_every_page(site):
    """A navigation drawn once and reused must still point home from pages at any depth."""
    depths = set()
    for page in site.html_files():
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        links = [a.attributes.get("href") or "" for a in tree.css("nav.md-nav--primary a[href]")]
        depths.add(len(page.relative_to(site.root).parts))
        broken = [href for href in links if not _target(site.root, page, href).is_file()]
        assert not broken, f"{page}: {broken}"
    assert len(depths) >= 3


def test_list_pages_show_their_teasers_after_the_heading_without_the_marker(site):
    page = (site.root / "aktuelles/kategorie").glob("*/index.html")
    html = next(iter(page)).read_text(encoding="utf-8")
    assert READY_HTML.strip() not in html
    heading, rest = html.split("</h1>", 1)
    assert "Aktuelles: " in heading
    assert rest.lstrip().startswith('<div class="sk-teasers">')


def test_cached_template_renders_once_per_key_and_anew_without_one():
    env = Environment(loader=DictLoader({"nav.html": "{{ calls.append(1) or '' }}{{ where }}"}))
    cache_template(env, "nav.html", lambda context: context.get("key"))
    calls: list[int] = []
    template = env.get_template("nav.html")
    first = template.render(calls=calls, key="a", where="eins")
    again = template.render(calls=calls, key="a", where="zwei")
    fresh = template.render(calls=calls, key=None, where="drei")
    assert (first, again, fresh) == ("eins", "eins", "drei")
    assert len(calls) == 2
