"""The fast preview must show exactly what a full build would publish, after every kind of edit."""

from __future__ import annotations

import json
import re
import shutil
import socket
import threading
import urllib.request
from pathlib import Path

import pytest

from bench.articles import generate, write
from site_src import pipeline, preview_server
from site_src.errors import ContentErrors
from site_src.mkdocs_preview import PreviewSite
from site_src.search_index import indexed_pages
from site_src.settings import SiteSettings

REPO = Path(__file__).resolve().parents[2]
CONFIG = str(REPO / "mkdocs.yml")
POSTS = Path("aktuelles/posts")
# Written by build.py for nginx, not part of what a preview shows.
BUILD_ONLY = {"security-headers.conf", "admin-security-headers.conf"}


@pytest.fixture
def preview(tmp_path: Path) -> PreviewSite:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    write(generate(12, seed=3, categories=list(SiteSettings().categories)), content / POSTS)
    site = PreviewSite(CONFIG, tmp_path / "preview", docs_dir=str(content))
    site.build()
    return site


def full_build(site: PreviewSite, tmp_path: Path) -> Path:
    site.wait_for_search()
    target = tmp_path / "full"
    pipeline.build(CONFIG, target, str(site.content_root))
    return target


# Pagefind numbers pages in the order it gets them: a build hands them over as they render,
# the preview's index reads them from disk. These files differ in bytes, not in what they find.
PAGE_ORDER = re.compile(
    r"^search/pagefind/(index/|filter/|pagefind\.[^/]+\.pf_meta$|pagefind-entry\.json$)"
)


def tree(root: Path) -> dict[str, bytes]:
    files = (path for path in root.rglob("*") if path.is_file())
    found = {path.relative_to(root).as_posix(): path.read_bytes() for path in files}
    found = {name: data for name, data in found.items() if not PAGE_ORDER.match(name)}
    pages = sorted(indexed_pages(root), key=lambda page: page["url"])
    return found | {"search: the pages Pagefind finds": json.dumps(pages).encode()}


def newest_post(site: PreviewSite) -> Path:
    return site.content_root / site.plugin.content.posts[0].src


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def set_date(path: Path, day: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^date: .*$", f"date: {day}", text, count=1, flags=re.M), "utf-8")


def src_of(site: PreviewSite, path: Path) -> str:
    return path.relative_to(site.content_root).as_posix()


def test_edited_title_and_teaser_show_on_article_and_index_as_a_full_build_has_them(
    preview, tmp_path
):
    post = newest_post(preview)
    url = preview.plugin.content.posts[0].url
    edit(post, 'description: "', 'description: "Neu im Teaser: ')
    edit(post, "\n# ", "\n# Geänderter Titel: ")

    update = preview.update({src_of(preview, post)})

    article = (preview.site_dir / url / "index.html").read_text(encoding="utf-8")
    index = (preview.site_dir / "aktuelles/index.html").read_text(encoding="utf-8")
    assert "Geänderter Titel:" in article
    assert "Geänderter Titel:" in index and "Neu im Teaser:" in index
    assert not update.full and update.rendered < 20
    built = tree(full_build(preview, tmp_path))
    shown = tree(preview.site_dir)
    assert set(built) - BUILD_ONLY == set(shown)
    assert [name for name in shown if shown[name] != built[name]] == []


def test_moved_added_and_removed_articles_match_a_full_build(preview, tmp_path):
    posts = sorted((preview.content_root / POSTS).glob("*meldung*"))
    texts = "".join(path.read_text(encoding="utf-8") for path in posts)
    unlinked = [path for path in posts if f"({path.name})" not in texts]
    removed = unlinked[0]
    moved = next(path for path in posts if path != removed)
    old_url = preview.plugin.content.posts_by_src[src_of(preview, moved)].url
    set_date(moved, "2026-11-27")
    removed.unlink()
    extra = generate(1, seed=99, categories=["Beteiligung"])[0]
    added = preview.content_root / POSTS / f"neu-{extra.filename}"
    added.write_text(extra.text.replace(extra.slug, "ganz-neue-meldung"), encoding="utf-8")

    preview.update({src_of(preview, path) for path in (moved, removed, added)})

    assert not (preview.site_dir / old_url / "index.html").exists()
    assert (preview.site_dir / "aktuelles/2026/11/27").is_dir()
    built = tree(full_build(preview, tmp_path))
    shown = tree(preview.site_dir)
    assert set(built) - BUILD_ONLY == set(shown)
    assert [name for name in shown if shown[name] != built[name]] == []


def test_bad_edit_reports_file_line_and_field_and_keeps_the_last_good_page(preview):
    post = newest_post(preview)
    url = preview.plugin.content.posts[0].url
    before = (preview.site_dir / url / "index.html").read_bytes()
    set_date(post, "2021-13-01")

    with pytest.raises(ContentErrors) as caught:
        preview.update({src_of(preview, post)})

    assert re.search(rf"{re.escape(src_of(preview, post))}:2: date: ", str(caught.value))
    assert (preview.site_dir / url / "index.html").read_bytes() == before


def test_server_shows_a_saved_edit_and_announces_it_for_reload(preview, tmp_path):
    port = _free_port()
    stop = threading.Event()
    preview.build = lambda: None  # already built by the fixture
    thread = threading.Thread(target=preview_server.serve, args=(preview, "127.0.0.1", port, stop))
    thread.start()
    try:
        base = f"http://127.0.0.1:{port}"
        post, url = newest_post(preview), preview.plugin.content.posts[0].url
        page = _wait_for(f"{base}/{url}", "</body>")
        assert preview_server.STATUS_PATH in page
        edit(post, "\n# ", "\n# Live bearbeitet: ")
        assert "Live bearbeitet:" in _wait_for(f"{base}/{url}", "Live bearbeitet:")
        assert _wait_for(f"{base}{preview_server.VERSION_PATH}", "1") == "1"
    finally:
        stop.set()
        thread.join()


def _wait_for(url: str, text: str, attempts: int = 600) -> str:
    """Poll until the answer contains `text` (a generous bound, not a timing assertion)."""
    for _ in range(attempts):
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                body = answer.read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        threading.Event().wait(0.1)
    raise AssertionError(f"{url} never contained {text!r}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
