"""Open data: every document matches its published JSON Schema and lists every published page."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

BASE = "https://smart.kassel.de/"
NAMES = ["aktuelles", "termine", "videos"]


def _validator(site, name: str, strict: bool = True) -> jsonschema.Draft202012Validator:
    """The published schema; `strict` also refuses fields it does not describe (drift check).

    The published one lets unknown fields pass: within v1 fields may be added, and a program
    that validates with a schema it fetched once must still accept a later v1 document.
    """
    schema = site.json(f"/api/v1/schema/{name}.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        _closed(schema) if strict else schema,
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )


def _closed(schema):
    """A copy of `schema` in which every object with listed properties allows no others."""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: _closed(value) for key, value in schema.items()}
    if isinstance(schema.get("properties"), dict):
        closed.setdefault("additionalProperties", False)
    return closed


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
def test_a_later_v1_document_with_a_new_field_passes_the_published_schema(site, name):
    """The open-data page promises: within v1 only new fields come, programs skip unknown ones."""
    document = site.json(f"/api/v1/{name}.json")
    item = dict(document["items"][0], neues_feld="ab Version 1.1")
    later = dict(document, items=[item], weiteres_feld=True)
    assert list(_validator(site, name, strict=False).iter_errors(later)) == []
    assert list(_validator(site, name).iter_errors(later))  # our own documents stay described


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
        assert item["date_published"].endswith(("T00:00:00+02:00", "T00:00:00+01:00"))
    dates = [item["date_published"] for item in feed["items"]]
    assert dates == sorted(dates, reverse=True)
    assert feed["_license"]["name"] == site.json("/api/v1/aktuelles.json")["license"]["name"]


def test_feeds_date_articles_at_kassels_midnight_and_carry_the_licence(site):
    """An article of 24 June is out at 00:00 in Kassel, not at 02:00 (midnight UTC)."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    feed = site.json("/aktuelles/feed.json")
    atom = site.text("/aktuelles/feed.xml")
    for item in feed["items"]:
        published = datetime.fromisoformat(item["date_published"])
        midnight = datetime.combine(published.date(), time(0), ZoneInfo("Europe/Berlin"))
        assert published.utcoffset() == midnight.utcoffset() and published == midnight, item
        assert f"<published>{item['date_published']}</published>" in atom
    licence = site.json("/api/v1/aktuelles.json")["license"]
    assert f"<rights>{licence['name']} ({licence['url']})</rights>" in atom


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
