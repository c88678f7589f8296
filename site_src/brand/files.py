"""Favicons, touch icon and web manifest: the files browsers and phones look for."""

from __future__ import annotations

import json

from site_src.brand.mark import mark_png, mark_svg, wordmark_svg

FAVICON_SVG = "favicon.svg"
WORDMARK_SVG = "assets/sk/brand/wordmark.svg"
MANIFEST = "manifest.webmanifest"
# (path, pixels): 32 for tabs, 180 for iOS home screens, 192/512 for Android and the manifest.
PNG_ICONS = (
    ("favicon-32.png", 32),
    ("apple-touch-icon.png", 180),
    ("assets/sk/brand/icon-192.png", 192),
    ("assets/sk/brand/icon-512.png", 512),
)


def text_files(site_name: str, description: str, colour: str) -> list[tuple[str, str]]:
    """The identity files that are text: SVG mark, wordmark and the web manifest."""
    return [
        (FAVICON_SVG, mark_svg(colour)),
        (WORDMARK_SVG, wordmark_svg(colour, site_name)),
        (MANIFEST, manifest(site_name, description, colour)),
    ]


def png_files(colour: str) -> list[tuple[str, bytes]]:
    """The PNG icons, drawn from the same shapes as the SVG mark."""
    return [(path, mark_png(colour, size)) for path, size in PNG_ICONS]


def manifest(site_name: str, description: str, colour: str) -> str:
    """The web manifest (German); paths relative to it, so the site works under any prefix."""
    icons = [
        {"src": path, "sizes": f"{size}x{size}", "type": "image/png"}
        for path, size in PNG_ICONS
        if size >= 180
    ]
    icons.append({"src": FAVICON_SVG, "sizes": "any", "type": "image/svg+xml"})
    data = {
        "name": f"{site_name} – Smart City Kassel",
        "short_name": site_name,
        "description": description,
        "lang": "de",
        "dir": "ltr",
        "start_url": "./",
        "scope": "./",
        "display": "browser",
        "theme_color": colour,
        "background_color": "#ffffff",
        "icons": icons,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
