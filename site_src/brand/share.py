"""Share images (Open Graph, Twitter card): the page title on the theme colour, 1200 × 630.

Drawn with Pillow's built-in scalable font, so the build needs no font files, Cairo or network
and looks the same on every machine. That font has no umlauts: we draw the base letter and put
the two dots above it ourselves (ß becomes ss, typographic dashes and quotes plain ones).
Each image is cached by a hash of what it shows and of this code's version.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from site_src.brand.mark import DOT_RADIUS, DOTS, LINE_WIDTH, VIEW
from site_src.images.background import run_now
from site_src.images.variants import write_atomically

CODE_VERSION = "4"
DIAERESIS = "\u0308"
# Letters the built-in font lacks that have no dotted base letter.
REPLACE = str.maketrans({"ß": "ss", "ẞ": "SS", "–": "-", "—": "-", "„": '"', "“": '"', "”": '"'})
REPLACE.update(str.maketrans({"‚": "'", "‘": "'", "’": "'", "€": "EUR", "…": "..."}))
SIZE = (1200, 630)
OUTPUT_DIR = "assets/sk/share"
MARGIN, TITLE_SIZE, NAME_SIZE, MAX_LINES = 80, 68, 40, 4


@dataclass(frozen=True)
class ShareImage:
    """Where a page's share image is published and where its encoded bytes wait in the cache."""

    url: str
    cached: Path


def share_image(
    title: str, site_name: str, colour: str, cache_dir: Path, schedule: Callable = run_now
) -> ShareImage:
    """Return the page's share image, drawing it only when the cache does not have it.

    `schedule(key, job, *args)` runs the drawing: at once by default, or on the build's
    background encoder, in which case the file exists once the encoder has been waited for.
    """
    recipe = f"{title}|{site_name}|{colour}|{SIZE}|{CODE_VERSION}"
    key = hashlib.sha256(recipe.encode()).hexdigest()
    cached = cache_dir / "share" / f"{key}.png"
    if not cached.is_file():
        cached.parent.mkdir(parents=True, exist_ok=True)
        schedule(cached, _draw_into, cached, title, site_name, colour)
    return ShareImage(f"{OUTPUT_DIR}/{key[:20]}.png", cached)


def _draw_into(cached: Path, title: str, site_name: str, colour: str) -> None:
    write_atomically(cached, draw_share_image(title, site_name, colour))


def draw_share_image(title: str, site_name: str, colour: str) -> bytes:
    """Draw the card: mark and site name on top, the title in large white letters below.

    Everything is white on the theme colour, so the card is drawn as white coverage in one
    grey channel and saved as a palette PNG: a tenth of an RGB card's encoding time and bytes,
    which matters when a thousand pages each get one in a cold build. zlib's fastest level
    takes a third of the default's time for a third more bytes (about 25 KB a card).
    """
    coverage = _card_top(site_name).copy()
    draw = ImageDraw.Draw(coverage)
    title_font = _font(TITLE_SIZE)
    lines = wrap(title, title_font, SIZE[0] - 2 * MARGIN)
    y = MARGIN + 230
    for line in lines:
        draw_text(draw, (MARGIN, y), line, title_font)
        y += round(TITLE_SIZE * 1.3)
    card = Image.frombytes("P", SIZE, coverage.tobytes())
    card.putpalette(_blend_palette(ImageColor.getrgb(colour)))
    out = io.BytesIO()
    card.save(out, "PNG", compress_level=1)
    return out.getvalue()


@lru_cache(maxsize=8)
def _card_top(site_name: str) -> Image.Image:
    """Mark and site name, the same on every card: drawn once per build (copy before drawing)."""
    coverage = Image.new("L", SIZE, 0)
    draw = ImageDraw.Draw(coverage)
    _draw_mark(draw, MARGIN, MARGIN, 96)
    draw_text(draw, (MARGIN + 120, MARGIN + 62), site_name, _font(NAME_SIZE))
    return coverage


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


def _draw_mark(draw: ImageDraw.ImageDraw, left: int, top: int, size: int) -> None:
    """The mark's linked dots (its square is the card's own colour)."""
    scale = size / VIEW
    points = [(left + x * scale, top + y * scale) for x, y in DOTS]
    draw.line(points, fill=255, width=round(LINE_WIDTH * scale))
    for x, y in points:
        r = DOT_RADIUS * scale
        draw.ellipse((x - r, y - r, x + r, y + r), fill=255)


def _blend_palette(rgb: tuple[int, ...]) -> list[int]:
    """Palette entry i: the theme colour blended i/255 of the way to white (antialiased edges)."""
    return [round(c + (255 - c) * i / 255) for i in range(256) for c in rgb[:3]]


def draw_text(draw: ImageDraw.ImageDraw, xy: tuple[int, int], text: str, font) -> None:
    """Write one line on its baseline at `xy`, adding the dots of ä, ö, ü (and Ä, Ö, Ü)."""
    plain, dotted = plain_text(text)
    x, y = xy
    draw.text((x, y), plain, font=font, fill=255, anchor="ls")
    radius = max(2, round(font.size * 0.045))
    for index in dotted:
        left = x + font.getlength(plain[:index])
        width = font.getlength(plain[index])
        top = y + font.getbbox(plain[index], anchor="ls")[1] - 2 * radius
        for centre in (left + width * 0.3, left + width * 0.7):
            draw.ellipse((centre - radius, top - radius, centre + radius, top + radius), 255)


def plain_text(text: str) -> tuple[str, list[int]]:
    """The text in letters the built-in font has, and the positions that need two dots."""
    plain, dotted = "", []
    for char in text.translate(REPLACE):
        base, *marks = unicodedata.normalize("NFD", char)
        if DIAERESIS in marks:
            dotted.append(len(plain))
        plain += base if base.isascii() else "?"
    return plain, dotted


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break the title into lines that fit; an over-long title ends with an ellipsis."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(plain_text(f"{lines[-1]} {word}")[0]) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1].rstrip(".,;:") + " ..."
    return lines
