"""Which navigation entry a page outside the navigation belongs to (an article to Aktuelles)."""

from __future__ import annotations

from collections.abc import Iterable


def owning_url(page_url: str, nav_urls: Iterable[str]) -> str | None:
    """Return the longest navigation URL the page's URL lies below; the home page owns nothing."""
    below = [url for url in nav_urls if url and url != page_url and page_url.startswith(url)]
    return max(below, key=len, default=None)
