"""Draw the sample illustrations under content/ (flat shapes, no photos, no downloads).

Run `python tools/draw_sample_images.py` to make them again; the PNG files it writes are
committed, and each carries a note of where it came from in its metadata.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, PngImagePlugin

CONTENT = Path(__file__).resolve().parents[1] / "content"
SIZE = (1200, 675)
SKY, TEAL, DARK, BERRY = "#dceff5", "#004f6e", "#1c2733", "#a3005c"
GREEN, SUN, GREY, WHITE = "#3c8d4f", "#f2b630", "#8a9aa6", "#ffffff"
NOTE = "Illustration gezeichnet von tools/draw_sample_images.py (Smart Kassel), keine Fotografie"

Drawing = Callable[[ImageDraw.ImageDraw], None]


def skyline(draw: ImageDraw.ImageDraw, base: int = 560) -> None:
    """Houses and towers of a town on a ground line."""
    draw.rectangle((0, base, 1200, 675), fill=GREEN)
    blocks = [(60, 300), (170, 380), (300, 260), (420, 420), (560, 330), (690, 250), (820, 400)]
    blocks += [(950, 310), (1060, 360)]
    for x, top in blocks:
        draw.rectangle((x, top, x + 100, base), fill=TEAL)
        for row in range(top + 25, base - 30, 45):
            for col in (x + 18, x + 58):
                draw.rectangle((col, row, col + 22, row + 25), fill=SKY)


def network(draw: ImageDraw.ImageDraw, points: list[tuple[int, int]]) -> None:
    """Dots linked by lines: the 'smart' in Smart City."""
    for a, b in itertools.pairwise(points):
        draw.line((a, b), fill=BERRY, width=6)
    for x, y in points:
        draw.ellipse((x - 16, y - 16, x + 16, y + 16), fill=BERRY, outline=WHITE, width=4)


def kassel_wird_smart(draw: ImageDraw.ImageDraw) -> None:
    skyline(draw)
    network(draw, [(110, 200), (350, 150), (610, 210), (850, 120), (1100, 190)])


def quiz(draw: ImageDraw.ImageDraw) -> None:
    for x, y, colour in ((200, 150, TEAL), (520, 260, BERRY), (840, 140, GREEN)):
        draw.rounded_rectangle((x, y, x + 260, y + 180), radius=40, fill=colour)
        draw.polygon([(x + 60, y + 180), (x + 120, y + 180), (x + 50, y + 240)], fill=colour)
        draw.ellipse((x + 110, y + 120, x + 140, y + 150), fill=WHITE)
        draw.arc((x + 85, y + 30, x + 175, y + 110), start=180, end=90, fill=WHITE, width=18)
    draw.rectangle((0, 560, 1200, 675), fill=GREY)


def funding(draw: ImageDraw.ImageDraw) -> None:
    draw.polygon([(330, 250), (600, 110), (870, 250)], fill=TEAL)
    draw.rectangle((330, 250, 870, 280), fill=TEAL)
    for x in range(370, 840, 95):
        draw.rectangle((x, 300, x + 45, 520), fill=GREY)
    draw.rectangle((310, 520, 890, 560), fill=TEAL)
    for step in range(5):
        y = 500 - step * 34
        draw.ellipse((950, y, 1110, y + 50), fill=SUN, outline=DARK, width=3)
    draw.rectangle((0, 560, 1200, 675), fill=GREEN)


def neighbourhood_app(draw: ImageDraw.ImageDraw) -> None:
    skyline(draw, base=600)
    draw.rounded_rectangle((460, 90, 740, 620), radius=36, fill=DARK)
    draw.rectangle((485, 140, 715, 560), fill=WHITE)
    for row, colour in enumerate((TEAL, BERRY, GREEN, TEAL)):
        y = 165 + row * 95
        draw.ellipse((500, y, 560, y + 60), fill=colour)
        draw.rectangle((575, y + 10, 700, y + 24), fill=GREY)
        draw.rectangle((575, y + 36, 660, y + 48), fill=GREY)


def three_fields(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, 560, 1200, 675), fill=GREY)
    for centre, colour in ((250, TEAL), (600, BERRY), (950, GREEN)):
        draw.ellipse((centre - 150, 170, centre + 150, 470), fill=colour)
    _bus(draw, 250, 320, scale=0.8, colour=WHITE)
    _house(draw, 600, 320, scale=0.8, colour=WHITE)
    _leaf(draw, 950, 320, scale=0.8, colour=WHITE)


def front_page(draw: ImageDraw.ImageDraw) -> None:
    """The town with the strategy's three fields linked above it (the home page's hero)."""
    skyline(draw, base=600)
    centres = ((230, 170, TEAL), (600, 120, BERRY), (970, 170, GREEN))
    for a, b in itertools.pairwise(centres):
        draw.line((a[:2], b[:2]), fill=DARK, width=8)
    for x, y, colour in centres:
        draw.ellipse((x - 105, y - 105, x + 105, y + 105), fill=colour, outline=WHITE, width=8)
    _bus(draw, 230, 165, scale=0.6, colour=WHITE)
    _house(draw, 600, 130, scale=0.55, colour=WHITE)
    _leaf(draw, 970, 170, scale=0.55, colour=WHITE)


def mobility(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, 480, 1200, 675), fill=GREY)
    for x in range(40, 1200, 160):
        draw.rectangle((x, 570, x + 90, 585), fill=WHITE)
    _bus(draw, 420, 390, scale=1.6, colour=TEAL)
    _bike(draw, 930, 430)


def living(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, 540, 1200, 675), fill=GREEN)
    for x, colour in ((260, TEAL), (560, BERRY), (860, TEAL)):
        _house(draw, x, 400, scale=1.5, colour=colour)
    for x in (100, 1080):
        draw.rectangle((x - 12, 420, x + 12, 545), fill=DARK)
        draw.ellipse((x - 70, 300, x + 70, 450), fill=GREEN, outline=DARK, width=4)


def energy(draw: ImageDraw.ImageDraw) -> None:
    draw.rectangle((0, 540, 1200, 675), fill=GREEN)
    draw.ellipse((120, 90, 300, 270), fill=SUN)
    for angle in range(0, 360, 45):
        rad = math.radians(angle)
        draw.line(
            (
                210 + 115 * math.cos(rad),
                180 + 115 * math.sin(rad),
                210 + 150 * math.cos(rad),
                180 + 150 * math.sin(rad),
            ),
            fill=SUN,
            width=10,
        )
    for x in (620, 880):
        draw.polygon([(x - 10, 540), (x + 10, 540), (x + 5, 230), (x - 5, 230)], fill=WHITE)
        for angle in (90, 210, 330):
            rad = math.radians(angle)
            tip = (x + 150 * math.cos(rad), 230 - 150 * math.sin(rad))
            draw.line(((x, 230), tip), fill=WHITE, width=14)
        draw.ellipse((x - 14, 216, x + 14, 244), fill=GREY)
    draw.polygon([(300, 540), (340, 430), (520, 430), (480, 540)], fill=TEAL)
    _leaf(draw, 1060, 460, scale=0.7, colour=DARK)


def _bus(draw, cx: int, cy: int, scale: float, colour: str) -> None:
    w, h = 200 * scale, 110 * scale
    draw.rounded_rectangle((cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2), radius=18, fill=colour)
    for i in range(3):
        x = cx - w / 2 + 15 * scale + i * 60 * scale
        draw.rectangle((x, cy - h / 2 + 15 * scale, x + 45 * scale, cy), fill=SKY)
    for x in (cx - w / 3, cx + w / 3):
        r = 20 * scale
        draw.ellipse((x - r, cy + h / 2 - r, x + r, cy + h / 2 + r), fill=DARK)


def _house(draw, cx: int, cy: int, scale: float, colour: str) -> None:
    w = 160 * scale
    draw.polygon(
        [(cx - w / 2 - 15, cy - 20), (cx, cy - w * 0.75), (cx + w / 2 + 15, cy - 20)], fill=colour
    )
    draw.rectangle((cx - w / 2, cy - 20, cx + w / 2, cy + w * 0.6), fill=colour)
    draw.rectangle((cx - 18 * scale, cy + 30 * scale, cx + 18 * scale, cy + w * 0.6), fill=DARK)


def _leaf(draw, cx: int, cy: int, scale: float, colour: str) -> None:
    """A pointed leaf tilted by 45 degrees, with its midrib."""
    r = 110 * scale
    upper = [(-r + 2 * r * t / 20, -0.45 * r * math.sin(math.pi * t / 20)) for t in range(21)]
    lower = [(x, -y) for x, y in reversed(upper)]
    turn = math.radians(-45)

    def place(x: float, y: float) -> tuple[float, float]:
        return (
            cx + x * math.cos(turn) - y * math.sin(turn),
            cy + x * math.sin(turn) + y * math.cos(turn),
        )

    draw.polygon([place(x, y) for x, y in upper + lower], fill=colour)
    draw.line(
        (place(-r * 1.2, 0), place(r * 0.8, 0)), fill=DARK if colour == WHITE else WHITE, width=6
    )


def _bike(draw, cx: int, cy: int) -> None:
    for x in (cx - 110, cx + 110):
        draw.ellipse((x - 80, cy - 80, x + 80, cy + 80), outline=DARK, width=12)
    frame = [(cx - 110, cy), (cx - 20, cy - 110), (cx + 70, cy - 110), (cx + 110, cy), (cx, cy)]
    draw.line([*frame, (cx - 110, cy)], fill=BERRY, width=12)
    draw.line(((cx, cy), (cx - 20, cy - 110)), fill=BERRY, width=12)


PICTURES: dict[str, Drawing] = {
    "bilder/startseite.png": front_page,
    "aktuelles/posts/bilder/kassel-wird-smart.png": kassel_wird_smart,
    "aktuelles/posts/bilder/quiz-buergerrat.png": quiz,
    "aktuelles/posts/bilder/foerderung.png": funding,
    "aktuelles/posts/bilder/nachbarschafts-app.png": neighbourhood_app,
    "aktuelles/posts/bilder/drei-handlungsfelder.png": three_fields,
    "strategie/bilder/mobilitaet.png": mobility,
    "strategie/bilder/leben-wohnen.png": living,
    "strategie/bilder/energie-umwelt.png": energy,
}


def main() -> None:
    """Draw every picture and save it with its origin noted in the PNG metadata."""
    for name, drawing in PICTURES.items():
        image = Image.new("RGB", SIZE, SKY)
        drawing(ImageDraw.Draw(image))
        info = PngImagePlugin.PngInfo()
        info.add_text("Description", NOTE)
        target = CONTENT / name
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(target, "PNG", optimize=True, pnginfo=info)
        print(f"{target.relative_to(CONTENT.parent)}: {target.stat().st_size} Bytes")


if __name__ == "__main__":
    main()
