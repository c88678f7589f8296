"""Repair the few places where Material's templates write invalid HTML, after each page is built.

Each repair keeps the theme's behaviour; they exist so the Nu Html Checker reports only our own
mistakes. Engine-independent: takes and returns a page's HTML.
"""

from __future__ import annotations

import re

# nav-item.html writes tabindex="" on section labels; an empty tabindex means "none" to browsers.
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')
# toc.html labels the "__toc" toggle, which nav-item.html renders only for pages in the nav.
_TOC_LABEL = re.compile(r'(<label\b[^>]*?)\s+for="__toc"')
_TOC_TOGGLE = re.compile(r'<input\b[^>]*\bid="__toc"')


def repair_theme_markup(page: str) -> str:
    """Drop empty tabindex attributes and labels' references to a toggle the page lacks."""
    page = _EMPTY_TABINDEX.sub(r"\1", page)
    if not _TOC_TOGGLE.search(page):
        page = _TOC_LABEL.sub(r"\1", page)
    return page
