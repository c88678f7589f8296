"""The live preview in a real browser: it follows moved pages, answers unknown addresses in
German and keeps reloading, and shows content errors in the page (issue 14, item 7)."""

from __future__ import annotations

import shutil
import socket
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from site_src import preview_server
from site_src.mkdocs_preview import PreviewSite

REPO = Path(__file__).resolve().parents[2]
POST = "aktuelles/posts/2021-07-01-testmeldung.md"
ARTICLE = """---
date: {date}
title: {title}
description: Ein Satz über die Meldung.
categories:
  - Mobilität
---

Ein Absatz.
"""
WAIT_MS = 60_000  # a generous bound for a shared machine, not a timing assertion


@dataclass
class Preview:
    base: str
    content: Path

    def write(self, src: str, text: str) -> None:
        (self.content / src).write_text(text, encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / POST).write_text(ARTICLE.format(date="2021-07-01", title="Testmeldung"), "utf-8")
    site = PreviewSite(str(REPO / "mkdocs.yml"), tmp_path / "preview", docs_dir=str(content))
    port, stop = _free_port(), threading.Event()
    thread = threading.Thread(target=preview_server.serve, args=(site, "127.0.0.1", port, stop))
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, thread)
        yield Preview(base, content)
    finally:
        stop.set()
        thread.join()


@pytest.fixture
def page(chromium) -> Iterator[Page]:
    context = chromium.new_context()
    yield context.new_page()
    context.close()


def test_an_open_tab_follows_an_article_whose_title_moves_its_address(preview, page):
    page.goto(f"{preview.base}/aktuelles/2021/07/01/testmeldung/")
    expect(page.locator("h1")).to_have_text("Testmeldung")

    preview.write(POST, ARTICLE.format(date="2021-07-01", title="Neuer Titel"))

    page.wait_for_url("**/aktuelles/2021/07/01/neuer-titel/", timeout=WAIT_MS)
    expect(page.locator("h1")).to_have_text("Neuer Titel")
    # An old link or bookmark leads to the new address too.
    answer = page.goto(f"{preview.base}/aktuelles/2021/07/01/testmeldung/")
    assert answer.url.endswith("/aktuelles/2021/07/01/neuer-titel/")


def test_a_content_error_shows_in_the_page_until_it_is_fixed(preview, page):
    page.goto(f"{preview.base}/aktuelles/2021/07/01/testmeldung/")
    broken = ARTICLE.format(date="2021-07-01", title='"Testmeldung')
    preview.write(POST, broken)

    overlay = page.locator("#sk-preview-errors")
    expect(overlay).to_be_visible(timeout=WAIT_MS)
    expect(overlay).to_have_attribute("role", "alert")
    expect(overlay).to_contain_text("Die Vorschau zeigt noch den letzten fehlerfreien Stand.")
    expect(overlay.locator("li")).to_have_text(
        f"content/{POST}:3: Kopfbereich: Anführungszeichen wird nicht geschlossen; "
        "setzen Sie es auch am Ende des Werts"
    )
    expect(page.locator("h1")).to_have_text("Testmeldung")  # the last good state

    preview.write(POST, ARTICLE.format(date="2021-07-01", title="Testmeldung, korrigiert"))
    page.wait_for_url("**/aktuelles/2021/07/01/testmeldung-korrigiert/", timeout=WAIT_MS)
    expect(page.locator("h1")).to_have_text("Testmeldung, korrigiert")
    expect(page.locator("#sk-preview-errors")).to_have_count(0)


def test_an_unknown_address_gets_a_german_page_that_keeps_reloading(preview, page):
    answer = page.goto(f"{preview.base}/aktuelles/2021/07/02/spaeter/")
    assert answer.status == 404
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.locator("h1")).to_have_text("Seite nicht gefunden")
    expect(page.locator("body")).not_to_contain_text("File not found")

    later = "aktuelles/posts/2021-07-02-spaeter.md"
    preview.write(later, ARTICLE.format(date="2021-07-02", title="Später"))

    expect(page.locator("h1")).to_have_text("Später", timeout=WAIT_MS)


def _wait_until_up(base: str, thread: threading.Thread) -> None:
    for _ in range(1200):
        assert thread.is_alive(), "the preview stopped while building"
        try:
            with urllib.request.urlopen(f"{base}{preview_server.VERSION_PATH}", timeout=5):
                return
        except OSError:
            threading.Event().wait(0.1)
    raise AssertionError("the preview did not start")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
