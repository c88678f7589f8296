"""Pagefind indexes the built pages in its own process while the build writes its pictures."""

from __future__ import annotations

import pytest

from site_src.search_index import SearchIndexFailed, index_site, indexed_pages, indexing

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
