"""Put every planned variant into the built site, encoding only what the cache lacks."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

from site_src.images.variants import ResponsiveImage, cached_file


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
