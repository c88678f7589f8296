"""The <head> tags every page gets: icons, manifest, theme colour, Open Graph and Twitter card."""

from __future__ import annotations

from html import escape

from site_src.brand.files import FAVICON_SVG, MANIFEST, PNG_ICONS
from site_src.render import relative_url


def head_tags(
    *,
    title: str,
    description: str,
    page_url: str,
    site_url: str,
    site_name: str,
    colour: str,
    share_url: str,
) -> str:
    """Render the tags; share links are absolute (crawlers need them), icons relative."""

    def rel(path: str) -> str:
        return escape(relative_url(path, page_url))

    def meta(attr: str, name: str, value: str) -> str:
        return f'<meta {attr}="{name}" content="{escape(value)}">'

    png32, touch = PNG_ICONS[0][0], PNG_ICONS[1][0]
    tags = [
        f'<link rel="icon" href="{rel(png32)}" sizes="32x32" type="image/png">',
        f'<link rel="icon" href="{rel(FAVICON_SVG)}" type="image/svg+xml">',
        f'<link rel="apple-touch-icon" href="{rel(touch)}">',
        f'<link rel="manifest" href="{rel(MANIFEST)}">',
        meta("name", "theme-color", colour),
        meta("property", "og:type", "article" if page_url.startswith("aktuelles/2") else "website"),
        meta("property", "og:site_name", site_name),
        meta("property", "og:locale", "de_DE"),
        meta("property", "og:title", title),
        meta("property", "og:url", site_url + page_url),
        meta("property", "og:image", site_url + share_url),
        meta("property", "og:image:width", "1200"),
        meta("property", "og:image:height", "630"),
        meta("property", "og:image:alt", f"{title} – {site_name}"),
        meta("name", "twitter:card", "summary_large_image"),
        meta("name", "twitter:title", title),
        meta("name", "twitter:image", site_url + share_url),
    ]
    if description:
        tags.insert(9, meta("property", "og:description", description))
        tags.append(meta("name", "twitter:description", description))
    return "\n".join(tags)
