"""Check that an editor's image file is a real picture big enough to show sharply."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

# A teaser fills a content column (up to about 700 CSS px); smaller files look blurred.
MIN_WIDTH, MIN_HEIGHT = 640, 320
# Decompression bombs: refuse pictures no camera or illustration needs (about 50 megapixels).
MAX_PIXELS = 50_000_000
FORMATS = {"JPEG", "PNG", "WEBP"}
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def image_problem(path: Path) -> str | None:
    """Say in German what is wrong with the picture at `path`, or None when it can be used."""
    if not path.is_file():
        return None  # the caller names the missing file with its own wording
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "ist kein lesbares Bild (JPEG, PNG oder WebP); Datei neu exportieren"
    except (OSError, SyntaxError, ValueError):
        return "ist beschädigt oder unvollständig; Datei neu exportieren und ersetzen"
    if kind not in FORMATS:
        return f"ist ein {kind}-Bild; bitte als JPEG, PNG oder WebP speichern"
    if width * height > MAX_PIXELS:
        return f"ist mit {width} × {height} Pixeln zu groß; auf höchstens 4000 Pixel verkleinern"
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return (
            f"ist mit {width} × {height} Pixeln zu klein; "
            f"mindestens {MIN_WIDTH} × {MIN_HEIGHT} Pixel, damit es scharf erscheint"
        )
    return None
