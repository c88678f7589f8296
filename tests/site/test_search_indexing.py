"""Pagefind indexes the pages: from the built site, or handed over one by one as they render."""

from __future__ import annotations

import pytest

from site_src.search_index import SearchIndexFailed, index_site, indexed_pages, indexing
from site_src.search_stream import PagefindStream

PAGE = """<!doctype html><html lang="de"><head><title>{title}</title></head><body>
<article class="md-content__inner md-typeset" data-pagefind-body><h1>{title}</h1>
<p>{text}</p></article></body></html>"""


def test_pages_written_before_the_block_are_found_and_pictures_written_during_it_kept(tmp_path):
    (tmp_path / "radwege").mkdir()
    page = PAGE.format(title="Radwege", text="Neue Radwege in Wehlheiden.")
    (tmp_path / "radwege" / "index.html").write_text(page, encoding="utf-8")
    with indexing(tmp_path):
        (tmp_path / "bild.webp").write_bytes(b"RIFF0000WEBP")
    assert [p["url"] for p in indexed_pages(tmp_path)] == ["/radwege/"]
    assert (tmp_path / "bild.webp").read_bytes() == b"RIFF0000WEBP"


def test_a_failed_index_says_so_in_german_with_pagefinds_report(tmp_path):
    with pytest.raises(
        SearchIndexFailed, match="Suchindex \\(Pagefind\\) fehlgeschlagen"
    ) as failed:
        index_site(tmp_path / "nicht-gebaut")
    assert "Running Pagefind" in str(failed.value)


def test_an_error_while_indexing_stops_the_index_and_is_passed_on(tmp_path):
    (tmp_path / "index.html").write_text(PAGE.format(title="Start", text="Kassel"), "utf-8")
    with pytest.raises(OSError, match="Bilder"), indexing(tmp_path):
        raise OSError("Bilder konnten nicht geschrieben werden")


def _stream_pages(tmp_path, pages: dict[str, str]) -> PagefindStream:
    stream = PagefindStream(tmp_path)
    for url, (title, text) in pages.items():
        stream.add(url, PAGE.format(title=title, text=text))
    return stream


def test_pages_handed_over_while_rendering_are_indexed_like_written_ones(tmp_path):
    pages = {"radwege/": ("Radwege", "Neue Radwege in Wehlheiden."), "": ("Start", "Kassel")}
    streamed = tmp_path / "streamed"
    with _stream_pages(streamed, pages).writing():
        (streamed / "bild.webp").parent.mkdir(parents=True, exist_ok=True)
        (streamed / "bild.webp").write_bytes(b"RIFF0000WEBP")
    written = tmp_path / "written"
    for url, (title, text) in pages.items():
        (written / url).mkdir(parents=True, exist_ok=True)
        (written / url / "index.html").write_text(PAGE.format(title=title, text=text), "utf-8")
    index_site(written)
    found = sorted(indexed_pages(streamed), key=lambda page: page["url"])
    assert [page["url"] for page in found] == ["/", "/radwege/"]
    assert found == sorted(indexed_pages(written), key=lambda page: page["url"])
    assert (streamed / "bild.webp").read_bytes() == b"RIFF0000WEBP"


def test_pagefind_ending_early_fails_the_build_in_german(tmp_path):
    stream = _stream_pages(tmp_path, {"radwege/": ("Radwege", "Radwege")})
    stream._process.kill()
    failed = pytest.raises(SearchIndexFailed, match="Suchindex \\(Pagefind\\) fehlgeschlagen")
    with failed, stream.writing():
        pass
    assert not (tmp_path / "search").exists()


def test_an_error_while_writing_stops_pagefind_and_is_passed_on(tmp_path):
    stream = _stream_pages(tmp_path, {"": ("Start", "Kassel")})
    with pytest.raises(OSError, match="Bilder"), stream.writing():
        raise OSError("Bilder konnten nicht geschrieben werden")
    assert stream._process.poll() is not None, "Pagefind still runs after the failed build"


def test_a_failed_build_leaves_no_pagefind_running(tmp_path, monkeypatch):
    from site_src import mkdocs_adapter

    started: list[PagefindStream] = []
    real = mkdocs_adapter.PagefindStream

    def recording(site_dir):
        started.append(real(site_dir))
        return started[-1]

    def broken(*args, **kwargs):
        raise RuntimeError("Vorlage kaputt")

    monkeypatch.setattr(mkdocs_adapter, "PagefindStream", recording)
    monkeypatch.setattr(mkdocs_adapter.SmartKasselPlugin, "on_post_page", broken)
    with pytest.raises(RuntimeError, match="Vorlage kaputt"):
        mkdocs_adapter.build_site("mkdocs.yml", site_dir=str(tmp_path / "site"))
    assert started and all(stream._process.poll() is not None for stream in started)
