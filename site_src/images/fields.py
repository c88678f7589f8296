"""The `image` + `image_alt` front-matter pair, checked and planned the same way for every type.

News, strategy pages and dates (any content type with a teaser picture) call `picture_for`; the
schema already made sure `image` is a relative path with a known suffix and `image_alt` is set.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from site_src.errors import ContentError
from site_src.frontmatter import FrontMatter
from site_src.images.source import image_problem
from site_src.images.variants import ResponsiveImage, plan


def image_src(page_src: str, image: str) -> str:
    """The picture's path relative to content/, from a path relative to the page's file."""
    parts: list[str] = []
    for part in (PurePosixPath(page_src).parent / image).parts:
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def picture_for(
    root: Path, page_src: str, fm: FrontMatter, key: str = "image"
) -> tuple[str | None, ResponsiveImage | None, list[ContentError]]:
    """Check the page's picture and plan its variants; return (its src, its plan, the errors)."""
    value = fm.meta.get(key)
    if not isinstance(value, str):
        return None, None, []
    src = image_src(page_src, value)
    problem = picture_problem(root, src)
    if problem:
        return src, None, [ContentError(fm.path, fm.line_of(key), key, problem)]
    return src, plan(root / src), []


def picture_problem(root: Path, src: str) -> str | None:
    """Say why content/`src` cannot be shown as a picture (missing, unreadable, too small)."""
    path = root / src
    if src.startswith("../") or not path.resolve().is_relative_to(root.resolve()):
        return "muss im Ordner content/ liegen; Bild dorthin kopieren und Pfad anpassen"
    if not path.is_file():
        return f"Datei content/{src} nicht gefunden; Namen prüfen oder Bild dort ablegen"
    problem = image_problem(path)
    return f"content/{src} {problem}" if problem else None
