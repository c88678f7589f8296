"""Put every planned variant into the built site, encoding only what the cache lacks."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from site_src.images.background import Encoder
from site_src.images.variants import ResponsiveImage, cache_path, cached_file


def encode_pictures(pictures: Iterable[ResponsiveImage], cache_dir: Path, encoder: Encoder) -> None:
    """Queue every variant the cache lacks on `encoder`, so encoding overlaps page rendering."""
    for picture in pictures:
        for variant in picture.variants():
            if not cache_path(variant, cache_dir).is_file():
                encoder.submit(variant.key, cached_file, variant, cache_dir)


def publish_pictures(pictures: Iterable[ResponsiveImage], site_dir: Path, cache_dir: Path) -> int:
    """Copy each variant from the cache (made on first use) to its URL; return how many."""
    written = 0
    for picture in pictures:
        for variant in picture.variants():
            target = site_dir / variant.url
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached_file(variant, cache_dir), target)
            written += 1
    return written
