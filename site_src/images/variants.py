"""Plan and encode a picture's sizes and formats, cached by a hash of all they depend on.

Planning reads the file's bytes and header only, so pages can be written before any pixel is
encoded. Encoding happens once per (source bytes, size, format, quality, code version): a
rebuild finds every variant in the cache folder and copies it, byte for byte.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from PIL import Image, ImageOps

# Bump when the encoding below changes, so cached variants are made again.
CODE_VERSION = "1"
WIDTHS = (480, 800, 1200)
OUTPUT_DIR = "assets/pictures"
# (format, file suffix, MIME type, Pillow save options)
FORMATS = {
    "webp": ("WEBP", "image/webp", {"quality": 62, "method": 6}),
    "jpeg": ("JPEG", "image/jpeg", {"quality": 80, "optimize": True, "progressive": True}),
}


@dataclass(frozen=True)
class Variant:
    """One encoded file: where it is published, its size, and the key of its cache entry."""

    source: Path
    url: str
    width: int
    height: int
    kind: str
    key: str


@dataclass(frozen=True)
class ResponsiveImage:
    """A picture in every planned size, WebP for browsers that take it and JPEG for the rest."""

    width: int
    height: int
    webp: tuple[Variant, ...]
    jpeg: tuple[Variant, ...]

    @property
    def fallback(self) -> Variant:
        """The JPEG an old browser loads from `src`: the middle size keeps it light."""
        return self.jpeg[min(1, len(self.jpeg) - 1)]

    def closest(self, width: int, kind: str = "webp") -> Variant:
        """The smallest variant at least `width` wide (or the largest), for single-URL slots."""
        variants = self.webp if kind == "webp" else self.jpeg
        return next((v for v in variants if v.width >= width), variants[-1])

    def variants(self) -> tuple[Variant, ...]:
        """Every file this picture needs published."""
        return self.webp + self.jpeg


def plan(path: Path) -> ResponsiveImage:
    """Work out the variants of the picture at `path` without encoding any of them."""
    stat = path.stat()
    return _plan(path.resolve(), stat.st_size, stat.st_mtime_ns)


@cache
def _plan(path: Path, size: int, mtime_ns: int) -> ResponsiveImage:
    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        width, height = ImageOps.exif_transpose(image).size if _rotated(image) else image.size
    widths = sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})
    digest = hashlib.sha256(data).hexdigest()
    stem = PurePosixPath(path.name).stem
    by_kind = {
        kind: tuple(
            _variant(path, stem, digest, w, round(height * w / width), kind) for w in widths
        )
        for kind in FORMATS
    }
    return ResponsiveImage(width=widths[-1], height=round(height * widths[-1] / width), **by_kind)


def _variant(path: Path, stem: str, digest: str, width: int, height: int, kind: str) -> Variant:
    _format, _mime, options = FORMATS[kind]
    recipe = f"{digest}|{kind}|{width}x{height}|{sorted(options.items())}|{CODE_VERSION}"
    key = hashlib.sha256(recipe.encode()).hexdigest()
    url = f"{OUTPUT_DIR}/{stem}-{key[:16]}-{width}.{kind.replace('jpeg', 'jpg')}"
    return Variant(path, url, width, height, kind, key)


def _rotated(image: Image.Image) -> bool:
    return image.getexif().get(0x0112, 1) in (5, 6, 7, 8)


def cache_path(variant: Variant, cache_dir: Path) -> Path:
    """Where the encoded variant is kept between builds."""
    return cache_dir / "images" / f"{variant.key}.{variant.kind}"


def cached_file(variant: Variant, cache_dir: Path) -> Path:
    """Return the encoded variant from the cache folder, encoding it first if it is not there."""
    target = cache_path(variant, cache_dir)
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, encode(variant))
    return target


def encode(variant: Variant) -> bytes:
    """Scale and encode one variant (the slow step the cache exists to skip)."""
    pillow_format, _mime, options = FORMATS[variant.kind]
    with Image.open(variant.source) as image:
        image = ImageOps.exif_transpose(image)
        image = _flatten(image)
        image = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        image.save(out, pillow_format, **options)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """Put transparent pixels on white: JPEG has no transparency, WebP should look the same."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def write_atomically(target: Path, data: bytes) -> None:
    """Two builds at once never see a half-written cache file: write aside, then rename."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
