"""The built pages show editors' pictures as responsive <picture>s that never shift the layout."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest
from PIL import Image

from site_src.quality.samples import publish_samples

from .conftest import BuiltSite

ARTICLE = "/aktuelles/2021/06/24/zukunftsbilder-aus-den-workshops/"
STRATEGY = [
    "/strategie/mobilitaet/",
    "/strategie/leben-wohnen/",
    "/strategie/energie-umwelt/",
]
EVENING = "/videos/smart-kassel-night-2021/"


def _target(site, page_url: str, src: str):
    return site.root / urljoin(page_url, src).lstrip("/")


def _srcset_files(site, page_url: str, srcset: str) -> list[tuple[str, int]]:
    entries = []
    for item in srcset.split(","):
        src, width = item.split()
        entries.append((src, int(width.removesuffix("w"))))
        assert _target(site, page_url, src).is_file(), f"{src} missing in the build"
    return entries


def _check_picture(site, page_url: str, picture) -> None:
    source, img = picture.css_first("source"), picture.css_first("img")
    assert source.attributes["type"] == "image/webp"
    webp = _srcset_files(site, page_url, source.attributes["srcset"])
    jpeg = _srcset_files(site, page_url, img.attributes["srcset"])
    assert [w for _s, w in webp] == [w for _s, w in jpeg]
    for src, width in webp + jpeg:
        with Image.open(_target(site, page_url, src)) as made:
            assert made.width == width
    assert source.attributes["sizes"] and img.attributes["sizes"]
    width, height = int(img.attributes["width"]), int(img.attributes["height"])
    with Image.open(_target(site, page_url, jpeg[-1][0])) as largest:
        assert abs(width / height - largest.width / largest.height) < 0.01
    assert _target(site, page_url, img.attributes["src"]).is_file()


@pytest.mark.parametrize("url", [ARTICLE, *STRATEGY])
def test_the_main_picture_loads_first_with_alt_text(site, url) -> None:
    hero = site.page(url).css_first(".sk-hero-image picture")
    assert hero is not None, f"{url} shows no teaser picture"
    _check_picture(site, url, hero)
    img = hero.css_first("img")
    assert img.attributes["alt"].startswith("Gezeichnete Illustration")
    assert img.attributes.get("fetchpriority") == "high"
    assert "loading" not in img.attributes


def test_news_teasers_show_lazy_thumbnails(site) -> None:
    pictures = site.page("/aktuelles/").css(".sk-teaser picture")
    assert len(pictures) == 5
    for picture in pictures:
        _check_picture(site, "/aktuelles/", picture)
        img = picture.css_first("img")
        assert img.attributes["loading"] == "lazy"
        assert img.attributes["decoding"] == "async"
        assert img.attributes["alt"] == ""


def test_video_posters_come_from_the_pipeline(site) -> None:
    page = site.page(EVENING)
    video = page.css_first("video")
    poster = video.attributes["poster"]
    assert "/assets/pictures/" in urljoin(EVENING, poster) and poster.endswith(".webp")
    assert _target(site, EVENING, poster).is_file()
    for picture in site.page("/videos/").css(".sk-evening-card picture"):
        _check_picture(site, "/videos/", picture)


def test_youtube_placeholders_show_lazy_responsive_posters(run_build, content_copy) -> None:
    """The sample YouTube recordings are drafts; published, their posters use the pipeline."""
    publish_samples(content_copy)
    result = run_build()
    assert result.code == 0, result.stderr
    built = BuiltSite(result.site, None)
    youtube = built.page(EVENING).css(".sk-player--youtube picture")
    assert youtube, "the YouTube placeholders show no responsive poster"
    for picture in youtube:
        _check_picture(built, EVENING, picture)
        assert picture.css_first("img").attributes["loading"] == "lazy"


def test_no_page_links_a_picture_that_was_not_built(site) -> None:
    for path in site.html_files():
        page_url = "/" + path.parent.relative_to(site.root).as_posix() + "/"
        for node in site.page(page_url.replace("//", "/")).css("picture source, picture img"):
            for src, _w in (
                (item.split()[0], 0)
                for item in node.attributes.get("srcset", "").split(",")
                if item
            ):
                assert _target(site, page_url, src).is_file(), f"{page_url}: {src}"
