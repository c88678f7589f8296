"""Nothing is loaded from other hosts, and links to other hosts announce the new tab."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from site_src.external_links import NOTICE

SITE_HOST = "smart.kassel.de"
# Elements and attributes by which a page makes the browser fetch something.
LOADING = [
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("img", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("source", "src"),
    ("source", "srcset"),
    ("track", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("input", "src"),
]
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)""")


def _remote(url: str) -> bool:
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme in ("http", "https")


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for path in site.html_files():
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        for tag, attribute in LOADING:
            for node in tree.css(f"{tag}[{attribute}]"):
                if tag == "link" and {"alternate", "canonical"} & set(
                    (node.attributes.get("rel") or "").split()
                ):
                    continue
                for url in (node.attributes[attribute] or "").split(","):
                    if _remote(url.split()[0] if url.split() else ""):
                        offenders.append(f"{path}: <{tag} {attribute}={url}>")
        for style in tree.css("style"):
            offenders += [f"{path}: {u}" for u in CSS_URL.findall(style.text()) if _remote(u)]
    for css in site.root.rglob("*.css"):
        found = [u for u in CSS_URL.findall(css.read_text(encoding="utf-8")) if _remote(u)]
        offenders += [f"{css}: {url}" for url in found]
    assert offenders == []


def test_external_links_open_a_new_tab_and_say_so(site):
    external = internal = 0
    for path in site.html_files():
        tree = LexborHTMLParser(path.read_text(encoding="utf-8"))
        for link in tree.css("a[href]"):
            host = urlsplit(link.attributes["href"] or "").hostname
            if host and host != SITE_HOST:
                external += 1
                assert link.attributes.get("target") == "_blank", f"{path}: {link.html}"
                assert "noopener" in link.attributes.get("rel", "").split()
                assert link.css_first(".sk-new-tab").text().strip() == NOTICE
            else:
                internal += 1
                assert "target" not in link.attributes, f"{path}: {link.html}"
                assert not link.css(".sk-new-tab")
    assert external and internal


def test_the_chat_link_on_the_contact_page_is_announced(site):
    link = site.page("/kontakt/").css_first('a[href="https://www.letsgetsmartkassel.de/"]')
    assert link.text() == f"www.letsgetsmartkassel.de {NOTICE}"
