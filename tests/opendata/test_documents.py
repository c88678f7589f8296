"""Open data: every document matches its published JSON Schema and lists every published page."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

BASE = "https://smart.kassel.de/"
NAMES = ["aktuelles", "termine", "videos"]


def _validator(site, name: str) -> jsonschema.Draft202012Validator:
    schema = site.json(f"/api/v1/schema/{name}.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def _pages_under(root: Path, folder: str, depth: int) -> set[str]:
    """Site URLs of the pages exactly `depth` folders below `folder`."""
    pattern = "/".join(["*"] * depth) + "/index.html"
    return {
        BASE + page.parent.relative_to(root).as_posix() + "/"
        for page in (root / folder).glob(pattern)
    }


@pytest.mark.parametrize("name", NAMES)
def test_each_document_matches_its_published_schema(site, name):
    document = site.json(f"/api/v1/{name}.json")
    errors = [error.message for error in _validator(site, name).iter_errors(document)]
    assert errors == []
    assert document["$schema"] == f"{BASE}api/v1/schema/{name}.json"
    assert site.json(f"/api/v1/schema/{name}.json")["$id"] == document["$schema"]


@pytest.mark.parametrize("name", NAMES)
def test_each_document_names_version_licence_and_source(site, name):
    document = site.json(f"/api/v1/{name}.json")
    assert document["version"].startswith("1.")
    assert document["license"]["url"].startswith("https://")
    assert document["license"]["name"]
    assert document["source"] == BASE


@pytest.mark.parametrize("name", NAMES)
def test_a_broken_document_fails_its_schema(site, name):
    """The schemas are strict enough to catch a missing field or a relative URL."""
    document = site.json(f"/api/v1/{name}.json")
    item = document["items"][0]
    broken = dict(item, url=item["url"].removeprefix(BASE))
    assert list(_validator(site, name).iter_errors(dict(document, items=[broken])))
    del broken["title" if "title" in broken else "event"]
    assert list(_validator(site, name).iter_errors(dict(document, items=[broken])))


def test_every_article_is_in_the_news_document_and_the_json_feed(site):
    pages = {
        BASE + page.parent.relative_to(site.root).as_posix() + "/"
        for page in (site.root / "aktuelles").glob("[0-9]*/*/*/*/index.html")
    }
    assert pages
    assert {item["url"] for item in site.json("/api/v1/aktuelles.json")["items"]} == pages
    assert {item["url"] for item in site.json("/aktuelles/feed.json")["items"]} == pages


def test_every_date_page_is_in_the_dates_document(site):
    pages = _pages_under(site.root, "termine", 1)
    lists = {BASE + f"termine/{name}/" for name in ("archiv", "stadtteil", "thema")}
    items = site.json("/api/v1/termine.json")["items"]
    assert {item["url"] for item in items} == pages - lists
    for item in items:
        ics = site.root / item["ics_url"].removeprefix(BASE)
        assert ics.read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_dates_carry_their_times_with_offset_and_their_place(site):
    items = {item["id"]: item for item in site.json("/api/v1/termine.json")["items"]}
    night = items["herbstnacht@smart.kassel.de"]
    assert (night["start"], night["end"]) == (
        "2021-10-31T01:30:00+02:00",
        "2021-10-31T04:00:00+01:00",
    )
    assert night["place"]["stadtteil"] == "Mitte"
    workshop = items["werkstatt-wesertor@smart.kassel.de"]
    assert workshop["registration"] == {"capacity": 20, "deadline": "2021-06-30T12:00:00+02:00"}
    assert items["chat-montags@smart.kassel.de"]["recurrence"] == {
        "frequency": "weekly",
        "until": None,
    }
    assert "werkstatt-nachbarschafts-app@smart.kassel.de" not in items  # a draft


def test_every_video_page_is_in_the_videos_document(site):
    evenings = _pages_under(site.root, "videos", 1)
    recordings = _pages_under(site.root, "videos", 2)
    items = site.json("/api/v1/videos.json")["items"]
    assert {item["url"] for item in items} == evenings
    assert {r["url"] for item in items for r in item["recordings"]} == recordings


def test_json_feed_follows_version_1_1(site):
    feed = site.json("/aktuelles/feed.json")
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == BASE + "aktuelles/feed.json"
    assert feed["home_page_url"] == BASE + "aktuelles/"
    assert feed["language"] == "de"
    for item in feed["items"]:
        assert item["id"] and item["url"].startswith(BASE)
        assert item.get("content_text") or item.get("content_html")
        assert item["date_published"].endswith("+00:00")
    dates = [item["date_published"] for item in feed["items"]]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("url", ["/", "/aktuelles/", "/termine/"])
def test_pages_link_the_json_feed_as_a_feed_not_as_a_language(site, url):
    links = site.page(url).css("head link[rel~='alternate']")
    feeds = [
        link.attributes for link in links if link.attributes.get("type") == "application/feed+json"
    ]
    assert len(feeds) == 1
    assert "hreflang" not in feeds[0]
    target = site.root / url.lstrip("/") / feeds[0]["href"]
    assert json.loads(target.resolve().read_text(encoding="utf-8"))["version"].startswith(
        "https://jsonfeed"
    )


@pytest.mark.parametrize("licence", [("Nur ein Name",), ("Datenlizenz", "http://example.org/"), ()])
def test_a_licence_setting_without_name_and_https_address_is_refused(licence):
    from site_src.content import Content
    from site_src.opendata.documents import register_paths
    from site_src.settings import SiteSettings

    errors = register_paths(Content(root=Path(".")), SiteSettings(license=licence))
    assert [error.field for error in errors] == ["smart-kassel: open_data_license"]
