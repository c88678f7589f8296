"""Find Markdown links in a page body and report the ones that lead nowhere, with their line."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from urllib.parse import unquote

from site_src.errors import ContentError
from site_src.frontmatter import FrontMatter

_INLINE = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"`+[^`]*`+")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# Addresses the build or the form service provide although no content file stands behind them.
SERVED_PREFIXES = ("api/", "search/", "assets/", "sitemap.xml")


def links_in(fm: FrontMatter) -> Iterator[tuple[int, str]]:
    """Yield (line, target) for every Markdown link and image outside code."""
    in_fence = False
    for offset, line in enumerate(fm.body.splitlines()):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        line = _CODE_SPAN.sub("", line)
        number = fm.body_line + offset
        for match in _INLINE.finditer(line):
            yield number, match.group(1)
        reference = _REFERENCE.match(line)
        if reference:
            yield number, reference.group(1)


def check_links(
    fm: FrontMatter,
    src: str,
    page_url: str,
    pages: set[str],
    urls: set[str],
    held: Mapping[str, str] | None = None,
) -> list[ContentError]:
    """Report links from `src` to content files or site addresses that do not exist.

    `held` says, by source path, why a page that exists is not published (yet).
    """
    errors = []
    for line, target in links_in(fm):
        if _SCHEME.match(target) or target.startswith(("#", "//")):
            continue
        path = unquote(re.split(r"[#?]", target, maxsplit=1)[0])
        if path and not _exists(path, src, page_url, pages, urls):
            linked = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
            reason = (held or {}).get(linked)
            message = _explain_held(target, reason) if reason else _explain(target, path)
            errors.append(ContentError(fm.path, line, "link", message))
    return errors


def _exists(path: str, src: str, page_url: str, pages: set[str], urls: set[str]) -> bool:
    if path.startswith("/"):
        return _known_url(path.lstrip("/"), urls)
    from_file = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
    if path.endswith(".md"):
        return from_file in pages
    if from_file in pages or from_file in urls:
        return True
    return _known_url(posixpath.normpath(posixpath.join("/" + page_url, path)).lstrip("/"), urls)


def _known_url(url: str, urls: set[str]) -> bool:
    url = url.removesuffix("index.html")
    return url in urls or f"{url}/" in urls or url.startswith(SERVED_PREFIXES)


def _explain_held(target: str, reason: str) -> str:
    return f"'{target}' verweist auf eine Meldung, die {reason}; setzen Sie den Link erst dann"


def _explain(target: str, path: str) -> str:
    if path.endswith(".md"):
        return f"'{target}' verweist auf eine Seite, die es nicht gibt; Dateiname und Ordner prüfen"
    return f"'{target}' führt zu keiner Seite und keiner Datei dieser Website; Adresse prüfen"
