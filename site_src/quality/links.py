"""Find internal links and sources in a built site that lead nowhere, fragments included."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser as HTMLParser

# Attributes that make the browser follow or fetch a URL.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "track": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "form": ("action",),
}
# Fragments that every HTML page has without an element of that id (HTML spec: "top").
IMPLICIT_FRAGMENTS = {"", "top"}
PSEUDO_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:")


def check_links(
    site_dir: Path, site_url: str = "", skip_prefixes: tuple[str, ...] = ()
) -> list[str]:
    """Return one line per broken internal URL, so every dead link of a build shows at once."""
    site_dir = site_dir.resolve()
    own = urlsplit(site_url) if site_url else None
    problems = []
    ids: dict[Path, frozenset[str]] = {}
    for page in sorted(site_dir.rglob("*.html")):
        page_url = "/" + page.relative_to(site_dir).as_posix()
        tree = HTMLParser(page.read_text(encoding="utf-8"))
        for tag, attributes in URL_ATTRIBUTES.items():
            for node in tree.css(tag):
                for attribute in attributes:
                    value = node.attributes.get(attribute)
                    if not value:
                        continue
                    for url in _split_srcset(value) if attribute == "srcset" else [value]:
                        local = _local_path(url.strip(), page_url, own, skip_prefixes)
                        if local is None:
                            continue
                        reason = _resolve(site_dir, *local, ids)
                        if reason:
                            where = page.relative_to(site_dir).as_posix()
                            problems.append(f"{where}: <{tag} {attribute}={url!r}>: {reason}")
    return problems


def _split_srcset(value: str) -> list[str]:
    return [candidate.split()[0] for candidate in value.split(",") if candidate.strip()]


def _local_path(url: str, page_url: str, own, skip_prefixes) -> tuple[str, str | None] | None:
    """Map a URL to (site path, fragment), or None when it points to another host or scheme."""
    if not url or url.lower().startswith(PSEUDO_SCHEMES):
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if own is None or (parts.scheme, parts.netloc) != (own.scheme, own.netloc):
            return None
        absolute = parts.path or "/"
    else:
        absolute = urlsplit(urljoin(page_url, url)).path
    base = own.path.rstrip("/") if own else ""
    if own and parts.netloc and base and absolute.startswith(base):
        absolute = absolute[len(base) :] or "/"
    if any(absolute.startswith(prefix) for prefix in skip_prefixes):
        return None
    fragment = parts.fragment if "#" in url else None
    return unquote(absolute), (unquote(fragment) if fragment is not None else None)


def _resolve(
    site_dir: Path, path: str, fragment: str | None, ids: dict[Path, frozenset[str]]
) -> str | None:
    """Explain why path#fragment does not exist in the site, or return None when it does."""
    target = (site_dir / path.lstrip("/")).resolve()
    if not target.is_relative_to(site_dir):
        return "points outside the site"
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return f"no file {target.relative_to(site_dir).as_posix()} in the site"
    if fragment is None or fragment in IMPLICIT_FRAGMENTS or target.suffix != ".html":
        return None
    if target not in ids:
        ids[target] = _ids(target)
    if fragment not in ids[target]:
        return f"no element with id {fragment!r} in {target.relative_to(site_dir).as_posix()}"
    return None


def _ids(page: Path) -> frozenset[str]:
    tree = HTMLParser(page.read_text(encoding="utf-8"))
    ids = {node.attributes.get("id") for node in tree.css("[id]")}
    ids |= {node.attributes.get("name") for node in tree.css("a[name]")}
    return frozenset(value for value in ids if value)
