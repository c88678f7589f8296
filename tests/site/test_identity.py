"""Identity files: logo, favicons, web manifest, and a share image with Open Graph tags per page."""

from __future__ import annotations

import json
from urllib.parse import urljoin, urlsplit

from PIL import Image

from site_src.brand.share import plain_text, share_image

SITE_URL = "https://smart.kassel.de/"


def _pages(site):
    for path in site.html_files():
        relative = path.relative_to(site.root).as_posix()
        if relative == "404.html" or relative.startswith(("admin/", "search/")):
            continue
        yield "/" + relative.removesuffix("index.html"), path


def test_every_page_links_favicons_manifest_and_theme_colour(site) -> None:
    for url, _path in _pages(site):
        page = site.page(url)
        icons = {
            node.attributes.get("type"): node.attributes["href"]
            for node in page.css("link[rel='icon']")
        }
        assert "image/png" in icons and "image/svg+xml" in icons, url
        for href in [
            *icons.values(),
            page.css_first("link[rel='apple-touch-icon']").attributes["href"],
            page.css_first("link[rel='manifest']").attributes["href"],
        ]:
            assert (site.root / urljoin(url, href).lstrip("/")).is_file(), f"{url}: {href}"
        assert page.css_first("meta[name='theme-color']").attributes["content"] == "#004f6e"


def test_favicon_pngs_have_their_sizes(site) -> None:
    for name, size in (("favicon-32.png", 32), ("apple-touch-icon.png", 180)):
        with Image.open(site.root / name) as icon:
            assert icon.format == "PNG" and icon.size == (size, size)
    svg = (site.root / "favicon.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "#004f6e" in svg


def test_manifest_is_german_json_with_icons_that_exist(site) -> None:
    manifest = json.loads((site.root / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["lang"] == "de"
    assert manifest["short_name"] == "Smart Kassel"
    assert manifest["theme_color"] == "#004f6e"
    assert manifest["start_url"] == "./"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    for icon in manifest["icons"]:
        path = site.root / icon["src"]
        assert path.is_file(), icon
        if icon["type"] == "image/png":
            with Image.open(path) as image:
                assert f"{image.width}x{image.height}" == icon["sizes"]


def test_the_header_logo_is_the_wordmark_not_materials_book(site) -> None:
    page = site.page("/")
    logo = page.css_first(".md-header .md-logo img")
    assert logo is not None, "the header shows no image logo"
    assert logo.attributes["src"].endswith("assets/sk/brand/wordmark.svg")
    assert logo.attributes["alt"] == ""
    assert page.css_first(".md-header .md-logo").attributes["aria-label"] == "Smart Kassel"
    wordmark = (site.root / "assets/sk/brand/wordmark.svg").read_text(encoding="utf-8")
    assert ">Smart Kassel</text>" in wordmark


def test_every_page_has_its_own_share_image_and_card_tags(site) -> None:
    images = {}
    for url, _path in _pages(site):
        page = site.page(url)

        def meta(selector: str, url=url, page=page) -> str:
            node = page.css_first(selector)
            assert node is not None, f"{url}: {selector} missing"
            return node.attributes["content"]

        title = meta("meta[property='og:title']")
        assert meta("meta[property='og:url']") == SITE_URL + url.lstrip("/")
        assert meta("meta[name='twitter:card']") == "summary_large_image"
        image_url = meta("meta[property='og:image']")
        assert meta("meta[name='twitter:image']") == image_url
        assert image_url.startswith(SITE_URL)
        file = site.root / urlsplit(image_url).path.lstrip("/")
        with Image.open(file) as image:
            assert image.format == "PNG" and image.size == (1200, 630)
        images.setdefault(title, set()).add(image_url)
    assert len(images) > 20
    distinct = {next(iter(urls)) for urls in images.values()}
    assert len(distinct) == len(images), "two titles share one share image"


def test_share_image_writes_german_letters_the_built_in_font_lacks(tmp_path) -> None:
    assert plain_text("Öl für Größe – „Bürger“") == ('Ol fur Grosse - "Burger"', [0, 4, 9, 18])
    first = share_image("Mobilität", "Smart Kassel", "#004f6e", tmp_path)
    again = share_image("Mobilität", "Smart Kassel", "#004f6e", tmp_path)
    other = share_image("Mobilitat", "Smart Kassel", "#004f6e", tmp_path)
    assert first == again and first.url != other.url
    with Image.open(first.cached) as card:
        assert card.size == (1200, 630)
        # The dots of the ä make the card differ from one with a plain a.
        assert card.tobytes() != Image.open(other.cached).tobytes()
