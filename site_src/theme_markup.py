"""Repair the few places where Material's templates write invalid or unnamed markup, per page.

Each repair keeps the theme's behaviour; they exist so the Nu Html Checker and axe report only
our own mistakes. Engine-independent: takes and returns a page's HTML.
"""

from __future__ import annotations

import re

# nav-item.html writes tabindex="" on section labels; an empty tabindex means "none" to browsers.
_EMPTY_TABINDEX = re.compile(r'(<label\b[^>]*?)\s+tabindex=""')
# toc.html labels the "__toc" toggle, which nav-item.html renders only for pages in the nav.
_TOC_LABEL = re.compile(r'(<label\b[^>]*?)\s+for="__toc"')
_TOC_TOGGLE = re.compile(r'<input\b[^>]*\bid="__toc"')
# With navigation.indexes a section's toggle label holds only an icon, yet names the section's
# <nav>; name it by the section title that the nav already shows instead.
_ICON_ONLY_LABEL = re.compile(
    r'<label class="md-nav__link[^"]*" for="([\w-]+)" id="\1_label"[^>]*>'
    r'\s*<span class="md-nav__icon md-icon"></span>\s*</label>'
)
_ICON = '<span class="md-nav__icon md-icon"></span>'
# search.html gives the search overlay role="dialog" but no name.
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_NAME = "Suche"


def repair_theme_markup(page: str) -> str:
    """Apply every repair; pages without the theme's markup pass unchanged."""
    # Plain substring tests first: each regular expression runs only where its markup occurs.
    if 'tabindex=""' in page:
        page = _EMPTY_TABINDEX.sub(r"\1", page)
    if 'for="__toc"' in page and not _TOC_TOGGLE.search(page):
        page = _TOC_LABEL.sub(r"\1", page)
    icon_only = _ICON_ONLY_LABEL.findall(page) if _ICON in page else []
    for path in sorted(set(icon_only)):
        page = page.replace(f'aria-labelledby="{path}_label"', f'aria-labelledby="{path}_title"')
        title = f'<label class="md-nav__title" for="{path}">'
        page = page.replace(title, f'{title[:-1]} id="{path}_title">')
    return page.replace(_SEARCH_DIALOG, f'{_SEARCH_DIALOG[:-1]} aria-label="{SEARCH_NAME}">')
