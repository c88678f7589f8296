"""The Smart Kassel mark as data, drawn the same way as SVG (favicon, logo) and as PNG (icons).

A rounded square in the theme colour with three linked dots: a network over the city.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

VIEW = 64  # the mark's drawing units
DOTS = ((18, 44), (32, 20), (46, 44))
DOT_RADIUS, LINE_WIDTH, CORNER = 7, 5, 14
WHITE = "#ffffff"
ACCENT = "#f2b630"


def mark_svg(colour: str) -> str:
    """The mark alone as an SVG document (the favicon)."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {VIEW} {VIEW}">'
        f"{_mark_shapes(colour, 0)}</svg>\n"
    )


def wordmark_svg(colour: str, site_name: str) -> str:
    """Mark and name side by side, white lettering for the coloured header bar."""
    # textLength fixes the lettering's width, whatever system font the browser picks.
    text_width = 20 * len(site_name)
    width = VIEW + 14 + text_width
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {VIEW}" '
        f'role="img" aria-label="{escape(site_name)}"><title>{escape(site_name)}</title>'
        f"{_mark_shapes(colour, 0, outline=True)}"
        f'<text x="{VIEW + 12}" y="44" fill="{WHITE}" font-size="34" font-weight="700" '
        f'textLength="{text_width}" lengthAdjust="spacingAndGlyphs" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">'
        f"{escape(site_name)}</text></svg>\n"
    )


def mark_png(colour: str, size: int) -> bytes:
    """The mark as a square PNG of `size` pixels (favicons, touch and manifest icons)."""
    scale = size / VIEW * 4  # draw four times larger, then shrink: smooth edges
    image = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size * 4 - 1, size * 4 - 1), radius=CORNER * scale, fill=colour)
    points = [(x * scale, y * scale) for x, y in DOTS]
    draw.line([points[0], points[1], points[2]], fill=WHITE, width=round(LINE_WIDTH * scale))
    for index, (x, y) in enumerate(points):
        r = DOT_RADIUS * scale
        draw.ellipse((x - r, y - r, x + r, y + r), fill=ACCENT if index == 1 else WHITE)
    out = io.BytesIO()
    image.resize((size, size), Image.Resampling.LANCZOS).save(out, "PNG", optimize=True)
    return out.getvalue()


def _mark_shapes(colour: str, x: int, outline: bool = False) -> str:
    stroke = f' stroke="{WHITE}" stroke-width="2"' if outline else ""
    points = " ".join(f"{x + px},{py}" for px, py in DOTS)
    dots = "".join(
        f'<circle cx="{x + px}" cy="{py}" r="{DOT_RADIUS}" fill="{ACCENT if i == 1 else WHITE}"/>'
        for i, (px, py) in enumerate(DOTS)
    )
    return (
        f'<rect x="{x + 1}" y="1" width="{VIEW - 2}" height="{VIEW - 2}" rx="{CORNER}" '
        f'fill="{escape(colour)}"{stroke}/>'
        f'<polyline points="{points}" fill="none" stroke="{WHITE}" stroke-width="{LINE_WIDTH}"/>'
        f"{dots}"
    )
