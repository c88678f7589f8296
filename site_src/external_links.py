"""Mark links to other hosts so everyone knows before clicking that a new tab opens (WCAG G201)."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

NOTICE = "(Öffnet in einem neuen Tab)"
# Attributes as runs of plain characters between quoted values ("unrolled"): the same language
# as (?:[^>"']|"..."|'...')* but without one alternation per character (a page has ~30 links).
_ANCHOR = re.compile(
    r"<a\b([^>\"']*(?:(?:\"[^\"]*\"|'[^']*')[^>\"']*)*)>(.*?)</a\s*>", re.DOTALL | re.IGNORECASE
)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_TARGET = re.compile(r"""\starget\s*=\s*(?:"[^"]*"|'[^']*')""", re.IGNORECASE)
_REL = re.compile(r"""\srel\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def is_external(href: str, site_host: str) -> bool:
    """True for http(s) links to a host other than the site's own."""
    parts = urlsplit(html.unescape(href).strip())
    if parts.scheme not in ("http", "https", ""):
        return False
    host = (parts.hostname or "").lower()
    return bool(host) and host != site_host.lower()


def _may_name_host(href: str) -> bool:
    """Cheap pre-check: a host needs "//", unless hidden by references or removed whitespace."""
    return "//" in href or any(char in href for char in "&\t\n\r")


def annotate_external_links(page: str, site_host: str) -> str:
    """Add target, rel and a notice for screen readers (visible on focus) to external links."""

    def annotate(match: re.Match) -> str:
        attributes, text = match.group(1), match.group(2)
        href = _HREF.search(attributes)
        value = href and (href.group(1) or href.group(2) or "")
        if not value or not _may_name_host(value) or not is_external(value, site_host):
            return match.group(0)
        if NOTICE in text:
            return match.group(0)
        rel = _REL.search(attributes)
        tokens = (rel.group(1) or rel.group(2) or "").split() if rel else []
        tokens += [] if "noopener" in tokens else ["noopener"]
        attributes = _REL.sub("", _TARGET.sub("", attributes))
        notice = f'<span class="sk-new-tab"> {NOTICE}</span>'
        return f'<a{attributes} target="_blank" rel="{" ".join(tokens)}">{text}{notice}</a>'

    return _ANCHOR.sub(annotate, page)
