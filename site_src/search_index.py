"""The site's search index in chunks (Pagefind), so a first query loads a few small files.

Material's search downloads one index of the whole site before the first query (5.2 MB at
1,000 articles). Pagefind splits it by word; the search dialog stays Material's and asks
Pagefind through `assets/sk/workers/search.js`. Only pages marked searchable here are indexed
(their article, not header, navigation or footer): drafts are never built, and a form's answer
page ("Vielen Dank ...") or a generated list is no search result.

`index_site` depends on the built HTML alone, so a build cache may keep its output.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from forms.definitions import DefinitionErrors, load_all

OUTPUT = "search/pagefind"
_ARTICLE = '<article class="md-content__inner md-typeset">'
# Pagefind writes each page's fragment gzipped, its JSON after this signature.
_FRAGMENT_SIGNATURE = b"pagefind_dcd"
_SEARCHABLE_ARTICLE = '<article class="md-content__inner md-typeset" data-pagefind-body>'


class SearchIndexFailed(RuntimeError):
    """Pagefind could not index the built site."""


def answer_urls(forms_dir: Path) -> frozenset[str]:
    """The site addresses forms send people to after sending, e.g. "kontakt/danke/"."""
    try:
        definitions = load_all(forms_dir)
    except DefinitionErrors:
        return frozenset()  # the build reports broken definitions itself (form_pages)
    return frozenset(form.success_url.strip("/") + "/" for form in definitions.values())


def is_searchable(url: str, meta: dict, answers: frozenset[str]) -> bool:
    """Whether a page belongs in the results: not excluded, not a form's answer page."""
    excluded = (meta.get("search") or {}).get("exclude", False)
    return not excluded and url not in answers


def mark_searchable(html: str) -> str:
    """Mark the page's article as the part Pagefind indexes (its first h1 is the title)."""
    return html.replace(_ARTICLE, _SEARCHABLE_ARTICLE, 1)


def index_site(site_dir: Path) -> None:
    """Write Pagefind's index of the built pages under search/pagefind/."""
    with indexing(site_dir):
        pass


@contextlib.contextmanager
def indexing(site_dir: Path) -> Iterator[None]:
    """Index the built pages in Pagefind's own process while the body goes on.

    Pagefind reads only HTML, so a build can write its pictures meanwhile (Pagefind uses about
    one and a half cores, the picture encoding one). Leaving the block waits for the index.
    """
    site_dir = Path(site_dir)
    # Pagefind names its files by content and never removes old ones: start empty.
    shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)
    # Its report goes to a file: a pipe nobody reads during the block could fill and stall it.
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as report:
        process = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT],
            stdout=report,
            stderr=subprocess.STDOUT,
        )
        try:
            yield
        except BaseException:
            process.kill()
            process.wait()
            raise
        if process.wait() != 0:
            report.seek(0)
            raise SearchIndexFailed(
                f"{site_dir}: Suchindex (Pagefind) fehlgeschlagen:\n{report.read()}"
            )


def indexed_pages(site_dir: Path) -> list[dict]:
    """The pages Pagefind's index holds (url, content, meta, anchors), for checks and tests."""
    pages = []
    for fragment in sorted((Path(site_dir) / OUTPUT / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(_FRAGMENT_SIGNATURE)
        pages.append(json.loads(data))
    return pages
