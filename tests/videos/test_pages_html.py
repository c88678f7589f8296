"""The built video pages: private by default, captioned, and described for search engines."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from site_src.search_index import indexed_pages

SITE_URL = "https://smart.kassel.de/"
OWN_HOST = "smart.kassel.de"
EVENING = "videos/smart-kassel-night-2021/"
CLIP = EVENING + "die-smart-kassel-night-in-20-sekunden/"
WORKSHOP = EVENING + "beispiel-workshop-zukunftsbilder-einer-smarten-stadt/"
RECORDINGS = [
    CLIP,
    EVENING + "beispiel-begruessung-und-einfuehrung/",
    WORKSHOP,
    EVENING + "beispiel-ideen-fuer-eine-nachbarschafts-app/",
]
# Every attribute that makes a browser fetch something by itself.
RESOURCE_ATTRIBUTES = {
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
}
CITY_VIDEOS = "https://www.kassel.de/smart"
WATCH_LINK = re.compile(r"^https://www\.youtube\.com/watch\?v=[A-Za-z0-9_-]{11}$")


def video_pages(site_dir: Path) -> list[Path]:
    return sorted((site_dir / "videos").rglob("*.html"))


def parse(site_dir: Path, url: str) -> HTMLParser:
    return HTMLParser((site_dir / url / "index.html").read_text(encoding="utf-8"))


def json_ld(tree: HTMLParser) -> dict:
    (script,) = tree.css('script[type="application/ld+json"]')
    return json.loads(script.text())


def test_every_recording_has_its_own_page(site_dir: Path) -> None:
    pages = {path.parent.relative_to(site_dir).as_posix() + "/" for path in video_pages(site_dir)}
    assert pages == {"videos/", EVENING, *RECORDINGS}


def test_no_video_page_loads_anything_from_another_host(site_dir: Path) -> None:
    for path in video_pages(site_dir):
        tree = HTMLParser(path.read_text(encoding="utf-8"))
        assert tree.css("iframe") == [], path
        for tag, attributes in RESOURCE_ATTRIBUTES.items():
            for node in tree.css(tag):
                for attribute in attributes:
                    value = node.attributes.get(attribute) or ""
                    for url in (part.split()[0] for part in value.split(",") if part.strip()):
                        host = urlsplit(url).netloc
                        assert host in ("", OWN_HOST), f"{path}: <{tag} {attribute}={url}>"


def test_the_only_links_to_another_host_are_plain_youtube_watch_links(site_dir: Path) -> None:
    for path in video_pages(site_dir):
        tree = HTMLParser(path.read_text(encoding="utf-8"))
        for link in tree.css("a[href]"):
            href = link.attributes["href"]
            if href == CITY_VIDEOS:  # the editors' pointer to the city's own recordings
                continue
            if urlsplit(href).netloc not in ("", OWN_HOST):
                assert WATCH_LINK.match(href), f"{path}: {href}"
                assert "data-sk-fallback" in link.parent.attributes


def test_youtube_player_explains_what_loads_from_where_and_links_the_privacy_page(
    site_dir: Path,
) -> None:
    page = EVENING + "beispiel-begruessung-und-einfuehrung/"
    tree = parse(site_dir, page)
    (figure,) = tree.css("figure[data-sk-player=youtube]")
    button = figure.css_first("button[data-sk-consent-button]")
    text = figure.css_first(".sk-consent__text")

    assert figure.attributes["data-youtube-id"] == "Beispiel-01"
    assert "YouTube" in button.text() and "youtube-nocookie.com" in button.text()
    assert button.attributes["aria-describedby"] == text.attributes["id"]
    assert "youtube-nocookie.com" in text.text() and "Google" in text.text()
    privacy = text.css_first("a").attributes["href"]
    assert urljoin(f"/{page}", privacy) == "/datenschutz/#videos-von-youtube"
    assert parse(site_dir, "datenschutz/").css_first("h2#videos-von-youtube") is not None
    poster = figure.css_first("img.sk-player__poster").attributes["src"]
    assert (site_dir / page / poster).resolve().is_file()


def test_self_hosted_clip_has_german_default_captions(site_dir: Path) -> None:
    tree = parse(site_dir, CLIP)
    video = tree.css_first("video")
    track = video.css_first("track")

    assert "controls" in video.attributes
    assert video.attributes["preload"] == "none"
    assert (site_dir / CLIP / video.attributes["poster"]).resolve().is_file()
    assert track.attributes["kind"] == "captions"
    assert track.attributes["srclang"] == "de"
    assert "default" in track.attributes
    captions = (site_dir / CLIP / track.attributes["src"]).resolve()
    assert captions.read_text(encoding="utf-8").startswith("WEBVTT")
    source = (site_dir / CLIP / video.css_first("source").attributes["src"]).resolve()
    assert source.stat().st_size < 500_000


def test_recording_page_shows_chapters_as_links_to_the_player(site_dir: Path) -> None:
    tree = parse(site_dir, CLIP)
    links = tree.css(".sk-chapters a[data-sk-seek]")

    assert [link.attributes["data-sk-seek"] for link in links] == ["0", "3", "11", "17"]
    assert links[0].text(separator=" ", strip=True) == "0:00 Begrüßung"
    assert links[2].attributes["href"] == "?t=11#player-die-smart-kassel-night-in-20-sekunden"
    assert tree.css_first("#player-die-smart-kassel-night-in-20-sekunden video") is not None


def test_transcript_is_html_below_its_heading(site_dir: Path) -> None:
    tree = parse(site_dir, WORKSHOP)
    transcript = tree.css_first(".sk-transcript")

    assert tree.css_first("h2#transkript") is not None
    assert [h.text() for h in transcript.css("h3")][:2] == ["Einstieg", "Mobilität"]
    assert "Straßenbahn" in transcript.text()


@pytest.mark.parametrize("page", RECORDINGS)
def test_recording_page_describes_its_video_for_search_engines(site_dir: Path, page: str) -> None:
    data = json_ld(parse(site_dir, page))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "VideoObject"
    assert data["name"] and data["description"]
    assert data["uploadDate"] == "2021-06-18"
    assert re.fullmatch(r"PT(\d+H)?(\d+M)?(\d+S)?", data["duration"])
    assert data["url"] == SITE_URL + page
    for thumbnail in data["thumbnailUrl"]:
        assert thumbnail.startswith(SITE_URL + "videos/media/")
        assert (Path(str(site_dir)) / thumbnail.removeprefix(SITE_URL)).is_file()
    assert ("embedUrl" in data) != ("contentUrl" in data)


def test_self_hosted_clip_json_ld_has_its_file_captions_and_chapters(site_dir: Path) -> None:
    data = json_ld(parse(site_dir, CLIP))

    assert data["duration"] == "PT19S"
    assert data["contentUrl"] == SITE_URL + "videos/media/smart-kassel-night-2021-in-kuerze.mp4"
    assert data["caption"]["encodingFormat"] == "text/vtt"
    clips = [(c["name"], c["startOffset"], c["endOffset"], c["url"]) for c in data["hasPart"]]
    assert clips == [
        ("Begrüßung", 0, 3, f"{SITE_URL}{CLIP}?t=0"),
        ("Der Auftakt am Digitaltag", 3, 11, f"{SITE_URL}{CLIP}?t=3"),
        ("Die drei Handlungsfelder", 11, 17, f"{SITE_URL}{CLIP}?t=11"),
        ("Machen Sie mit!", 17, 19, f"{SITE_URL}{CLIP}?t=17"),
    ]


def test_youtube_recording_json_ld_points_at_the_privacy_friendly_embed(site_dir: Path) -> None:
    data = json_ld(parse(site_dir, WORKSHOP))

    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/Beispiel-02"
    assert data["duration"] == "PT1H5M"
    assert [clip["endOffset"] for clip in data["hasPart"]] == [860, 1865, 2910, 3900]


def test_evening_page_shows_intro_and_every_recording(site_dir: Path) -> None:
    tree = parse(site_dir, EVENING)
    headings = [h.text() for h in tree.css("article h2")]

    assert tree.css_first("h1").text() == "1. Smart Kassel Night"
    assert "Digitaltag" in tree.css_first("article").text()
    assert headings[:4] == [
        "Kurzüberblick: der Auftakt am Digitaltag (19 Sekunden)",
        "Beispiel: Begrüßung und Einführung",
        "Beispiel: Workshop „Zukunftsbilder einer smarten Stadt“",
        "Beispiel: Ideen für eine Nachbarschafts-App",
    ]
    assert len(tree.css("figure[data-sk-player]")) == 4
    more = [a.attributes["href"] for a in tree.css(".sk-recording__more a")]
    assert [urljoin(f"/{EVENING}", href) for href in more] == [f"/{page}" for page in RECORDINGS]


def test_videos_index_lists_the_evening_with_poster_date_and_count(site_dir: Path) -> None:
    tree = parse(site_dir, "videos/")
    (card,) = tree.css(".sk-evening-card")

    assert card.css_first("h2 a").attributes["href"] == "smart-kassel-night-2021/"
    assert card.css_first("time").attributes["datetime"] == "2021-06-18"
    assert "18. Juni 2021" in card.text() and "4 Aufzeichnungen" in card.text()
    poster = card.css_first("img").attributes["src"]
    assert (site_dir / "videos" / poster).is_file()


def test_recordings_are_in_the_search_index_and_the_sitemap(site_dir: Path) -> None:
    pages = {page["url"].lstrip("/"): page for page in indexed_pages(site_dir)}
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")

    for page in ["videos/", EVENING, *RECORDINGS]:
        assert page in pages
        assert f"<loc>{SITE_URL}{page}</loc>" in sitemap
    workshop = pages[WORKSHOP]
    assert "transkript" in {anchor["id"] for anchor in workshop["anchors"]}
    assert "Straßenbahn" in workshop["content"]


def test_transcript_sources_are_not_published_as_pages(site_dir: Path) -> None:
    assert not list((site_dir / "videos" / "media").rglob("*.html"))
    assert not list((site_dir / "videos" / "media").rglob("*.md"))
